// server_harness.h: a real clearinghouse server on a free loopback port, for tests.
//
//   ServerHarness server(ServerHarness::Options{.corpus = test::LibraryPath()});
//   httplib::Client client = server.Client();
//   auto res = client.Get("/api/v1/search?q=nibin");
//
// It builds the corpus into a private temporary index (or serves Options::serve_db_dir), wires
// the server through the production composition root (server/app.h) with test-sized options,
// serves it in a background thread, waits until it answers, and stops everything in its
// destructor.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "indexer/index_writer.h"
#include "server/app.h"
#include "tests/support/test_util.h"

namespace ch::test {

class ServerHarness {
 public:
  struct Options {
    std::string corpus;   // built into the index before starting
    std::string web_dir;  // static files ("" for an empty temp folder)
    std::vector<std::string> cors_origins;
    int threads = 4;
    bool curator = false;      // open the curator API (takes the index's writer lock)
    int max_failed_auth = 10;  // failed curator authentications per address before 429
    // When set, search these remote shards (xapian-tcpsrv) instead of the private index.
    RemoteShardOptions remote{};
    // When set, serve this existing index folder (a replica, say) instead of building the corpus
    // into a private one.
    std::string serve_db_dir{};
    std::string writer_url{};   // told to curators by a node without the curator API
    bool adopt_corpus = false;  // AppOptions::adopt_corpus
    // Last changes to the HTTP options (limits, deadlines, trusted proxies, public URL).
    std::function<void(HttpServerOptions&)> tune_http{};
    // Last changes to the whole App's options (after tune_http), such as the catalog's page sizes.
    std::function<void(AppOptions&)> tune_app{};
    IndexOptions index{};  // how the private index is built
  };

  explicit ServerHarness(Options options);
  // The sample-corpus case: everything else default.
  explicit ServerHarness(const std::string& corpus) : ServerHarness(WithCorpus(corpus)) {}
  ~ServerHarness();

  httplib::Client Client() const;
  int port() const { return port_; }
  const std::string& db_dir() const { return db_dir_; }
  const std::string& corpus_dir() const { return options_.corpus; }
  IndexReader& reader() { return app_->reader(); }
  SearchService& search() { return app_->search(); }
  ApiKeyStore& keys() { return app_->keys(); }
  std::string data_dir() { return temp_ / "data"; }
  const Taxonomy& taxonomy() const { return app_->taxonomy(); }
  TempDir& temp() { return temp_; }

 private:
  static Options WithCorpus(const std::string& corpus) {
    Options o;
    o.corpus = corpus;
    return o;
  }

  Options options_;
  TempDir temp_;
  std::string db_dir_;
  std::unique_ptr<App> app_;
  std::thread thread_;
  int port_ = 0;
};

// The ids of a response's results, in order.
std::vector<std::string> ResultIds(const SearchResponse& response);

// The ids of the first page of `q` in `sort` order, without facets or autocorrection, from a
// SearchService with `options` over `server`'s index. A failed search throws std::runtime_error
// with its status, which fails the test that asked.
std::vector<std::string> SearchIds(ServerHarness& server, const std::string& q,
                                   SortOrder sort = SortOrder::kRelevance,
                                   const SearchServiceOptions& options = {});

}  // namespace ch::test
