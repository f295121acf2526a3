// clearinghouse-server: serves the search API and the web front end.
//
//   clearinghouse-server --db data/index --corpus corpus --web web --port 8080
//   clearinghouse-server --config server.toml
//
// Options can also come from a config file (--config FILE, TOML/INI key = value lines with the
// long option names, e.g. `port = 8080`, `cors-origin = ["https://app.example.org"]`); options
// given on the command line win. SIGINT/SIGTERM stop the server after in-flight requests.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "indexer/taxonomy.h"
#include "server/catalog_service.h"
#include "server/http/http_server.h"
#include "server/index_reader.h"
#include "server/search_service.h"

namespace {

struct ServerOptions {
  std::string db_dir = "data/index";
  std::string corpus_dir = "corpus";
  std::string data_dir = "data";
  ch::HttpServerOptions http;
  bool quiet = false;
};

int Run(const ServerOptions& options) {
  std::string taxonomy_path = (std::filesystem::path(options.corpus_dir) / "taxonomy.yaml").string();
  ch::Result<ch::Taxonomy> taxonomy = ch::Taxonomy::Load(taxonomy_path);
  if (!taxonomy.ok()) {
    std::cerr << "clearinghouse-server: " << taxonomy.status().message() << '\n';
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

  ch::IndexReader reader(ch::IndexReaderOptions{options.db_dir});
  ch::SearchService search(reader, *taxonomy);
  ch::CatalogService catalog(reader, *taxonomy);
  ch::HttpServerOptions http = options.http;
  if (options.quiet) http.access_log = false;
  ch::HttpServer server(http, ch::ApiServices{&search, &catalog});
  ch::Result<int> port = server.Bind();
  if (!port.ok()) {
    std::cerr << "clearinghouse-server: " << port.status().message() << '\n';
    return 2;
  }
  ch::IndexStatus status = catalog.CheckIndex();
  std::cerr << "clearinghouse-server: " << (status.ready ? "serving " : "waiting for an index: ")
            << (status.ready ? std::to_string(status.documents) + " documents from " + options.db_dir
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
  CLI::App app{"clearinghouse-server: the clearinghouse's search API and web front end"};
  ServerOptions options;
  int read_timeout = 5, write_timeout = 5;
  app.set_config("--config", "", "read options from a TOML/INI file (key = value)");
  app.add_option("--db", options.db_dir, "index folder")->capture_default_str();
  app.add_option("--corpus", options.corpus_dir, "corpus folder (taxonomy.yaml)")->capture_default_str();
  app.add_option("--data", options.data_dir, "folder for server data")->capture_default_str();
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
  CLI11_PARSE(app, argc, argv);
  options.http.read_timeout = std::chrono::seconds(read_timeout);
  options.http.write_timeout = std::chrono::seconds(write_timeout);
  return Run(options);
}
