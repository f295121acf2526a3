#include "tests/support/server_harness.h"

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "indexer/index_writer.h"

namespace ch::test {

ServerHarness::ServerHarness(Options options) : options_(std::move(options)) {
  db_dir_ = options_.serve_db_dir.empty() ? temp_ / "index" : options_.serve_db_dir;
  if (options_.serve_db_dir.empty()) {
    Result<Taxonomy> taxonomy = Taxonomy::Load(options_.corpus + "/taxonomy.yaml");
    if (!taxonomy.ok()) throw std::runtime_error("test taxonomy: " + taxonomy.status().ToString());
    IndexReport report;
    Status built = BuildIndex(options_.corpus, db_dir_, *taxonomy, options_.index, &report);
    if (!built.ok()) throw std::runtime_error("test index: " + built.ToString());
  }
  AppOptions app;
  app.db_dir = db_dir_;
  app.corpus_dir = options_.corpus;
  app.data_dir = data_dir();
  app.remote = options_.remote;
  if (!app.remote.shards.empty()) app.remote.aux_dir = temp_ / "shard-aux";
  app.read_only = !options_.curator;
  app.adopt_corpus = options_.adopt_corpus;
  app.index_poll_interval = std::chrono::milliseconds(20);
  app.curator_limits.max_failures = options_.max_failed_auth;
  app.curator_holder = "test server";
  app.http.host = "127.0.0.1";
  app.http.port = 0;
  app.http.threads = options_.threads;
  app.http.web_dir = options_.web_dir.empty() ? temp_ / "web" : options_.web_dir;
  app.http.cors_origins = options_.cors_origins;
  app.http.access_log = false;
  app.http.writer_url = options_.writer_url;
  if (options_.tune_http) options_.tune_http(app.http);
  if (options_.tune_app) options_.tune_app(app);
  Result<std::unique_ptr<App>> opened = App::Open(std::move(app));
  if (!opened.ok()) throw std::runtime_error("test server: " + opened.status().ToString());
  app_ = std::move(opened).value();
  port_ = app_->Bind().value();
  thread_ = std::thread([this] { app_->Serve(); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!app_->running()) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ServerHarness::~ServerHarness() {
  app_->Stop();
  if (thread_.joinable()) thread_.join();
  app_.reset();  // releases the writer lock
}

httplib::Client ServerHarness::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(30));
  client.set_url_encode(false);  // tests write URLs already encoded, with + for spaces
  return client;
}

std::vector<std::string> ResultIds(const SearchResponse& response) {
  std::vector<std::string> ids;
  for (const auto& hit : response.results) ids.push_back(hit.resource.id);
  return ids;
}

std::vector<std::string> SearchIds(ServerHarness& server, const std::string& q, SortOrder sort,
                                   const SearchServiceOptions& options) {
  SearchService search(server.reader(), server.taxonomy(), options);
  SearchRequest r;
  r.q = q;
  r.sort = sort;
  r.autocorrect = false;
  r.facets = std::vector<std::string>{};
  Result<SearchResponse> out = search.Search(r);
  if (!out.ok()) throw std::runtime_error("search '" + q + "': " + out.status().ToString());
  return ResultIds(*out);
}

}  // namespace ch::test
