#include "server/app.h"

#include <filesystem>

#include "server/services/form_secret.h"
#include "server/services/index_resource_directory.h"
#include "toolkits/toolkit_store_factory.h"

namespace ch {

Result<std::unique_ptr<App>> App::Open(AppOptions options) {
  std::unique_ptr<App> app(new App(std::move(options)));
  const AppOptions& o = app->options_;
  std::string taxonomy_path = (std::filesystem::path(o.corpus_dir) / "taxonomy.yaml").string();
  CH_ASSIGN_OR_RETURN(Taxonomy taxonomy, Taxonomy::Load(taxonomy_path));
  app->taxonomy_ = std::make_unique<Taxonomy>(std::move(taxonomy));
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  CH_RETURN_IF_ERROR(app->OpenIndex());
  CH_RETURN_IF_ERROR(app->OpenCurator());
  CH_RETURN_IF_ERROR(app->OpenToolkits());
  if (!app->startup_) app->startup_ = std::make_unique<StartupState>(false, true);
  HttpServerOptions http = o.http;
  app->server_ = std::make_unique<HttpServer>(
      http, ApiServices{app->search_.get(), app->catalog_.get(), app->curator_.get(),
                        app->curator_access_.get(), app->toolkits_.get(), app->startup_.get(),
                        app->suggestions_.get()});
  return app;
}

App::~App() {
  Stop();
  if (sync_thread_.joinable()) sync_thread_.join();
  server_.reset();
  toolkits_.reset();
  curator_.reset();  // releases the writer lock
}

Status App::OpenIndex() {
  IndexReaderOptions reader_options;
  reader_options.db_dir = options_.db_dir;
  reader_options.poll_interval = options_.index_poll_interval;
  reader_options.remote = options_.remote;
  if (!options_.remote.shards.empty()) {
    if (reader_options.remote.aux_dir.empty()) {
      reader_options.remote.aux_dir = (std::filesystem::path(options_.data_dir) / "shard-aux");
    }
    reader_options.remote.taxonomy = taxonomy_.get();
    CH_RETURN_IF_ERROR(CheckShardList(reader_options.remote));
    Say("searching " + std::to_string(options_.remote.shards.size()) +
        " remote shard(s); partial answers " +
        (options_.remote.allow_partial ? "allowed" : "failed"));
  }
  reader_ = std::make_unique<IndexReader>(reader_options);
  search_ = std::make_unique<SearchService>(*reader_, *taxonomy_, options_.search);
  catalog_ = std::make_unique<CatalogService>(*reader_, *taxonomy_, options_.catalog);
  keys_ = std::make_unique<ApiKeyStore>(options_.data_dir);
  audit_ = std::make_unique<AuditLog>(options_.data_dir);
  limiter_ = std::make_unique<RateLimiter>(options_.curator_limits);
  curator_access_ = std::make_unique<CuratorAccess>(*keys_, *limiter_, *audit_, options_.log);
  return Status::Ok();
}

// A node searching remote shards has no index of its own to write: the writer node, where the
// shard databases live, takes curator writes.
Status App::OpenCurator() {
  if (options_.read_only) return Status::Ok();
  if (!options_.remote.shards.empty()) {
    Say("--shard implies --read-only (curator writes go to the node that holds the shard "
        "databases)");
    return Status::Ok();
  }
  CuratorOptions curator_options;
  curator_options.corpus_dir = options_.corpus_dir;
  curator_options.db_dir = options_.db_dir;
  curator_options.holder = options_.curator_holder;
  curator_options.adopt_corpus = options_.adopt_corpus;
  const bool background = options_.sync_in_background;
  IndexStatus before = catalog_->CheckIndex();
  IndexReport report;
  auto opened =
      CuratorService::Open(curator_options, *taxonomy_, *reader_, background ? nullptr : &report);
  if (!opened.ok()) {
    return Status(opened.status().code(),
                  opened.status().message() +
                      "\n(use --read-only to serve searches without the curator API)");
  }
  curator_ = std::move(opened).value();
  if (background) {
    startup_ =
        std::make_unique<StartupState>(/*syncing=*/true, before.ready && before.documents > 0);
    return Status::Ok();
  }
  SayReport(report);
  return Status::Ok();
}

void App::SayReport(const IndexReport& report) const {
  for (const auto& d : report.diagnostics) Say(d.ToString());
  Say("corpus and index in step: " + std::to_string(report.added) + " added, " +
      std::to_string(report.changed) + " changed, " + std::to_string(report.removed) +
      " removed, " + std::to_string(report.unchanged) + " unchanged; " +
      std::to_string(report.hashed) + " file(s) read");
}

void App::StartSync() {
  if (!curator_ || startup_->ready() || sync_thread_.joinable()) return;
  Say("listening while the index syncs with the corpus (progress: /readyz)");
  sync_thread_ = std::thread([this] {
    IndexReport report;
    Status synced =
        curator_->SyncWithCorpus(&report, RunControl{stop_.get_token(), &startup_->progress()});
    if (synced.ok()) {
      SayReport(report);
    } else {
      Say("start-up sync: " + synced.message());
    }
    startup_->Finish(synced);
  });
}

Status App::OpenToolkits() {
  Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec(options_.toolkits_db, options_.data_dir);
  if (!spec.ok()) {
    return Status::InvalidArgument("--toolkits-db: " + spec.status().message());
  }
  directory_ = std::make_unique<IndexResourceDirectory>(*catalog_, *search_);
  Result<std::unique_ptr<ToolkitStore>> store = OpenToolkitStore(*spec);
  if (!store.ok()) {
    return Status(store.status().code(),
                  "toolkit store " + spec->description + ": " + store.status().message())
        .WithDetail(store.status().detail());
  }
  toolkit_store_ = std::move(store).value();
  Say("toolkits stored in " + spec->description);
  std::string featured_dir = (std::filesystem::path(options_.corpus_dir) / "toolkits").string();
  if (auto loaded = LoadFeaturedToolkits(featured_dir, *directory_); loaded.ok()) {
    for (const auto& d : loaded->diagnostics) Say(d.ToString());
    featured_ = std::move(loaded->toolkits);
  } else {
    Say("featured toolkits: " + loaded.status().message());
  }
  ToolkitServiceOptions toolkit_options;
  // Drafts prefer stronger evidence among close candidates, strongest as the taxonomy lists it.
  if (!taxonomy_->entries(Vocabulary::kRating).empty()) {
    toolkit_options.draft.evidence.rating_order = taxonomy_->Ids(Vocabulary::kRating);
  }
  toolkit_options.taxonomy = taxonomy_.get();  // export labels in the toolkit's language
  toolkits_ = std::make_unique<ToolkitService>(*toolkit_store_, *directory_, featured_,
                                               std::move(toolkit_options));
  // Suggestions live in the same database (its migration 3), through their own connection.
  Result<std::unique_ptr<SuggestionStore>> suggestions = OpenSuggestionStore(*spec);
  if (!suggestions.ok()) {
    return Status(suggestions.status().code(),
                  "suggestion store " + spec->description + ": " + suggestions.status().message())
        .WithDetail(suggestions.status().detail());
  }
  suggestion_store_ = std::move(suggestions).value();
  SuggestionOptions suggestion_options = options_.suggestions;
  if (suggestion_options.form_secret.empty()) {
    const bool given = !options_.form_secret_file.empty();
    std::string path =
        given ? options_.form_secret_file
              : (std::filesystem::path(options_.data_dir) / kFormSecretFileName).string();
    Result<std::string> secret =
        LoadFormSecret(path, given ? FormSecretSource::kOperator : FormSecretSource::kDataFolder);
    if (!secret.ok()) {
      return Status(secret.status().code(),
                    (given ? "--form-secret-file: " : "") + secret.status().message());
    }
    suggestion_options.form_secret = std::move(secret).value();
  }
  suggestions_ = std::make_unique<SuggestionService>(*suggestion_store_, *directory_,
                                                     std::move(suggestion_options));
  return Status::Ok();
}

Result<int> App::Bind() { return server_->Bind(); }
bool App::Serve() { return server_->Serve(); }
void App::Stop() {
  stop_.request_stop();
  if (server_) server_->Stop();
}
bool App::running() const { return server_ && server_->running(); }

std::string App::DescribeIndex() {
  IndexStatus status = catalog_->CheckIndex();
  if (!status.ready) return "waiting for an index: " + status.message;
  std::string where = options_.remote.shards.empty()
                          ? options_.db_dir
                          : std::to_string(options_.remote.shards.size()) + " remote shards";
  std::string out = "serving " + std::to_string(status.documents) + " documents from " + where;
  if (status.schema_current) return out;
  // The start-up sync re-indexes every file of an index of another schema version (index_sync.cc).
  if (curator_) {
    return out + ", built with schema version " + std::to_string(status.schema_version) +
           ": the sync re-indexes every file";
  }
  return out + "; warning: " + status.message;
}

void App::Say(const std::string& line) const {
  if (options_.log) *options_.log << "clearinghouse-server: " << line << '\n';
}

}  // namespace ch
