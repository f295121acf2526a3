// clearinghouse-index: validate resource files and build, change or sync the Xapian index.
//
//   clearinghouse-index validate CORPUS_DIR   (resources, and featured toolkits in
//   CORPUS_DIR/toolkits) clearinghouse-index build CORPUS_DIR --db DB_DIR [--shards N]
//   clearinghouse-index add FILE... --corpus CORPUS_DIR --db DB_DIR
//   clearinghouse-index remove ID... --corpus CORPUS_DIR --db DB_DIR
//   clearinghouse-index sync CORPUS_DIR --db DB_DIR [--adopt-corpus]
//
// sync and add refuse a corpus other than the one the index was built from (corpus_identity.h);
// --adopt-corpus records the new one instead.
//
// On a terminal, build, sync and validate show their progress on stderr (one line: done/total,
// rate, ETA). SIGINT/SIGTERM stop build and sync cleanly; a second signal exits at once.
//
// Exit status: 0 success, 1 problems in the input (diagnostics printed), 2 usage or system error
// (or stopped).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "base/stop_signals.h"

#include "indexer/corpus.h"
#include "indexer/index_progress.h"
#include "indexer/index_writer.h"
#include "indexer/progress_line.h"
#include "indexer/taxonomy.h"
#include "toolkits/featured_toolkits.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitFailure = 2;

void PrintDiagnostics(const ch::Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) std::cout << d.ToString() << '\n';
}

ch::Result<ch::Taxonomy> LoadTaxonomy(const std::string& taxonomy_path,
                                      const std::string& corpus_dir) {
  std::string path =
      taxonomy_path.empty() ? (fs::path(corpus_dir) / "taxonomy.yaml").string() : taxonomy_path;
  return ch::Taxonomy::Load(path);
}

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int Fail(const ch::Status& status) {
  std::cerr << "clearinghouse-index: " << status.message() << '\n';
  return status.code() == ch::Status::Code::kInvalidArgument ? kExitInputErrors : kExitFailure;
}

int Summary(const char* what, const ch::IndexReport& report, double seconds,
            const ch::Status& status, const std::string& db_dir) {
  PrintDiagnostics(report.diagnostics);
  std::printf(
      "%s: %zu documents in %s (build %llu): %zu added, %zu changed, %zu removed, %zu unchanged; "
      "%zu file(s) read; %.2f s; %zu error(s), %zu warning(s)\n",
      what, report.documents, db_dir.c_str(), static_cast<unsigned long long>(report.build),
      report.added, report.changed, report.removed, report.unchanged, report.hashed, seconds,
      report.errors, report.warnings);
  if (!status.ok()) return Fail(status);
  return kExitOk;
}

int RunValidate(const std::string& corpus_dir, const std::string& taxonomy_path) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  ch::IndexProgress progress;
  progress.Begin(ch::IndexPhase::kReading, 0);
  ch::ProgressLine line(progress);
  auto check = ch::ValidateCorpus(corpus_dir, *taxonomy, [&](size_t done, size_t total) {
    if (done == 1) progress.Begin(ch::IndexPhase::kReading, total);
    progress.Advance();
  });
  if (!check.ok()) return Fail(check.status());
  // The featured toolkits (CORPUS_DIR/toolkits/*.yaml) may name only resources that exist.
  std::unordered_set<std::string> ids;
  for (const auto& file : check->files) {
    if (file.ok()) ids.insert(file.resource.id);
  }
  auto featured = ch::LoadFeaturedToolkits((fs::path(corpus_dir) / "toolkits").string(), ids);
  if (!featured.ok()) return Fail(featured.status());
  for (const auto& d : featured->diagnostics) {
    check->diagnostics.push_back(d);
    (d.is_error() ? check->error_count : check->warning_count)++;
  }
  // An entry without a translation shows the default language's label: a warning, not an error.
  for (const auto& gap : taxonomy->translation_gaps()) {
    std::cout << "warning: " << gap << '\n';
    ++check->warning_count;
  }
  PrintDiagnostics(check->diagnostics);
  std::printf("validate: %zu files and %zu featured toolkits in %s; %zu error(s), %zu warning(s)\n",
              check->files.size(), featured->toolkits.list().size(), corpus_dir.c_str(),
              check->error_count, check->warning_count);
  return check->error_count ? kExitInputErrors : kExitOk;
}

int RunBuild(const std::string& corpus_dir, const std::string& db_dir,
             const std::string& taxonomy_path, size_t shards, size_t batch_size, bool spelling,
             const ch::StopSignals& signals) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  ch::IndexProgress progress;
  ch::IndexOptions options;
  options.shards = shards;
  options.batch_size = batch_size;
  options.spelling = spelling;
  ch::IndexReport report;
  ch::Status status;
  double seconds = 0;
  {
    ch::ProgressLine line(progress);
    status = ch::BuildIndex(corpus_dir, db_dir, *taxonomy, options, &report,
                            {signals.token(), &progress});
    seconds = line.seconds();
  }
  return Summary("build", report, seconds, status, db_dir);
}

int RunSync(const std::string& corpus_dir, const std::string& db_dir,
            const std::string& taxonomy_path, bool adopt, const ch::StopSignals& signals) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  ch::IndexOptions options;
  options.adopt_corpus = adopt;
  auto writer = ch::IndexWriter::Open(db_dir, *taxonomy, options);
  if (!writer.ok()) return Fail(writer.status());
  ch::IndexProgress progress;
  ch::IndexReport report;
  ch::Status status;
  double seconds = 0;
  {
    ch::ProgressLine line(progress);
    status = (*writer)->Sync(corpus_dir, &report, {signals.token(), &progress});
    seconds = line.seconds();
  }
  return Summary("sync", report, seconds, status, db_dir);
}

int RunAdd(const std::vector<std::string>& files, const std::string& corpus_dir,
           const std::string& db_dir, const std::string& taxonomy_path, bool adopt) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Clock::time_point start = Clock::now();
  ch::IndexOptions options;
  options.adopt_corpus = adopt;
  auto writer = ch::IndexWriter::Open(db_dir, *taxonomy, options);
  if (!writer.ok()) return Fail(writer.status());
  ch::IndexReport report;
  ch::Status status = (*writer)->AddFiles(corpus_dir, files, &report);
  return Summary("add", report, Seconds(start), status, db_dir);
}

int RunRemove(const std::vector<std::string>& ids, const std::string& corpus_dir,
              const std::string& db_dir, const std::string& taxonomy_path) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Clock::time_point start = Clock::now();
  auto writer = ch::IndexWriter::Open(db_dir, *taxonomy, {});
  if (!writer.ok()) return Fail(writer.status());
  ch::IndexReport report;
  ch::Status status = (*writer)->RemoveIds(ids, &report);
  return Summary("remove", report, Seconds(start), status, db_dir);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clearinghouse-index: validate resource files and build the search index"};
  app.require_subcommand(1);
  std::string corpus_dir = "corpus", db_dir = "data/index", taxonomy_path;
  size_t shards = 1;
  size_t batch_size = ch::IndexOptions{}.batch_size;
  bool no_spelling = false, adopt_corpus = false;
  std::vector<std::string> files, ids;

  auto* validate = app.add_subcommand("validate", "check every resource file; exit 1 on errors");
  validate->add_option("CORPUS_DIR", corpus_dir, "folder of resource files")->required();
  validate->add_option("--taxonomy", taxonomy_path,
                       "taxonomy file (default CORPUS_DIR/taxonomy.yaml)");

  auto* build =
      app.add_subcommand("build", "rebuild the index from the corpus and switch to it atomically");
  build->add_option("CORPUS_DIR", corpus_dir, "folder of resource files")->required();
  build->add_option("--db", db_dir, "index folder")->capture_default_str();
  build->add_option("--shards", shards, "number of shard databases")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  build->add_option("--taxonomy", taxonomy_path,
                    "taxonomy file (default CORPUS_DIR/taxonomy.yaml)");
  build
      ->add_option("--batch-size", batch_size,
                   "documents written between commits: the build's memory grows with it")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  build->add_flag("--no-spelling", no_spelling, "do not record spelling data");

  auto* add = app.add_subcommand("add", "index (or re-index) resource files of the corpus");
  add->add_option("FILE", files, "resource files inside the corpus folder")->required();
  add->add_option("--corpus", corpus_dir, "corpus folder")->capture_default_str();
  add->add_option("--db", db_dir, "index folder")->capture_default_str();
  add->add_option("--taxonomy", taxonomy_path, "taxonomy file (default CORPUS/taxonomy.yaml)");
  add->add_flag("--adopt-corpus", adopt_corpus,
                "take the corpus as the index's own although it was built from another");

  auto* remove = app.add_subcommand("remove", "remove resources from the index by id");
  remove->add_option("ID", ids, "resource ids")->required();
  remove->add_option("--corpus", corpus_dir, "corpus folder (for the taxonomy)")
      ->capture_default_str();
  remove->add_option("--db", db_dir, "index folder")->capture_default_str();
  remove->add_option("--taxonomy", taxonomy_path, "taxonomy file (default CORPUS/taxonomy.yaml)");

  auto* sync = app.add_subcommand("sync", "re-index only what was added, changed or deleted");
  sync->add_option("CORPUS_DIR", corpus_dir, "folder of resource files")->required();
  sync->add_option("--db", db_dir, "index folder")->capture_default_str();
  sync->add_option("--taxonomy", taxonomy_path, "taxonomy file (default CORPUS_DIR/taxonomy.yaml)");
  sync->add_flag("--adopt-corpus", adopt_corpus,
                 "take CORPUS_DIR as the index's corpus although it was built from another (a "
                 "corpus moved or copied on purpose); without it such a sync is refused");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFailure;
  }
  if (*validate) return RunValidate(corpus_dir, taxonomy_path);
  // Ctrl-C or SIGTERM stops a build (the live index is left as it was) or a sync (what it wrote
  // is committed; the next sync carries on). A second signal exits at once.
  ch::StopSignals signals;
  if (*build)
    return RunBuild(corpus_dir, db_dir, taxonomy_path, shards, batch_size, !no_spelling, signals);
  // Changes to the live build are what replicas follow; a fresh build is copied whole anyway,
  // so it writes no changesets (they would cost a second copy of every flush).
  ch::KeepReplicationChangesets();
  if (*add) return RunAdd(files, corpus_dir, db_dir, taxonomy_path, adopt_corpus);
  if (*remove) return RunRemove(ids, corpus_dir, db_dir, taxonomy_path);
  if (*sync) return RunSync(corpus_dir, db_dir, taxonomy_path, adopt_corpus, signals);
  return kExitFailure;
}
