// ch-bench-index: times our indexing pipeline against plain Xapian and the peer systems (SQLite
// FTS5, Xapian Omega's omindex) on the same corpus files.
//
//   ch-bench-index --corpus DIR --work DIR [--repeat R] [--taxonomy PATH] [--variants LIST]
//                  [--label TEXT] [--keep]
//
// Variants, each into a fresh database under --work (WORK/db-VARIANT):
//   ours          ch::BuildIndex (validation, Markdown, concepts, fields, values, JSON data,
//                 spelling) into a fresh index folder, published as build-000001
//                 with the default IndexOptions: documents built on a second thread
//   ours-1thread  the same on one thread (IndexOptions::second_thread = false)
//   ours-nospell  the same as ours with IndexOptions::spelling = false
//   plain         plain Xapian: read each file, take the text after the front matter's closing
//                 `---` line, index the title and that text with a TermGenerator (English
//                 stemmer, STEM_SOME, positions, no spelling), set_data(raw file),
//                 replace_document("Q" + id), one commit() at the end
//   fts5          SQLite FTS5 (porter unicode61) on the same title and body text, plus the
//                 tables filters and facet counts need; one transaction, then 'optimize'
//                 (peer_indexers.h)
//   omindex       Omega's omindex as a child process on exactly the corpus files; it runs
//                 Debian's `markdown` once per file (peer_indexers.h)
//   omindex-text  omindex taking the .md files as plain text: no `markdown` processes
// The default is ours, ours-1thread, ours-nospell, plain (the peers are not in it, so that
// benchmarks/run-indexing stays comparable with earlier runs and needs no extra package); the
// peers run when named in --variants (benchmarks/run-peers does, after installing omindex).
//
// Every run happens in a forked child, so peak memory is per variant: the child reports
// getrusage(RUSAGE_SELF).ru_maxrss minus its resident size when it started (the "peak RSS delta").
// For omindex and omindex-text the work happens in grandchildren: CPU time is the child's own
// plus RUSAGE_CHILDREN, i.e. omindex and every `markdown` process it ran, and peak RSS is the
// largest of those processes' whole peak (not a delta; omindex's own in practice).
// Wall time covers the whole variant (loading the taxonomy, listing, reading, indexing,
// committing) with a warm page cache (every file is read once before the first run). Index size
// is the bytes of the database folder. With --repeat R > 1 the variants run alternately (the
// order rotates each round) and the table reports medians. Xapian's default auto-flush
// (XAPIAN_FLUSH_THRESHOLD, 10000 documents) applies to every Xapian variant alike. When omindex
// or fts5 ran, one more table gives every variant's ratios to each of them.
//
// With --keep, each variant's database of the last round stays in WORK/db-VARIANT (for
// ch-bench-search); otherwise it is removed after its run.
//
// Prints Markdown tables on stdout; progress on stderr. Exit status: 0 success, 1 a variant
// failed (for example a corpus with errors, or omindex missing a file), 2 bad arguments.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "base/file_util.h"
#include "base/slug.h"
#include "benchmarks/front_matter_lite.h"
#include "benchmarks/peer_indexers.h"
#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "indexer/taxonomy.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitRunFailed = 1;
constexpr int kExitUsage = 2;
constexpr const char* kVariantNames[] = {"ours", "ours-1thread", "ours-nospell", "plain"};
constexpr const char* kPeerNames[] = {"fts5", "omindex"};
constexpr double kMiB = 1024.0 * 1024.0;

struct Options {
  std::string corpus_dir;
  std::string work_dir;
  std::string taxonomy_path;  // default CORPUS/taxonomy.yaml
  std::string label;          // shown in the heading instead of the corpus path
  int repeat = 1;
  bool keep = false;  // keep WORK/db-VARIANT of the last round
  std::vector<std::string> variants{std::begin(kVariantNames), std::end(kVariantNames)};
  // Set by Bench for omindex: the mirror of the corpus files and how many there are.
  std::string mirror_dir;
  uint64_t corpus_files = 0;
};

// What a child sends back through its pipe: plain bytes, no pointers.
struct ChildReport {
  bool ok = false;
  double seconds = 0;
  double cpu_seconds = 0;        // user + system
  double validate_seconds = -1;  // ours: until the first document was indexed
  uint64_t docs = 0;
  long rss_start_kib = 0;
  long rss_peak_kib = 0;
  char error[512] = {};
};

struct Run {
  double seconds = 0, cpu_seconds = 0, validate_seconds = -1;
  uint64_t docs = 0, index_bytes = 0;
  double rss_delta_mib = 0;
};

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double CpuSeconds(const struct rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long ResidentKiB() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// The 1-minute load average, to notice other work on the machine during a run.
std::string LoadAverage() {
  FILE* f = std::fopen("/proc/loadavg", "r");
  char buf[32] = "?";
  if (f) {
    if (std::fscanf(f, "%31s", buf) != 1) std::snprintf(buf, sizeof buf, "?");
    std::fclose(f);
  }
  return buf;
}

uint64_t FolderBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

ch::Result<uint64_t> RunPlain(const Options& opt, const std::string& db_dir) {
  auto files = ch::ListCorpusFiles(opt.corpus_dir);
  if (!files.ok()) return files.status();
  try {
    Xapian::WritableDatabase db(db_dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const auto& relative : *files) {
      auto bytes = ch::ReadFile((fs::path(opt.corpus_dir) / relative).string());
      if (!bytes.ok()) return bytes.status();
      std::string_view front_matter;
      std::string_view body = ch::bench::BodyOf(*bytes, &front_matter);
      Xapian::Document doc;
      generator.set_document(doc);
      std::string_view title = ch::bench::TitleOf(front_matter);
      generator.index_text(Xapian::Utf8Iterator(title.data(), title.size()));
      generator.increase_termpos(100);
      generator.index_text(Xapian::Utf8Iterator(body.data(), body.size()));
      std::string id_term = "Q" + ch::SlugFromFileName(fs::path(relative).filename().string());
      doc.add_boolean_term(id_term);
      doc.set_data(*bytes);
      db.replace_document(id_term, doc);
    }
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    return ch::Status::IOError("plain Xapian: " + e.get_description());
  }
  return static_cast<uint64_t>(files->size());
}

std::string FirstErrors(const ch::Diagnostics& diagnostics) {
  std::string out;
  int shown = 0;
  for (const auto& d : diagnostics) {
    if (d.is_error() && shown++ < 3) out += "\n  " + d.ToString();
  }
  return out;
}

ch::Result<uint64_t> RunOurs(const Options& opt, const std::string& db_dir, bool spelling,
                             bool second_thread, double* validate_seconds,
                             Clock::time_point start) {
  auto taxonomy = ch::Taxonomy::Load(opt.taxonomy_path);
  if (!taxonomy.ok()) return taxonomy.status();
  ch::IndexOptions options;
  options.spelling = spelling;
  options.second_thread = second_thread;
  options.holder = "ch-bench-index";
  options.progress = [validate_seconds, start](size_t done, size_t) {
    if (done == 1) *validate_seconds = Since(start);
  };
  ch::IndexReport report;
  ch::Status status = ch::BuildIndex(opt.corpus_dir, db_dir, *taxonomy, options, &report);
  if (!status.ok())
    return ch::Status(status.code(), status.message() + FirstErrors(report.diagnostics));
  return static_cast<uint64_t>(report.documents);
}

// Runs in the child: one variant, measured.
ChildReport MeasureVariant(const Options& opt, const std::string& variant,
                           const std::string& db_dir) {
  ChildReport report;
  report.rss_start_kib = ResidentKiB();
  struct rusage usage {
  }, children{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu_start = CpuSeconds(usage);
  auto start = Clock::now();
  ch::Result<uint64_t> docs = ch::Status::Internal("unknown variant " + variant);
  try {
    if (variant == "plain")
      docs = RunPlain(opt, db_dir);
    else if (variant == "ours")
      docs = RunOurs(opt, db_dir, true, true, &report.validate_seconds, start);
    else if (variant == "ours-1thread")
      docs = RunOurs(opt, db_dir, true, false, &report.validate_seconds, start);
    else if (variant == "ours-nospell")
      docs = RunOurs(opt, db_dir, false, true, &report.validate_seconds, start);
    else if (variant == "fts5")
      docs = ch::bench::IndexWithFts5(opt.corpus_dir, db_dir);
    else if (variant == "omindex" || variant == "omindex-text") {
      docs = ch::bench::IndexWithOmindex(opt.mirror_dir, db_dir, opt.corpus_files,
                                         (fs::path(opt.work_dir) / (variant + ".log")).string(),
                                         variant == "omindex-text");
    }
  } catch (const std::exception& e) {
    docs = ch::Status::Internal(e.what());
  }
  report.seconds = Since(start);
  getrusage(RUSAGE_SELF, &usage);
  getrusage(RUSAGE_CHILDREN, &children);  // zero unless the variant ran processes (omindex)
  report.cpu_seconds = CpuSeconds(usage) + CpuSeconds(children) - cpu_start;
  report.rss_peak_kib = usage.ru_maxrss;
  if (variant == "omindex" || variant == "omindex-text") {
    report.rss_start_kib = 0;
    report.rss_peak_kib = children.ru_maxrss;
  }
  report.ok = docs.ok();
  if (docs.ok())
    report.docs = *docs;
  else
    std::snprintf(report.error, sizeof report.error, "%s", docs.status().message().c_str());
  return report;
}

bool WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n, size -= static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, void* data, size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n, size -= static_cast<size_t>(n);
  }
  return true;
}

// Forks a child that runs `variant` into `db_dir` and returns what it measured.
ch::Result<ChildReport> ForkAndMeasure(const Options& opt, const std::string& variant,
                                       const std::string& db_dir) {
  int fds[2];
  if (::pipe(fds) != 0) return ch::Status::IOError(std::string("pipe: ") + std::strerror(errno));
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  if (pid < 0) return ch::Status::IOError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    ChildReport report = MeasureVariant(opt, variant, db_dir);
    _exit(WriteAll(fds[1], &report, sizeof report) ? 0 : 3);
  }
  ::close(fds[1]);
  ChildReport report;
  bool got = ReadAll(fds[0], &report, sizeof report);
  ::close(fds[0]);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!got || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return ch::Status::Internal(variant + ": the measuring process died (status " +
                                std::to_string(wstatus) + ")");
  }
  if (!report.ok) return ch::Status::Internal(variant + ": " + report.error);
  return report;
}

// Reads every corpus file once so that every variant starts with the same warm page cache.
ch::Result<std::pair<size_t, uint64_t>> WarmCorpus(const std::string& corpus_dir) {
  auto files = ch::ListCorpusFiles(corpus_dir);
  if (!files.ok()) return files.status();
  uint64_t bytes = 0;
  for (const auto& relative : *files) {
    auto data = ch::ReadFile((fs::path(corpus_dir) / relative).string());
    if (data.ok()) bytes += data->size();
  }
  return std::make_pair(files->size(), bytes);
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <typename F>
double MedianOf(const std::vector<Run>& runs, F field) {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(static_cast<double>(field(r)));
  return Median(v);
}

std::string Format(const char* fmt, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

std::string Ratio(double ours, double plain) {
  return plain > 0 ? Format("%.2fx", ours / plain) : "-";
}

// Medians of one variant's runs.
struct Summary {
  double seconds, cpu, validate, bytes, rss, docs;
  std::string every;  // every run's wall seconds
};

Summary Summarise(const std::vector<Run>& runs) {
  Summary m;
  m.seconds = MedianOf(runs, [](const Run& r) { return r.seconds; });
  m.cpu = MedianOf(runs, [](const Run& r) { return r.cpu_seconds; });
  m.validate = MedianOf(runs, [](const Run& r) { return r.validate_seconds; });
  m.bytes = MedianOf(runs, [](const Run& r) { return r.index_bytes; });
  m.rss = MedianOf(runs, [](const Run& r) { return r.rss_delta_mib; });
  m.docs = MedianOf(runs, [](const Run& r) { return r.docs; });
  for (const auto& r : runs) m.every += (m.every.empty() ? "" : ", ") + Format("%.2f", r.seconds);
  return m;
}

// Every variant against each peer that ran (omindex, fts5): the "as ratios" table.
void PrintPeerRatios(const Options& opt, const std::map<std::string, std::vector<Run>>& runs) {
  std::vector<std::pair<std::string, Summary>> peers;
  for (const char* peer : kPeerNames) {
    if (runs.count(peer)) peers.emplace_back(peer, Summarise(runs.at(peer)));
  }
  if (peers.empty()) return;
  std::printf(
      "Ratios to the peers (below 1.00x: less time, CPU, space or memory than the peer)\n\n"
      "| variant |");
  for (const auto& [peer, summary] : peers) {
    std::printf(" wall / %s | CPU / %s | size / %s | RSS / %s |", peer.c_str(), peer.c_str(),
                peer.c_str(), peer.c_str());
  }
  std::printf("\n|---|");
  for (size_t k = 0; k < peers.size(); ++k) std::printf("---:|---:|---:|---:|");
  std::printf("\n");
  for (const auto& variant : opt.variants) {
    Summary m = Summarise(runs.at(variant));
    std::printf("| %s |", variant.c_str());
    for (const auto& [peer, p] : peers) {
      std::printf(" %s | %s | %s | %s |", Ratio(m.seconds, p.seconds).c_str(),
                  Ratio(m.cpu, p.cpu).c_str(), Ratio(m.bytes, p.bytes).c_str(),
                  Ratio(m.rss, p.rss).c_str());
    }
    std::printf("\n");
  }
  std::printf("\n");
}

void PrintTable(const Options& opt, size_t files, uint64_t corpus_bytes,
                const std::map<std::string, std::vector<Run>>& runs) {
  const std::string name = opt.label.empty() ? opt.corpus_dir : opt.label;
  const std::string how =
      opt.repeat > 1 ? "median of " + std::to_string(opt.repeat) + " alternating runs" : "one run";
  std::printf("#### %s: %zu documents, %.1f MiB of Markdown, %s\n\n", name.c_str(), files,
              corpus_bytes / kMiB, how.c_str());
  std::printf(
      "| variant | wall s | CPU s | docs/s | of which parse+validate s | index MiB "
      "| peak RSS delta MiB | wall / plain | CPU / plain | size / plain | RSS / plain "
      "| every run, wall s |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
  Summary plain{};
  if (runs.count("plain")) plain = Summarise(runs.at("plain"));
  for (const auto& variant : opt.variants) {
    Summary m = Summarise(runs.at(variant));
    std::printf("| %s | %.2f | %.2f | %.0f | %s | %.1f | %.1f | %s | %s | %s | %s | %s |\n",
                variant.c_str(), m.seconds, m.cpu, m.seconds > 0 ? m.docs / m.seconds : 0.0,
                m.validate >= 0 ? Format("%.2f", m.validate).c_str() : "-", m.bytes / kMiB, m.rss,
                Ratio(m.seconds, plain.seconds).c_str(), Ratio(m.cpu, plain.cpu).c_str(),
                Ratio(m.bytes, plain.bytes).c_str(), Ratio(m.rss, plain.rss).c_str(),
                m.every.c_str());
  }
  std::printf("\n");
  PrintPeerRatios(opt, runs);
  std::fflush(stdout);
}

// Runs `variant` once in a fresh database folder and measures it.
ch::Result<Run> RunOnce(const Options& opt, const std::string& variant) {
  const std::string db_dir = (fs::path(opt.work_dir) / ("db-" + variant)).string();
  std::error_code ec;
  fs::remove_all(db_dir, ec);
  if (ec) return ch::Status::IOError("cannot remove " + db_dir + ": " + ec.message());
  const std::string load = LoadAverage();
  auto report = ForkAndMeasure(opt, variant, db_dir);
  if (!report.ok()) return report.status();
  Run run;
  run.seconds = report->seconds;
  run.cpu_seconds = report->cpu_seconds;
  run.validate_seconds = report->validate_seconds;
  run.docs = report->docs;
  run.index_bytes = FolderBytes(db_dir);
  run.rss_delta_mib = static_cast<double>(report->rss_peak_kib - report->rss_start_kib) / 1024.0;
  if (!opt.keep) fs::remove_all(db_dir, ec);
  std::fprintf(stderr,
               "ch-bench-index: %-12s %8.2f s wall %8.2f s CPU %7llu docs %8.1f MiB index "
               "%7.1f MiB RSS; load average before: %s\n",
               variant.c_str(), run.seconds, run.cpu_seconds,
               static_cast<unsigned long long>(run.docs), run.index_bytes / kMiB, run.rss_delta_mib,
               load.c_str());
  return run;
}

int Bench(Options opt) {
  std::error_code ec;
  if (!fs::is_directory(opt.corpus_dir, ec)) {
    std::cerr << "ch-bench-index: --corpus " << opt.corpus_dir << " is not a folder\n";
    return kExitUsage;
  }
  if (opt.taxonomy_path.empty())
    opt.taxonomy_path = (fs::path(opt.corpus_dir) / "taxonomy.yaml").string();
  if (!fs::is_regular_file(opt.taxonomy_path, ec)) {
    std::cerr << "ch-bench-index: no taxonomy at " << opt.taxonomy_path << " (use --taxonomy)\n";
    return kExitUsage;
  }
  fs::create_directories(opt.work_dir, ec);
  if (ec) {
    std::cerr << "ch-bench-index: cannot create --work " << opt.work_dir << ": " << ec.message()
              << '\n';
    return kExitUsage;
  }
  auto corpus = WarmCorpus(opt.corpus_dir);
  if (!corpus.ok()) {
    std::cerr << "ch-bench-index: " << corpus.status().message() << '\n';
    return kExitUsage;
  }
  std::vector<std::string> unique;
  for (const auto& v : opt.variants) {
    if (std::find(unique.begin(), unique.end(), v) == unique.end()) unique.push_back(v);
  }
  opt.variants = unique;
  auto wanted = [&](const char* v) {
    return std::find(opt.variants.begin(), opt.variants.end(), v) != opt.variants.end();
  };
  if (wanted("omindex") || wanted("omindex-text")) {
    opt.mirror_dir = (fs::path(opt.work_dir) / "omindex-input").string();
    auto mirrored = ch::bench::MirrorCorpus(opt.corpus_dir, opt.mirror_dir);
    if (!mirrored.ok()) {
      std::cerr << "ch-bench-index: " << mirrored.status().message() << '\n';
      return kExitRunFailed;
    }
    opt.corpus_files = *mirrored;
  }
  std::map<std::string, std::vector<Run>> runs;
  const size_t n = opt.variants.size();
  for (int round = 0; round < opt.repeat; ++round) {
    for (size_t k = 0; k < n; ++k) {
      const std::string& variant = opt.variants[(k + static_cast<size_t>(round)) % n];
      auto run = RunOnce(opt, variant);
      if (!run.ok()) {
        std::cerr << "ch-bench-index: " << run.status().message() << '\n';
        return kExitRunFailed;
      }
      runs[variant].push_back(*run);
    }
  }
  PrintTable(opt, corpus->first, corpus->second, runs);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ch-bench-index: time our indexing pipeline against plain Xapian and its peers"};
  Options opt;
  app.add_option("--corpus", opt.corpus_dir, "corpus folder (resource files and taxonomy.yaml)")
      ->required();
  app.add_option("--work", opt.work_dir, "scratch folder for the databases (emptied per run)")
      ->required();
  app.add_option("--repeat", opt.repeat, "rounds of all variants; the table shows medians")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--taxonomy", opt.taxonomy_path, "taxonomy file (default CORPUS/taxonomy.yaml)");
  app.add_option("--label", opt.label, "corpus name for the table heading (default the path)");
  app.add_option("--variants", opt.variants, "variants to run, in order")
      ->delimiter(',')
      ->check(CLI::IsMember(
          {"ours", "ours-1thread", "ours-nospell", "plain", "fts5", "omindex", "omindex-text"}))
      ->capture_default_str();
  app.add_flag("--keep", opt.keep,
               "keep each variant's database of the last round in WORK/db-VARIANT");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  return Bench(opt);
}
