// clearinghouse-index: validate resource files and build, change or sync the Xapian index.
//
//   clearinghouse-index validate CORPUS_DIR   (resources, and featured toolkits in
//   CORPUS_DIR/toolkits) clearinghouse-index build CORPUS_DIR --db DB_DIR [--shards N]
//   clearinghouse-index add FILE... --corpus CORPUS_DIR --db DB_DIR
//   clearinghouse-index remove ID... --corpus CORPUS_DIR --db DB_DIR
//   clearinghouse-index sync CORPUS_DIR --db DB_DIR
//
// Exit status: 0 success, 1 problems in the input (diagnostics printed), 2 usage or system error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "indexer/taxonomy.h"
#include "toolkits/featured_toolkits.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitFailure = 2;

// Prints "count/total docs, N docs/s" on a terminal, at most five times a second.
class Progress {
 public:
  explicit Progress(const char* verb) : verb_(verb), tty_(::isatty(STDERR_FILENO)) {}
  void operator()(size_t done, size_t total) {
    if (!tty_) return;
    auto now = Clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r%s %zu/%zu documents, %.0f docs/s   ", verb_, done, total,
                 seconds > 0 ? done / seconds : 0.0);
    if (done == total) std::fputc('\n', stderr);
  }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  const char* verb_;
  bool tty_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
};

void PrintDiagnostics(const ch::Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) std::cout << d.ToString() << '\n';
}

ch::Result<ch::Taxonomy> LoadTaxonomy(const std::string& taxonomy_path,
                                      const std::string& corpus_dir) {
  std::string path =
      taxonomy_path.empty() ? (fs::path(corpus_dir) / "taxonomy.yaml").string() : taxonomy_path;
  return ch::Taxonomy::Load(path);
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
      "%.2f s; %zu error(s), %zu warning(s)\n",
      what, report.documents, db_dir.c_str(), static_cast<unsigned long long>(report.build),
      report.added, report.changed, report.removed, report.unchanged, seconds, report.errors,
      report.warnings);
  if (!status.ok()) return Fail(status);
  return kExitOk;
}

int RunValidate(const std::string& corpus_dir, const std::string& taxonomy_path) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Progress progress("validated");
  auto check = ch::ValidateCorpus(corpus_dir, *taxonomy, std::ref(progress));
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
  PrintDiagnostics(check->diagnostics);
  std::printf("validate: %zu files and %zu featured toolkits in %s; %zu error(s), %zu warning(s)\n",
              check->files.size(), featured->toolkits.list().size(), corpus_dir.c_str(),
              check->error_count, check->warning_count);
  return check->error_count ? kExitInputErrors : kExitOk;
}

int RunBuild(const std::string& corpus_dir, const std::string& db_dir,
             const std::string& taxonomy_path, size_t shards, bool spelling) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Progress progress("indexed");
  ch::IndexOptions options;
  options.shards = shards;
  options.spelling = spelling;
  options.progress = std::ref(progress);
  ch::IndexReport report;
  ch::Status status = ch::BuildIndex(corpus_dir, db_dir, *taxonomy, options, &report);
  return Summary("build", report, progress.seconds(), status, db_dir);
}

int RunSync(const std::string& corpus_dir, const std::string& db_dir,
            const std::string& taxonomy_path) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Progress progress("indexed");
  ch::IndexOptions options;
  options.progress = std::ref(progress);
  auto writer = ch::IndexWriter::Open(db_dir, *taxonomy, options);
  if (!writer.ok()) return Fail(writer.status());
  ch::IndexReport report;
  ch::Status status = (*writer)->Sync(corpus_dir, &report);
  return Summary("sync", report, progress.seconds(), status, db_dir);
}

int RunAdd(const std::vector<std::string>& files, const std::string& corpus_dir,
           const std::string& db_dir, const std::string& taxonomy_path) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Progress progress("indexed");
  auto writer = ch::IndexWriter::Open(db_dir, *taxonomy, {});
  if (!writer.ok()) return Fail(writer.status());
  auto stored = (*writer)->Entries();
  if (!stored.ok()) return Fail(stored.status());

  std::error_code ec;
  fs::path corpus_abs = fs::weakly_canonical(corpus_dir, ec);
  std::vector<ch::ParsedResource> parsed;
  ch::IndexReport report;
  for (const auto& file : files) {
    fs::path abs = fs::weakly_canonical(file, ec);
    fs::path relative = abs.lexically_relative(corpus_abs);
    if (relative.empty() || *relative.begin() == "..") {
      report.diagnostics.push_back(
          ch::Diagnostic{file,
                         0,
                         0,
                         ch::Severity::kError,
                         "file",
                         "is not inside the corpus folder " + corpus_dir +
                             "; the corpus files are the source of truth, so copy it there first",
                         {}});
      continue;
    }
    parsed.push_back(ch::ReadResourceFile(corpus_dir, relative.generic_string(), *taxonomy));
  }
  std::unordered_set<std::string> other_ids;
  for (const auto& [id, entry] : *stored) other_ids.insert(id);
  ch::CheckAcrossFiles(parsed, other_ids);
  for (const auto& p : parsed) {
    report.diagnostics.insert(report.diagnostics.end(), p.diagnostics.begin(), p.diagnostics.end());
    if (!p.ok()) continue;
    auto it = stored->find(p.resource.id);
    if (it != stored->end() && it->second.source_path != p.resource.source_path) {
      report.diagnostics.push_back(ch::Diagnostic{
          p.path,
          p.id_line,
          p.id_column,
          ch::Severity::kError,
          "id",
          "duplicate id '" + p.resource.id + "', already used by " + it->second.source_path,
          {}});
      continue;
    }
    (it == stored->end() ? report.added : report.changed)++;
    ch::Status put = (*writer)->Put(p.resource);
    if (!put.ok()) return Fail(put);
    progress(report.added + report.changed, parsed.size());
  }
  ch::Status status = (*writer)->Commit();
  for (const auto& d : report.diagnostics) (d.is_error() ? report.errors : report.warnings)++;
  if (status.ok() && report.errors) {
    status = ch::Status::InvalidArgument(std::to_string(report.errors) +
                                         " error(s); files with errors were not indexed");
  }
  auto count = (*writer)->DocumentCount();
  report.documents = count.ok() ? *count : 0;
  report.build = (*writer)->build();
  return Summary("add", report, progress.seconds(), status, db_dir);
}

int RunRemove(const std::vector<std::string>& ids, const std::string& corpus_dir,
              const std::string& db_dir, const std::string& taxonomy_path) {
  auto taxonomy = LoadTaxonomy(taxonomy_path, corpus_dir);
  if (!taxonomy.ok()) return Fail(taxonomy.status());
  Progress progress("removed");
  auto writer = ch::IndexWriter::Open(db_dir, *taxonomy, {});
  if (!writer.ok()) return Fail(writer.status());
  ch::IndexReport report;
  ch::Status status;
  for (const auto& id : ids) {
    ch::Status removed = (*writer)->Remove(id);
    if (removed.code() == ch::Status::Code::kNotFound) {
      report.diagnostics.push_back(
          ch::Diagnostic{id, 0, 0, ch::Severity::kError, "id", removed.message(), {}});
      continue;
    }
    if (!removed.ok()) return Fail(removed);
    ++report.removed;
  }
  status = (*writer)->Commit();
  for (const auto& d : report.diagnostics) (d.is_error() ? report.errors : report.warnings)++;
  if (status.ok() && report.errors) {
    status = ch::Status::InvalidArgument(std::to_string(report.errors) + " id(s) not found");
  }
  auto count = (*writer)->DocumentCount();
  report.documents = count.ok() ? *count : 0;
  report.build = (*writer)->build();
  return Summary("remove", report, progress.seconds(), status, db_dir);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clearinghouse-index: validate resource files and build the search index"};
  app.require_subcommand(1);
  std::string corpus_dir = "corpus", db_dir = "data/index", taxonomy_path;
  size_t shards = 1;
  bool no_spelling = false;
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
  build->add_flag("--no-spelling", no_spelling, "do not record spelling data");

  auto* add = app.add_subcommand("add", "index (or re-index) resource files of the corpus");
  add->add_option("FILE", files, "resource files inside the corpus folder")->required();
  add->add_option("--corpus", corpus_dir, "corpus folder")->capture_default_str();
  add->add_option("--db", db_dir, "index folder")->capture_default_str();
  add->add_option("--taxonomy", taxonomy_path, "taxonomy file (default CORPUS/taxonomy.yaml)");

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFailure;
  }
  if (*validate) return RunValidate(corpus_dir, taxonomy_path);
  if (*build) return RunBuild(corpus_dir, db_dir, taxonomy_path, shards, !no_spelling);
  // Changes to the live build are what replicas follow; a fresh build is copied whole anyway,
  // so it writes no changesets (they would cost a second copy of every flush).
  ch::KeepReplicationChangesets();
  if (*add) return RunAdd(files, corpus_dir, db_dir, taxonomy_path);
  if (*remove) return RunRemove(ids, corpus_dir, db_dir, taxonomy_path);
  if (*sync) return RunSync(corpus_dir, db_dir, taxonomy_path);
  return kExitFailure;
}
