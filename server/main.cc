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
// given on the command line win.
//
// Start-up: the server listens at once and syncs the index with the corpus in the background
// (/readyz shows the progress; startup_state.h says what the routes answer meanwhile). On a
// terminal the sync's progress is one rewritten stderr line. SIGINT/SIGTERM stop it within a
// second at any moment (the sync commits what it wrote; the next start carries on); a second
// signal exits at once.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "base/stop_signals.h"
#include "indexer/index_writer.h"
#include "indexer/progress_line.h"
#include "server/app.h"
#include "server/http/public_url.h"
#include "server/services/api_keys.h"

namespace {

// After SIGINT/SIGTERM, the process exits by then whatever still runs (docs/deployment.md). Not
// 900 ms: the kernel then still has to unmap the process (0.15 s for the 1.1 GB of a first sync
// of 250,000 files, measured), and the promise is an exit within a second.
constexpr std::chrono::milliseconds kStopDeadline{700};

// What the command line says; the App takes AppOptions, built from these by ToAppOptions.
struct ServerOptions {
  ch::AppOptions app;
  std::vector<std::string> shards;  // --shard host:port, in shard order
  int shard_timeout_ms = 2000;
  int shard_connect_timeout_ms = 1000;
  std::string partial_results = "allow";
  std::string facet_counting = "column";
  size_t facet_cache_mb = 32;
  size_t match_set_cache_mb = 64;
  uint64_t exact_position_checks = ch::MatchSetOptions{}.exact_position_checks;
  // RESULTS, issue 15: 0.93x the CPU per search at 250k with 48 MB (Run 10); 96 MB held every
  // frequent stem's tier at 250k, 0.95x again (Run 11); 160 MB also every frequent word's as
  // typed and concept term's, 0.93x again (Run 12).
  size_t impact_tier_cache_mb = 160;
  size_t result_cache_mb = 16;
  // One per core and one more, so that the cores stay busy while a search's thread writes its
  // response: RESULTS, issue 15, Run 13.
  size_t concurrent_searches = std::max(1u, std::thread::hardware_concurrency()) + 1;
  // HTTP workers. 0: as many as concurrent searches for a local index (more only wait at the
  // turn: on 2 cores 3 workers instead of 8 answered 6-16% more searches per second at c=8, and
  // 8 workers' threads moved between the cores ten times as often; RESULTS, issue 15, Run 25);
  // 8 with --shard, whose searches wait on the network instead of the cores and take no turn.
  int threads = 0;
  bool quiet = false;
  int read_timeout_s = 5, write_timeout_s = 5, keep_alive_s = 5;
  int max_connections = 900, max_per_address = 256, max_queued = 512;
  int toolkit_creates_per_hour = 20;
  int suggestions_per_hour = 10;
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

ch::Result<ch::AppOptions> ToAppOptions(const ServerOptions& options) {
  ch::AppOptions app = options.app;
  for (const auto& text : options.shards) {
    ch::Result<ch::ShardAddress> address = ch::ParseShardAddress(text);
    if (!address.ok()) return ch::Status::InvalidArgument("--shard: " + address.status().message());
    app.remote.shards.push_back(*address);
  }
  app.remote.timeout = std::chrono::milliseconds(options.shard_timeout_ms);
  app.remote.connect_timeout = std::chrono::milliseconds(options.shard_connect_timeout_ms);
  app.remote.allow_partial = options.partial_results == "allow";
  app.search.facet_counting =
      options.facet_counting == "spy" ? ch::FacetCounting::kSpy : ch::FacetCounting::kColumn;
  app.search.facet_store.cache_bytes = options.facet_cache_mb * 1024 * 1024;
  app.search.facet_store.match_set_bytes = options.match_set_cache_mb * 1024 * 1024;
  app.search.match_sets.exact_position_checks = options.exact_position_checks;
  app.search.facet_store.impact_tier_bytes = options.impact_tier_cache_mb * 1024 * 1024;
  app.search.result_cache.bytes = options.result_cache_mb * 1024 * 1024;
  app.search.max_concurrent_searches = options.concurrent_searches;
  app.http.threads = options.threads > 0 ? options.threads
                     : options.shards.empty() && options.concurrent_searches > 0
                         ? static_cast<int>(options.concurrent_searches)
                         : 8;
  if (options.quiet) app.http.access_log = false;
  app.http.read_timeout = std::chrono::seconds(options.read_timeout_s);
  app.http.write_timeout = std::chrono::seconds(options.write_timeout_s);
  app.http.keep_alive_timeout = std::chrono::seconds(options.keep_alive_s);
  app.http.connections.max_connections = static_cast<size_t>(options.max_connections);
  app.http.connections.max_connections_per_address = static_cast<size_t>(options.max_per_address);
  app.http.connections.max_queued = static_cast<size_t>(options.max_queued);
  app.http.write_limits.toolkit_create.per_period = options.toolkit_creates_per_hour;
  app.http.write_limits.toolkit_create.burst = options.toolkit_creates_per_hour;
  app.http.write_limits.suggestion.per_period = options.suggestions_per_hour;
  if (!app.http.public_url.empty()) {
    CH_ASSIGN_OR_RETURN(app.http.public_url, ch::NormalizePublicUrl(app.http.public_url));
  }
  app.curator_holder = "clearinghouse-server (port " + std::to_string(app.http.port) + ")";
  app.log = &std::cerr;
  app.sync_in_background = true;  // listen at once; /readyz shows the sync
  return app;
}

int Run(const ServerOptions& options) {
  ch::Result<ch::AppOptions> app_options = ToAppOptions(options);
  if (!app_options.ok()) {
    std::cerr << "clearinghouse-server: " << app_options.status().message() << '\n';
    return 2;
  }
  // Before any thread starts: SIGINT/SIGTERM become a stop request (a second one exits at once).
  ch::StopSignals signals;
  ch::Result<std::unique_ptr<ch::App>> app = ch::App::Open(*app_options);
  if (!app.ok()) {
    std::cerr << "clearinghouse-server: " << app.status().ToString() << '\n';
    return 2;
  }
  ch::Result<int> port = (*app)->Bind();
  if (!port.ok()) {
    std::cerr << "clearinghouse-server: " << port.status().message() << '\n';
    return 2;
  }
  std::cerr << "clearinghouse-server: " << (*app)->DescribeIndex() << '\n';
  std::cout << "Listening on http://" << app_options->http.host << ":" << *port << "/" << std::endl;
  signals.OnStop([&app] {
    std::cerr << "clearinghouse-server: stopping\n";
    // Whatever is still running at the deadline (a commit, a slow client) is cut short: the
    // index keeps its last commit either way (Xapian commits are atomic).
    std::thread([] {
      std::this_thread::sleep_for(kStopDeadline);
      std::cerr << "clearinghouse-server: stopped at the deadline\n";
      std::_Exit(0);
    }).detach();
    (*app)->Stop();
  });
  if (signals.stop_requested()) return 0;  // a signal during Open
  (*app)->StartSync();
  bool served = false;
  {
    ch::ProgressLine progress((*app)->startup().progress());  // on a terminal only
    served = (*app)->Serve();
  }
  signals.ClearCallbacks();  // the App goes away first
  return served ? 0 : 2;
}

// --db, --corpus, --adopt-corpus, --data, --toolkits-db, --read-only, --quiet.
void AddStorageOptions(CLI::App& app, ServerOptions& options) {
  app.add_option("--db", options.app.db_dir, "index folder")->capture_default_str();
  app.add_option("--corpus", options.app.corpus_dir, "corpus folder (taxonomy.yaml)")
      ->capture_default_str();
  app.add_flag("--adopt-corpus", options.app.adopt_corpus,
               "take --corpus as the index's corpus although the index was built from another "
               "(a corpus moved or copied on purpose); without it such a start is refused");
  app.add_option("--data", options.app.data_dir, "folder for server data")->capture_default_str();
  app.add_option("--toolkits-db", options.app.toolkits_db,
                 "where saved toolkits live: postgresql://USER@HOST:PORT/DB (or postgres://) "
                 "for PostgreSQL, sqlite:PATH or a file path for SQLite; default: "
                 "DATA_DIR/toolkits.sqlite");
  app.add_option("--form-secret-file", options.app.form_secret_file,
                 "a file holding the secret (at least 32 characters) that signs suggestion form "
                 "tokens; give every node behind one load balancer the same file; default: "
                 "DATA_DIR/suggestion-form-secret, made on first start (mode 0600)");
  app.add_flag("--quiet", options.quiet, "no access log");
  app.add_flag("--read-only", options.app.read_only,
               "serve searches only: no curator writes, no writer lock on the index");
}

// Where and how the HTTP server listens.
void AddHttpOptions(CLI::App& app, ServerOptions& options) {
  app.add_option("--web", options.app.http.web_dir, "static files served at /")
      ->capture_default_str();
  app.add_option("--host", options.app.http.host, "address to listen on")->capture_default_str();
  app.add_option("--port", options.app.http.port, "port to listen on (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--threads", options.threads,
                 "worker threads (default: as many as --concurrent-searches; 8 with --shard)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--concurrent-searches", options.concurrent_searches,
                 "searches computed at once at most (default: one per core, plus one); more "
                 "wait their turn in arrival order, which shortens the slowest answers under "
                 "load; 0: no limit")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  app.add_option("--cors-origin", options.app.http.cors_origins,
                 "an Origin allowed to call the API from a browser ('*' for any); repeatable");
  app.add_option("--read-timeout", options.read_timeout_s,
                 "seconds a client may take to send a whole request (headers and body)")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_option("--write-timeout", options.write_timeout_s,
                 "seconds to wait for a slow client to read")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_option("--writer-url", options.app.http.writer_url,
                 "on a read-only node, the writer node's URL told to curators");
  app.add_option("--public-url", options.app.http.public_url,
                 "the public base URL for links in feeds and the OpenAPI document, e.g. "
                 "https://clearinghouse.example.org (default: http://HOST:PORT)");
}

// Limits that keep one client from taking the server down (docs/deployment.md).
void AddLimitOptions(CLI::App& app, ServerOptions& options) {
  app.add_option("--trusted-proxy", options.app.http.trusted_proxies,
                 "the address of a reverse proxy whose X-Forwarded-For names the client; "
                 "repeatable");
  app.add_option("--keep-alive-timeout", options.keep_alive_s, "seconds an idle connection is kept")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  app.add_option("--max-connections", options.max_connections, "open connections; more get 503")
      ->check(CLI::Range(16, 100000))
      ->capture_default_str();
  app.add_option("--max-connections-per-address", options.max_per_address,
                 "open connections from one client address (trusted proxies exempt)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--max-queued", options.max_queued,
                 "complete requests waiting for a worker; more get 503 with Retry-After")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--toolkit-creates-per-hour", options.toolkit_creates_per_hour,
                 "toolkits one client address may create per hour (0: no limit)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  app.add_option("--suggestions-per-hour", options.suggestions_per_hour,
                 "suggestions one client address may send per hour, 5 at once (0: no limit)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  app.add_option("--suggestion-min-seconds", options.app.suggestions.min_form_seconds,
                 "the least time the suggestion form must stay open before it is sent")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
}

// Remote shards behind xapian-tcpsrv.
void AddShardOptions(CLI::App& app, ServerOptions& options) {
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
  app.add_option("--facet-counting", options.facet_counting,
                 "'column': facet counts from the in-memory facet column; 'spy': Xapian's "
                 "ValueCountMatchSpy during the ranked match (the old path, for comparison)")
      ->check(CLI::IsMember({"column", "spy"}))
      ->capture_default_str();
  app.add_option("--facet-cache-mb", options.facet_cache_mb,
                 "megabytes of facet counts cached per (query, filters, index generation); 0: none")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  app.add_option("--match-set-cache-mb", options.match_set_cache_mb,
                 "megabytes of frequent words' document sets (and phrases', wildcards' and date "
                 "ranges') kept per index generation for counting facets; 0: none")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  app.add_option("--exact-position-checks", options.exact_position_checks,
                 "word-position checks (documents holding every word of a phrase or NEAR) a "
                 "search may make to count its facets exactly; past this the counts come from a "
                 "sample and say so (facets_exact: false); 0: always exact")
      ->capture_default_str();
  app.add_option("--impact-tier-cache-mb", options.impact_tier_cache_mb,
                 "megabytes of searched words' best documents kept per index generation, from "
                 "which a faceted search's first pages are ranked without reading every posting "
                 "of its common words (16 holds about a thousand words); 0: none, every search "
                 "ranked by Xapian's whole match")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  app.add_option("--result-cache-mb", options.result_cache_mb,
                 "megabytes of whole search responses cached per (request, index generation), "
                 "so that a repeated search is not matched again; 0: none")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
}

// `keys create|list|revoke`: what the command asks for, filled in by the CLI.
struct KeysCommand {
  CLI::App* keys = nullptr;
  CLI::App* create = nullptr;
  CLI::App* revoke = nullptr;
  std::string name;
  std::string data = "data";
  const char* action() const { return *create ? "create" : *revoke ? "revoke" : "list"; }
};

void AddKeysCommand(CLI::App& app, KeysCommand& command) {
  command.keys = app.add_subcommand("keys", "manage curator API keys");
  command.keys->require_subcommand(1);
  command.create =
      command.keys->add_subcommand("create", "create a key and print its secret (last line)");
  command.create->add_option("NAME", command.name, "a name for the key")->required();
  command.create->add_option("--data", command.data, "data folder")->capture_default_str();
  auto* list = command.keys->add_subcommand("list", "list keys (names and dates, never secrets)");
  list->add_option("--data", command.data, "data folder")->capture_default_str();
  command.revoke = command.keys->add_subcommand("revoke", "revoke a key");
  command.revoke->add_option("NAME", command.name, "the key's name")->required();
  command.revoke->add_option("--data", command.data, "data folder")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  ch::KeepReplicationChangesets();
  CLI::App app{"clearinghouse-server: the clearinghouse's search API and web front end"};
  ServerOptions options;
  app.set_config("--config", "", "read options from a TOML/INI file (key = value)");
  AddStorageOptions(app, options);
  AddHttpOptions(app, options);
  AddLimitOptions(app, options);
  AddShardOptions(app, options);
  KeysCommand keys;
  AddKeysCommand(app, keys);
  CLI11_PARSE(app, argc, argv);
  if (*keys.keys) return RunKeys(keys.action(), keys.name, keys.data);
  return Run(options);
}
