// ch-map-wdk: maps the Windows Driver Kit API reference (Markdown with YAML front matter) onto
// clearinghouse resource files, a real corpus for the indexing benchmarks.
//
//   ch-map-wdk --source DIR --out DIR [--taxonomy corpus/taxonomy.yaml]
//
// DIR is the unpacked wdk-ddi-docs.tar.gz (../shared/corpora; 24,357 pages in
// wdk-ddi/wdk-ddi-src/content/<folder>/*.md, CC BY 4.0) or any folder below it: every *.md file
// below --source is read, in path order. Writes one resource file per page to
// OUT/resources/<folder slug>/<id>.md, OUT/taxonomy.yaml (the project taxonomy plus one topic per
// distinct tech.root) and, last, OUT/mapped.txt (the statistics below; its presence marks a
// complete corpus). Refuses to write into a non-empty OUT/resources. The source's text is never
// meant for the repository: unpack it under a temporary folder.
//
// The mapping (pure parts in wdk_mapping.h, tested in tests/benchmarks):
//
//   source field                 our field
//   UID (else folder-file name)  id: slug of lowercase letters, digits and hyphens, at most 120;
//                                a taken id gets -2, -3, ... (counted as a collision)
//   title                        title: plain text, cut at a word to 300 characters (else the
//                                UID, else the file name)
//   description                  summary: plain text (links, common HTML tags, ** and backticks
//                                removed, entities decoded), cut to 2,000 characters; when empty,
//                                the first sentence of the body's first prose paragraph, else the
//                                title
//   ms.date (M/D/YYYY)           published: YYYY-MM-DD; left out when not a real date
//   tech.root                    topics: [wdk-<slug>], an added taxonomy topic labelled with the
//                                value's most frequent spelling; none when the value is missing
//                                or longer than 40 characters (a sentence pasted by mistake)
//   topic_type, api_type,        type: index/landing pages (ms.topic overview or portal, or
//   ms.topic, file name          index.md, without an apiref topic_type) -> website; API
//                                reference pages by api_type: HeaderDef -> fact-sheet,
//                                DllExport/LibDef/COM -> guide, UserDefined (callbacks) ->
//                                template; anything else -> article
//   keywords, api_name,          keywords: in this order, trimmed, deduplicated ignoring case,
//   f1_keywords, req.header,     at most 50 items of at most 300 characters (the rest dropped
//   api_location                 and counted)
//   folder and file name         url: https://learn.microsoft.com/en-us/windows-hardware/drivers/
//                                ddi/<folder>/<name> (index.md: the folder)
//   (fixed)                      focus_areas: [technology]; source: "Microsoft Windows Driver
//                                Kit documentation"; language: en
//   the Markdown body            the body, unchanged (raw HTML and all: the indexer renders it
//                                with cmark-gfm and omits raw HTML); an empty body becomes the
//                                summary
//   other fields (ms.*, req.*,   dropped
//   old-location, ...)
//
// Front matter is written with yaml-cpp's emitter, every text value double-quoted. Skipped (and
// counted): files over 1 MiB before or after mapping, invalid UTF-8, no front matter or one never
// closed, YAML that does not parse or is not a mapping (the first few are printed with yaml-cpp's
// message). The indexer's other limits (title, summary, keyword count and length, id) are met by
// the mapping itself.
//
// Exit status: 0 success (skipped files included), 2 bad arguments or I/O error.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "base/slug.h"
#include "base/utf8.h"
#include "benchmarks/wdk_mapping.h"
#include "indexer/resource_parser.h"
#include "indexer/taxonomy.h"

namespace {
namespace fs = std::filesystem;
using ch::bench::MappedResource;
using ch::bench::SummarySource;

constexpr size_t kShownParseErrors = 5;

struct Options {
  std::string source_dir;
  std::string out_dir;
  std::string taxonomy_path = CH_SOURCE_DIR "/corpus/taxonomy.yaml";
};

// What happened to the pages, for the summary and OUT/mapped.txt.
struct Statistics {
  size_t read = 0;
  size_t written = 0;
  std::map<std::string, size_t> skipped;  // reason -> files
  size_t id_collisions = 0;
  size_t without_topic = 0;
  size_t topics = 0;
  size_t published = 0;
  size_t date_missing_or_invalid = 0;
  size_t summary_from_body = 0;
  size_t summary_from_title = 0;
  size_t body_from_summary = 0;
  size_t keywords_dropped = 0;
  std::map<std::string, size_t> types;
  uint64_t bytes_written = 0;
  double seconds = 0;

  size_t Skipped() const {
    size_t n = 0;
    for (const auto& [reason, count] : skipped) n += count;
    return n;
  }
  std::string Text() const {
    std::string out;
    auto line = [&](const std::string& key, const std::string& value) {
      out += key + ": " + value + "\n";
    };
    line("files_read", std::to_string(read));
    line("written", std::to_string(written));
    line("skipped", std::to_string(Skipped()));
    for (const auto& [reason, count] : skipped) line("skipped_" + reason, std::to_string(count));
    line("id_collisions", std::to_string(id_collisions));
    line("distinct_topics", std::to_string(topics));
    line("without_topic", std::to_string(without_topic));
    line("published", std::to_string(published));
    line("date_missing_or_invalid", std::to_string(date_missing_or_invalid));
    line("summary_from_body", std::to_string(summary_from_body));
    line("summary_from_title", std::to_string(summary_from_title));
    line("body_from_summary", std::to_string(body_from_summary));
    line("keywords_dropped", std::to_string(keywords_dropped));
    for (const auto& [type, count] : types) line("type_" + type, std::to_string(count));
    line("bytes_written", std::to_string(bytes_written));
    char seconds_text[32];
    std::snprintf(seconds_text, sizeof seconds_text, "%.1f", this->seconds);
    line("seconds", seconds_text);
    return out;
  }
};

int Fail(const std::string& message) {
  std::cerr << "ch-map-wdk: " << message << '\n';
  return 2;
}

// Every *.md file below `dir`, relative and '/'-separated, sorted (so ids are deterministic).
ch::Result<std::vector<std::string>> SourceFiles(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".md") {
      files.push_back(it->path().lexically_relative(dir).generic_string());
    }
  }
  if (ec) return ch::Status::IOError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// The output folder for a page: the slug of its source folder ("_hid" -> "hid"), so that no
// folder name starts with '_' (the indexer skips those).
std::string OutputFolder(const std::string& relative_path) {
  fs::path parent = fs::path(relative_path).parent_path();
  std::string slug = ch::SlugFromFileName(parent.filename().string());
  return slug.empty() ? "root" : slug;
}

class Mapper {
 public:
  Mapper(const Options& options, Statistics& stats) : options_(options), stats_(stats) {}

  // Maps one source file; false only on an I/O error writing the output (`*error` says which).
  bool MapFile(const std::string& relative_path, std::string* error) {
    ++stats_.read;
    const std::string path = (fs::path(options_.source_dir) / relative_path).string();
    ch::Result<std::string> bytes = ch::ReadFile(path, limits_.max_file_bytes);
    if (!bytes.ok()) {
      if (bytes.status().code() == ch::Status::Code::kResourceExhausted) return Skip("over_1mib");
      *error = bytes.status().message();
      return false;
    }
    if (ch::FindInvalidUtf8(*bytes) != std::string::npos) return Skip("invalid_utf8");
    auto split = ch::bench::SplitFrontMatter(*bytes);
    if (!split) return Skip("no_front_matter");
    ch::bench::WdkPage page;
    page.relative_path = relative_path;
    ch::Status parsed = ch::bench::ReadWdkFrontMatter(split->front_matter, &page);
    if (!parsed.ok()) {
      if (++shown_parse_errors_ <= kShownParseErrors) {
        std::cerr << "ch-map-wdk: " << path << ": front matter skipped: " << parsed.message()
                  << '\n';
      }
      return Skip("front_matter_error");
    }
    page.body = std::string(split->body);
    topics_.Add(page.tech_root);
    MappedResource r = ch::bench::MapWdkPage(page, ids_, mapping_);
    if (r.file.size() > limits_.max_file_bytes) return Skip("over_1mib_after_mapping");
    Count(r);
    fs::path folder = fs::path(options_.out_dir) / "resources" / OutputFolder(relative_path);
    std::error_code ec;
    if (created_.insert(folder.string()).second && !fs::create_directories(folder, ec) && ec) {
      *error = "cannot create " + folder.string() + ": " + ec.message();
      return false;
    }
    return WriteText(folder / (r.id + ".md"), r.file, error);
  }

  // Writes OUT/taxonomy.yaml: the project taxonomy plus the topics seen.
  bool WriteTaxonomy(std::string* error) {
    ch::Result<std::string> base = ch::ReadFile(options_.taxonomy_path);
    if (!base.ok()) return Failed(base.status(), error);
    std::vector<ch::bench::WdkTopic> topics = topics_.Topics();
    stats_.topics = topics.size();
    ch::Result<std::string> taxonomy = ch::bench::TaxonomyWithTopics(*base, topics);
    if (!taxonomy.ok()) return Failed(taxonomy.status(), error);
    ch::Result<ch::Taxonomy> check = ch::Taxonomy::Parse(*taxonomy, "the written taxonomy");
    if (!check.ok()) return Failed(check.status(), error);
    return WriteText(fs::path(options_.out_dir) / "taxonomy.yaml", *taxonomy, error);
  }

  static bool WriteText(const fs::path& path, const std::string& text, std::string* error) {
    FILE* f = std::fopen(path.c_str(), "wb");
    bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (f && std::fclose(f) != 0) ok = false;
    if (!ok) *error = "cannot write " + path.string() + ": " + std::strerror(errno);
    return ok;
  }

 private:
  static bool Failed(const ch::Status& status, std::string* error) {
    *error = status.message();
    return false;
  }
  bool Skip(const std::string& reason) {
    ++stats_.skipped[reason];
    return true;
  }
  void Count(const MappedResource& r) {
    ++stats_.written;
    stats_.bytes_written += r.file.size();
    stats_.id_collisions = ids_.collisions();
    ++stats_.types[r.type];
    if (r.topic.empty()) ++stats_.without_topic;
    ++(r.published.empty() ? stats_.date_missing_or_invalid : stats_.published);
    if (r.summary_source == SummarySource::kBody) ++stats_.summary_from_body;
    if (r.summary_source == SummarySource::kTitle) ++stats_.summary_from_title;
    if (r.body_from_summary) ++stats_.body_from_summary;
    stats_.keywords_dropped += r.keywords_dropped;
  }

  const Options& options_;
  Statistics& stats_;
  ch::ResourceLimits limits_;
  ch::bench::MappingOptions mapping_;
  ch::bench::IdAllocator ids_;
  ch::bench::TopicCatalog topics_;
  std::set<std::string> created_;
  size_t shown_parse_errors_ = 0;
};

int Map(const Options& options) {
  auto start = std::chrono::steady_clock::now();
  const fs::path out(options.out_dir), resources = out / "resources";
  std::error_code ec;
  if (fs::exists(resources, ec) && !fs::is_empty(resources, ec)) {
    return Fail(resources.string() +
                " already exists and is not empty; remove it or choose another --out");
  }
  if (!fs::create_directories(resources, ec) && ec) {
    return Fail("cannot create " + resources.string() + ": " + ec.message());
  }
  ch::Result<std::vector<std::string>> files = SourceFiles(options.source_dir);
  if (!files.ok()) return Fail(files.status().message());
  if (files->empty()) return Fail("no *.md files below " + options.source_dir);

  Statistics stats;
  Mapper mapper(options, stats);
  std::string error;
  for (const auto& file : *files) {
    if (!mapper.MapFile(file, &error)) return Fail(error);
  }
  if (!mapper.WriteTaxonomy(&error)) return Fail(error);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string text = stats.Text();
  if (!Mapper::WriteText(out / "mapped.txt", text, &error)) return Fail(error);
  std::cerr << "ch-map-wdk: wrote " << stats.written << " of " << stats.read << " pages to "
            << resources.string() << "\n"
            << text;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ch-map-wdk: map the Windows Driver Kit API reference onto resource files"};
  Options options;
  app.add_option("--source", options.source_dir, "unpacked wdk-ddi-docs folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--out", options.out_dir, "output folder (resources/, taxonomy.yaml, mapped.txt)")
      ->required();
  app.add_option("--taxonomy", options.taxonomy_path, "the project taxonomy to extend")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return Map(options);
}
