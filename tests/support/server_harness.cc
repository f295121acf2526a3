#include "tests/support/server_harness.h"

#include <chrono>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "indexer/index_writer.h"
#include "server/services/index_resource_directory.h"
#include "toolkits/sqlite_toolkit_store.h"

namespace ch::test {

ServerHarness::ServerHarness(Options options) : options_(std::move(options)) {
  db_dir_ = options_.serve_db_dir.empty() ? temp_ / "index" : options_.serve_db_dir;
  taxonomy_ =
      std::make_unique<Taxonomy>(Taxonomy::Load(options_.corpus + "/taxonomy.yaml").value());
  if (options_.serve_db_dir.empty()) {
    IndexReport report;
    Status built = BuildIndex(options_.corpus, db_dir_, *taxonomy_, {}, &report);
    if (!built.ok()) throw std::runtime_error("test index: " + built.ToString());
  }
  IndexReaderOptions reader_options;
  reader_options.db_dir = db_dir_;
  reader_options.poll_interval = std::chrono::milliseconds(20);
  reader_options.remote = options_.remote;
  if (!reader_options.remote.shards.empty()) {
    reader_options.remote.aux_dir = temp_ / "shard-aux";
    reader_options.remote.taxonomy = taxonomy_.get();
  }
  reader_ = std::make_unique<IndexReader>(reader_options);
  search_ = std::make_unique<SearchService>(*reader_, *taxonomy_);
  catalog_ = std::make_unique<CatalogService>(*reader_, *taxonomy_);
  keys_ = std::make_unique<ApiKeyStore>(data_dir());
  audit_ = std::make_unique<AuditLog>(data_dir());
  RateLimiterOptions limits;
  limits.max_failures = options_.max_failed_auth;
  limiter_ = std::make_unique<RateLimiter>(limits);
  if (options_.curator) {
    CuratorOptions curator;
    curator.corpus_dir = options_.corpus;
    curator.db_dir = db_dir_;
    curator.holder = "test server";
    IndexReport startup;
    curator_ = CuratorService::Open(curator, *taxonomy_, *reader_, &startup).value();
  }
  directory_ = std::make_unique<IndexResourceDirectory>(*catalog_, *search_);
  std::filesystem::create_directories(data_dir());
  toolkit_store_ = SqliteToolkitStore::Open(data_dir() + "/toolkits.sqlite").value();
  auto featured = LoadFeaturedToolkits(options_.corpus + "/toolkits", *directory_);
  if (featured.ok()) featured_ = std::move(featured->toolkits);
  toolkits_ = std::make_unique<ToolkitService>(*toolkit_store_, *directory_, featured_);
  HttpServerOptions http;
  http.host = "127.0.0.1";
  http.port = 0;
  http.threads = options_.threads;
  http.web_dir = options_.web_dir.empty() ? temp_ / "web" : options_.web_dir;
  http.cors_origins = options_.cors_origins;
  http.access_log = false;
  http.writer_url = options_.writer_url;
  if (options_.tune_http) options_.tune_http(http);
  server_ = std::make_unique<HttpServer>(
      http, ApiServices{search_.get(), catalog_.get(), curator_.get(), keys_.get(), audit_.get(),
                        limiter_.get(), toolkits_.get()});
  port_ = server_->Bind().value();
  thread_ = std::thread([this] { server_->Serve(); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->running()) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ServerHarness::~ServerHarness() {
  server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  toolkits_.reset();
  curator_.reset();  // releases the writer lock
}

httplib::Client ServerHarness::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(30));
  client.set_url_encode(false);  // tests write URLs already encoded, with + for spaces
  return client;
}

}  // namespace ch::test
