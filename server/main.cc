// clearinghouse-server: serves the search API, the curator API and the web front end.
//
//   clearinghouse-server --db data/index --corpus corpus --web web --port 8080
//   clearinghouse-server --config server.toml
//   clearinghouse-server ... --toolkits-db postgresql://clearinghouse@db:5432/toolkits
//   clearinghouse-server --shard 10.0.0.5:7001 --shard 10.0.0.6:7001 --corpus corpus
//   clearinghouse-server keys create NAME --data DIR   (prints the secret on the last line)
//   clearinghouse-server keys list --data DIR
//   clearinghouse-server keys revoke NAME --data DIR
//
// Options can also come from a config file (--config FILE, TOML/INI key = value lines with the
// long option names, e.g. `port = 8080`, `cors-origin = ["https://app.example.org"]`); options
// given on the command line win. SIGINT/SIGTERM stop the server after in-flight requests.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/taxonomy.h"
#include "server/http/http_server.h"
#include "server/http/public_url.h"
#include "server/services/api_keys.h"
#include "server/services/audit_log.h"
#include "server/services/catalog_service.h"
#include "server/services/curator_service.h"
#include "server/services/index_reader.h"
#include "server/services/index_resource_directory.h"
#include "server/services/rate_limiter.h"
#include "server/services/search_service.h"
#include "toolkits/featured_toolkits.h"
#include "toolkits/toolkit_service.h"
#include "toolkits/toolkit_store_factory.h"

namespace {

struct ServerOptions {
  std::string db_dir = "data/index";
  std::string corpus_dir = "corpus";
  std::string data_dir = "data";
  std::string toolkits_db;          // --toolkits-db; "" = DATA_DIR/toolkits.sqlite
  std::vector<std::string> shards;  // --shard host:port, in shard order: search remote shards
  int shard_timeout_ms = 2000;
  int shard_connect_timeout_ms = 1000;
  std::string partial_results = "allow";
  ch::HttpServerOptions http;
  bool quiet = false;
  bool read_only = false;
};

int RunKeys(const std::string& action, const std::string& name, const std::string& data_dir) {
  ch::ApiKeyStore keys(data_dir);
  if (action == "create") {
    ch::Result<std::string> secret = keys.Create(name);
    if (!secret.ok()) {
      std::cerr << "clearinghouse-server: " << secret.status().message() << '\n';
      return 1;
    }
    std::cerr << "Created curator key '" << name << "' in " << keys.path()
              << ". Keep the secret below; it is not shown again.\n";
    std::cout << *secret << std::endl;
    return 0;
  }
  if (action == "revoke") {
    ch::Status revoked = keys.Revoke(name);
    if (!revoked.ok()) {
      std::cerr << "clearinghouse-server: " << revoked.message() << '\n';
      return 1;
    }
    std::cout << "revoked " << name << std::endl;
    return 0;
  }
  ch::Result<std::vector<ch::ApiKeyInfo>> list = keys.List();
  if (!list.ok()) {
    std::cerr << "clearinghouse-server: " << list.status().message() << '\n';
    return 1;
  }
  for (const auto& k : *list) {
    std::cout << k.name << "\tcreated " << k.created
              << (k.revoked.empty() ? "\tactive" : "\trevoked " + k.revoked) << '\n';
  }
  std::cout << list->size() << " key(s)" << std::endl;
  return 0;
}

int Run(const ServerOptions& options) {
  std::string taxonomy_path =
      (std::filesystem::path(options.corpus_dir) / "taxonomy.yaml").string();
  ch::Result<ch::Taxonomy> taxonomy = ch::Taxonomy::Load(taxonomy_path);
  if (!taxonomy.ok()) {
    std::cerr << "clearinghouse-server: " << taxonomy.status().message() << '\n';
    return 2;
  }
  ch::Result<ch::ToolkitStoreSpec> toolkits_spec =
      ch::ParseToolkitStoreSpec(options.toolkits_db, options.data_dir);
  if (!toolkits_spec.ok()) {
    std::cerr << "clearinghouse-server: --toolkits-db: " << toolkits_spec.status().message()
              << '\n';
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ch::IndexReaderOptions reader_options;
  reader_options.db_dir = options.db_dir;
  for (const auto& text : options.shards) {
    ch::Result<ch::ShardAddress> address = ch::ParseShardAddress(text);
    if (!address.ok()) {
      std::cerr << "clearinghouse-server: --shard: " << address.status().message() << '\n';
      return 2;
    }
    reader_options.remote.shards.push_back(*address);
  }
  reader_options.remote.timeout = std::chrono::milliseconds(options.shard_timeout_ms);
  reader_options.remote.connect_timeout =
      std::chrono::milliseconds(options.shard_connect_timeout_ms);
  reader_options.remote.allow_partial = options.partial_results == "allow";
  reader_options.remote.aux_dir = (std::filesystem::path(options.data_dir) / "shard-aux").string();
  reader_options.remote.taxonomy = &*taxonomy;
  if (!options.shards.empty()) {
    std::cerr << "clearinghouse-server: searching " << options.shards.size()
              << " remote shard(s); partial answers " << options.partial_results << "ed\n";
  }
  ch::IndexReader reader(reader_options);
  ch::SearchService search(reader, *taxonomy);
  ch::CatalogService catalog(reader, *taxonomy);
  ch::ApiKeyStore keys(options.data_dir);
  ch::AuditLog audit(options.data_dir);
  ch::RateLimiter limiter;
  std::unique_ptr<ch::CuratorService> curator;
  // A node searching remote shards has no index of its own to write: the writer node, where the
  // shard databases live, takes curator writes.
  if (!options.read_only && !options.shards.empty()) {
    std::cerr << "clearinghouse-server: --shard implies --read-only (curator writes go to the node "
                 "that holds the shard databases)\n";
  }
  if (!options.read_only && options.shards.empty()) {
    ch::CuratorOptions curator_options;
    curator_options.corpus_dir = options.corpus_dir;
    curator_options.db_dir = options.db_dir;
    curator_options.holder =
        "clearinghouse-server (port " + std::to_string(options.http.port) + ")";
    ch::IndexReport report;
    auto opened = ch::CuratorService::Open(curator_options, *taxonomy, reader, &report);
    if (!opened.ok()) {
      std::cerr << "clearinghouse-server: " << opened.status().message()
                << "\n(use --read-only to serve searches without the curator API)\n";
      return 2;
    }
    curator = std::move(opened).value();
    for (const auto& d : report.diagnostics) std::cerr << d.ToString() << '\n';
    std::cerr << "clearinghouse-server: corpus and index in step: " << report.added << " added, "
              << report.changed << " changed, " << report.removed << " removed, "
              << report.unchanged << " unchanged\n";
  }
  ch::IndexResourceDirectory directory(catalog, search);
  auto store = ch::OpenToolkitStore(*toolkits_spec);
  if (!store.ok()) {
    const ch::Status& error = store.status();
    std::cerr << "clearinghouse-server: toolkit store " << toolkits_spec->description << ": "
              << error.message() << (error.detail().empty() ? "" : " (" + error.detail() + ")")
              << '\n';
    return 2;
  }
  std::cerr << "clearinghouse-server: toolkits stored in " << toolkits_spec->description << '\n';
  ch::FeaturedToolkits featured;
  std::string featured_dir = (std::filesystem::path(options.corpus_dir) / "toolkits").string();
  if (auto loaded = ch::LoadFeaturedToolkits(featured_dir, directory); loaded.ok()) {
    for (const auto& d : loaded->diagnostics) std::cerr << d.ToString() << '\n';
    featured = std::move(loaded->toolkits);
  } else {
    std::cerr << "clearinghouse-server: featured toolkits: " << loaded.status().message() << '\n';
  }
  ch::ToolkitService toolkits(**store, directory, featured);

  ch::HttpServerOptions http = options.http;
  if (options.quiet) http.access_log = false;
  ch::HttpServer server(
      http, ch::ApiServices{&search, &catalog, curator.get(), &keys, &audit, &limiter, &toolkits});
  ch::Result<int> port = server.Bind();
  if (!port.ok()) {
    std::cerr << "clearinghouse-server: " << port.status().message() << '\n';
    return 2;
  }
  ch::IndexStatus status = catalog.CheckIndex();
  std::cerr << "clearinghouse-server: " << (status.ready ? "serving " : "waiting for an index: ")
            << (status.ready ? std::to_string(status.documents) + " documents from " +
                                   (options.shards.empty()
                                        ? options.db_dir
                                        : std::to_string(options.shards.size()) + " remote shards")
                             : status.message)
            << '\n';
  std::cout << "Listening on http://" << http.host << ":" << *port << "/" << std::endl;

  std::thread stopper([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "clearinghouse-server: stopping\n";
    server.Stop();
  });
  bool served = server.Serve();
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);  // wake it if it is still waiting
    stopper.join();
  }
  return served ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  ch::KeepReplicationChangesets();
  CLI::App app{"clearinghouse-server: the clearinghouse's search API and web front end"};
  ServerOptions options;
  int read_timeout = 5, write_timeout = 5;
  app.set_config("--config", "", "read options from a TOML/INI file (key = value)");
  app.add_option("--db", options.db_dir, "index folder")->capture_default_str();
  app.add_option("--corpus", options.corpus_dir, "corpus folder (taxonomy.yaml)")
      ->capture_default_str();
  app.add_option("--data", options.data_dir, "folder for server data")->capture_default_str();
  app.add_option("--toolkits-db", options.toolkits_db,
                 "where saved toolkits live: postgresql://USER@HOST:PORT/DB (or postgres://) "
                 "for PostgreSQL, sqlite:PATH or a file path for SQLite; default: "
                 "DATA_DIR/toolkits.sqlite");
  app.add_option("--web", options.http.web_dir, "static files served at /")->capture_default_str();
  app.add_option("--host", options.http.host, "address to listen on")->capture_default_str();
  app.add_option("--port", options.http.port, "port to listen on (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--threads", options.http.threads, "worker threads")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--cors-origin", options.http.cors_origins,
                 "an Origin allowed to call the API from a browser ('*' for any); repeatable");
  app.add_option("--read-timeout", read_timeout, "seconds to wait for a slow client's request")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_option("--write-timeout", write_timeout, "seconds to wait for a slow client to read")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_flag("--quiet", options.quiet, "no access log");
  app.add_flag("--read-only", options.read_only,
               "serve searches only: no curator writes, no writer lock on the index");
  app.add_option("--shard", options.shards,
                 "search a remote shard served by xapian-tcpsrv, as host:port; repeat for each "
                 "shard, in shard order (shard 0 first); replaces --db");
  app.add_option("--shard-timeout", options.shard_timeout_ms,
                 "milliseconds a remote shard may take to answer before it counts as down")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  app.add_option("--shard-connect-timeout", options.shard_connect_timeout_ms,
                 "milliseconds to wait when connecting to a remote shard")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  app.add_option("--partial-results", options.partial_results,
                 "when a remote shard is down: 'allow' answers from the others (marked partial), "
                 "'fail' answers 503")
      ->check(CLI::IsMember({"allow", "fail"}))
      ->capture_default_str();
  app.add_option("--writer-url", options.http.writer_url,
                 "on a read-only node, the writer node's URL told to curators");
  int keep_alive = 5, max_connections = 900, max_queued = 512, creates_per_hour = 20;
  int per_address = 256;
  app.add_option("--public-url", options.http.public_url,
                 "the public base URL for links in feeds and the OpenAPI document, e.g. "
                 "https://clearinghouse.example.org (default: http://HOST:PORT)");
  app.add_option("--trusted-proxy", options.http.trusted_proxies,
                 "the address of a reverse proxy whose X-Forwarded-For names the client; "
                 "repeatable");
  app.add_option("--keep-alive-timeout", keep_alive, "seconds an idle connection is kept")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_option("--max-connections", max_connections, "open connections; more get 503")
      ->check(CLI::Range(16, 100000))
      ->capture_default_str();
  app.add_option("--max-connections-per-address", per_address,
                 "open connections from one client address (trusted proxies exempt)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--max-queued", max_queued,
                 "complete requests waiting for a worker; more get 503 with Retry-After")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--toolkit-creates-per-hour", creates_per_hour,
                 "toolkits one client address may create per hour (0: no limit)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();

  std::string key_name, key_data = "data";
  auto* keys = app.add_subcommand("keys", "manage curator API keys");
  keys->require_subcommand(1);
  auto* create = keys->add_subcommand("create", "create a key and print its secret (last line)");
  create->add_option("NAME", key_name, "a name for the key")->required();
  create->add_option("--data", key_data, "data folder")->capture_default_str();
  auto* list = keys->add_subcommand("list", "list keys (names and dates, never secrets)");
  list->add_option("--data", key_data, "data folder")->capture_default_str();
  auto* revoke = keys->add_subcommand("revoke", "revoke a key");
  revoke->add_option("NAME", key_name, "the key's name")->required();
  revoke->add_option("--data", key_data, "data folder")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (*keys) {
    return RunKeys(*create ? "create" : *revoke ? "revoke" : "list", key_name, key_data);
  }
  options.http.read_timeout = std::chrono::seconds(read_timeout);
  options.http.write_timeout = std::chrono::seconds(write_timeout);
  options.http.keep_alive_timeout = std::chrono::seconds(keep_alive);
  options.http.connections.max_connections = static_cast<size_t>(max_connections);
  options.http.connections.max_queued = static_cast<size_t>(max_queued);
  options.http.connections.max_connections_per_address = static_cast<size_t>(per_address);
  options.http.write_limits.toolkit_create.per_period = creates_per_hour;
  options.http.write_limits.toolkit_create.burst = creates_per_hour;
  if (!options.http.public_url.empty()) {
    ch::Result<std::string> url = ch::NormalizePublicUrl(options.http.public_url);
    if (!url.ok()) {
      std::cerr << "clearinghouse-server: " << url.status().message() << '\n';
      return 2;
    }
    options.http.public_url = *url;
  }
  return Run(options);
}
