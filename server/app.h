// app.h: the one composition root of clearinghouse-server. It builds the whole object graph
// (taxonomy, index reader, search and catalog services, keys, audit, throttling, the curator
// service and its start-up sync, the toolkit store, featured toolkits, the HTTP server) from one
// AppOptions, in one place: main runs it, and tests/support/server_harness runs the very same
// wiring, so the tests exercise the production graph.
//
//   AppOptions options;  options.db_dir = "data/index";  options.corpus_dir = "corpus";
//   Result<std::unique_ptr<App>> app = App::Open(options);   // errors: see below
//   Result<int> port = (*app)->Bind();
//   (*app)->StartSync();                                     // with sync_in_background
//   std::thread stopper(...); (*app)->Serve();   // until Stop()
//
// Errors of Open (each message names the option or file at fault): the taxonomy cannot be
// loaded; --toolkits-db is malformed or the store cannot be opened; the curator service cannot
// open the index (locked by another writer, or the corpus does not validate). Diagnostics and
// start-up messages go to options.log (nullptr: silent).
// Thread-safety: Open, Bind and Serve from one thread; Stop from any thread. The App owns every
// object it builds; it must outlive the serving thread.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "indexer/taxonomy.h"
#include "server/http/http_server.h"
#include "server/services/api_keys.h"
#include "server/services/audit_log.h"
#include "server/services/catalog_service.h"
#include "server/services/curator_access.h"
#include "server/services/curator_service.h"
#include "server/services/index_reader.h"
#include "server/services/rate_limiter.h"
#include "server/services/search_service.h"
#include "server/services/startup_state.h"
#include "toolkits/featured_toolkits.h"
#include "toolkits/suggestion_service.h"
#include "toolkits/suggestion_store.h"
#include "toolkits/toolkit_service.h"
#include "toolkits/toolkit_store.h"

namespace ch {

struct AppOptions {
  std::string db_dir = "data/index";  // the index (unused when `remote` lists shards)
  std::string corpus_dir = "corpus";  // taxonomy.yaml, resources/, featured toolkits/
  std::string data_dir = "data";      // keys, audit log, default toolkit store (created)
  std::string
      toolkits_db;  // postgresql://..., sqlite:PATH or a path; "" = DATA_DIR/toolkits.sqlite
  // Remote shards to search instead of db_dir (their aux_dir defaults to DATA_DIR/shard-aux; the
  // taxonomy is set by the App). A node with shards is always read-only.
  RemoteShardOptions remote{};
  bool read_only = false;           // no curator API, no writer lock on the index
  SuggestionOptions suggestions{};  // the public's suggestions: form timing, queue bound
  // The file whose secret signs suggestion form tokens (server/services/form_secret.h); it must
  // exist. "": DATA_DIR/suggestion-form-secret, made on first start (0600). Ignored when
  // suggestions.form_secret is set (tests).
  std::string form_secret_file;
  std::chrono::milliseconds index_poll_interval{100};   // how often the reader looks for changes
  RateLimiterOptions curator_limits{};                  // failed curator authentications
  std::string curator_holder = "clearinghouse-server";  // named when the index is locked
  // Take corpus_dir as the index's corpus even when the index records another one (a corpus moved
  // on purpose; indexer/corpus_identity.h). Off: such a start is refused, naming both.
  bool adopt_corpus = false;
  // Open syncs the index with the corpus before it returns (false), or StartSync runs the sync
  // in the background while the server already listens (true: what main does; startup_state.h
  // says what the routes answer meanwhile).
  bool sync_in_background = false;
  CatalogServiceOptions catalog{};  // page sizes of the changes feed, batch and related limits
  HttpServerOptions http{};
  SearchServiceOptions search{};  // ranking, limits, facet counting and its cache
  std::ostream* log = nullptr;    // start-up messages and diagnostics; nullptr: none
};

class App {
 public:
  static Result<std::unique_ptr<App>> Open(AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds the listening socket; returns the port (useful with port 0).
  Result<int> Bind();
  // With sync_in_background, starts the start-up sync on its own thread (call after Bind, so the
  // server listens meanwhile); otherwise does nothing. Progress: startup().
  void StartSync();
  // Serves until Stop(). Returns false when the server could not listen.
  bool Serve();
  // Stops serving and asks the start-up sync to stop (it commits what it wrote; the next start
  // carries on). The destructor waits for it.
  void Stop();
  bool running() const;

  const AppOptions& options() const { return options_; }
  const Taxonomy& taxonomy() const { return *taxonomy_; }
  IndexReader& reader() { return *reader_; }
  CatalogService& catalog() { return *catalog_; }
  SearchService& search() { return *search_; }
  ApiKeyStore& keys() { return *keys_; }
  StartupState& startup() { return *startup_; }
  // "serving N documents from ..." or "waiting for an index: ...", for the start-up message.
  std::string DescribeIndex();

 private:
  explicit App(AppOptions options) : options_(std::move(options)) {}
  Status OpenIndex();
  Status OpenCurator();
  Status OpenToolkits();
  void Say(const std::string& line) const;
  void SayReport(const IndexReport& report) const;

  AppOptions options_;
  std::unique_ptr<Taxonomy> taxonomy_;
  std::unique_ptr<IndexReader> reader_;
  std::unique_ptr<SearchService> search_;
  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<ApiKeyStore> keys_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<CuratorAccess> curator_access_;
  std::unique_ptr<CuratorService> curator_;
  std::unique_ptr<ResourceDirectory> directory_;
  std::unique_ptr<ToolkitStore> toolkit_store_;
  FeaturedToolkits featured_;
  std::unique_ptr<ToolkitService> toolkits_;
  std::unique_ptr<SuggestionStore> suggestion_store_;
  std::unique_ptr<SuggestionService> suggestions_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<StartupState> startup_;
  std::stop_source stop_;
  std::thread sync_thread_;
};

}  // namespace ch
