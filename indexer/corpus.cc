#include "indexer/corpus.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_map>

#include "base/file_util.h"

namespace ch {
namespace fs = std::filesystem;

Result<std::vector<std::string>> ListCorpusFiles(const std::string& corpus_dir) {
  std::error_code ec;
  if (!fs::is_directory(corpus_dir, ec)) {
    return Status::NotFound("corpus folder " + corpus_dir + " does not exist or is not a folder");
  }
  // Entries are named root/..., so their relative paths are lexical: fs::relative would resolve
  // both paths on the disk for every file (about 15 readlink calls each), which dominated an
  // in-step sync of a large corpus.
  fs::path root = fs::path(corpus_dir).lexically_normal();
  if (!root.has_filename() && root.has_relative_path()) root = root.parent_path();  // "corpus/"
  std::vector<std::string> out;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  if (ec) return Status::IOError("cannot list " + corpus_dir + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IOError("cannot list " + corpus_dir + ": " + ec.message());
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.' || name[0] == '_') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || it->path().extension() != ".md") continue;
    if (name == "README.md") continue;
    out.push_back(it->path().lexically_relative(root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ParsedResource ReadResourceFile(const std::string& corpus_dir, const std::string& relative_path,
                                const Taxonomy& taxonomy, const ResourceLimits& limits) {
  std::string full = (fs::path(corpus_dir) / relative_path).string();
  // ReadFile refuses files over the limit before reading them, so a huge file costs nothing.
  Result<std::string> bytes = ReadFile(full, limits.max_file_bytes);
  if (!bytes.ok()) {
    ParsedResource failed;
    failed.path = full;
    failed.resource.source_path = relative_path;
    std::string message = bytes.status().code() == Status::Code::kResourceExhausted
                              ? bytes.status().message() + " bytes (1 MiB)"
                              : bytes.status().message();
    failed.diagnostics.push_back(Diagnostic{full, 0, 0, Severity::kError, "file", message, {}});
    return failed;
  }
  return ParseResource(*bytes, full, relative_path, taxonomy, limits);
}

namespace {

// A translation names another resource, which exists and is in another language (checked when the
// target is among `files`; a target only in `other_ids` is known to exist).
void CheckTranslations(std::vector<ParsedResource>& files,
                       const std::unordered_map<std::string, size_t>& first_with_id,
                       const std::unordered_set<std::string>& other_ids) {
  for (auto& file : files) {
    for (const auto& ref : file.translation_refs) {
      auto error = [&](const std::string& message) {
        file.diagnostics.push_back(Diagnostic{
            file.path, ref.line, ref.column, Severity::kError, "translations", message, {}});
      };
      auto target = first_with_id.find(ref.id);
      if (ref.id == file.resource.id) {
        error("a resource cannot be its own translation");
      } else if (target != first_with_id.end()) {
        const std::string& language = files[target->second].resource.language;
        if (language == file.resource.language) {
          error("'" + ref.id + "' is in the same language (" + language +
                ") as this resource; a translation must be in another language");
        }
      } else if (!other_ids.count(ref.id)) {
        error("no resource has the id '" + ref.id + "'");
      }
    }
  }
}

}  // namespace

void CheckAcrossFiles(std::vector<ParsedResource>& files,
                      const std::unordered_set<std::string>& other_ids) {
  std::unordered_map<std::string, size_t> first_with_id;
  for (size_t i = 0; i < files.size(); ++i) {
    ParsedResource& file = files[i];
    if (file.resource.id.empty()) continue;
    auto [it, inserted] = first_with_id.emplace(file.resource.id, i);
    if (!inserted) {
      file.diagnostics.push_back(Diagnostic{
          file.path,
          file.id_line,
          file.id_column,
          Severity::kError,
          "id",
          "duplicate id '" + file.resource.id + "', already used by " + files[it->second].path,
          {}});
    }
  }
  for (auto& file : files) {
    for (const auto& ref : file.related_refs) {
      if (ref.id == file.resource.id) {
        file.diagnostics.push_back(Diagnostic{file.path,
                                              ref.line,
                                              ref.column,
                                              Severity::kWarning,
                                              "related",
                                              "a resource cannot be related to itself",
                                              {}});
      } else if (!first_with_id.count(ref.id) && !other_ids.count(ref.id)) {
        file.diagnostics.push_back(Diagnostic{file.path,
                                              ref.line,
                                              ref.column,
                                              Severity::kError,
                                              "related",
                                              "no resource has the id '" + ref.id + "'",
                                              {}});
      }
    }
  }
  CheckTranslations(files, first_with_id, other_ids);
}

void DropText(ParsedResource& file) {
  Resource& r = file.resource;
  for (std::string* text : {&r.body_markdown, &r.body_html, &r.body_text, &r.summary}) {
    std::string().swap(*text);
  }
  std::vector<std::string>().swap(r.keywords);
  std::vector<std::string>().swap(r.authors);
  r.evidence = Evidence();
}

void Summarise(CorpusCheck& check) {
  check.diagnostics.clear();
  check.error_count = check.warning_count = 0;
  for (const auto& file : check.files) {
    for (const auto& d : file.diagnostics) {
      check.diagnostics.push_back(d);
      (d.is_error() ? check.error_count : check.warning_count)++;
    }
  }
}

Result<CorpusCheck> ValidateCorpus(const std::string& corpus_dir, const Taxonomy& taxonomy,
                                   const std::function<void(size_t, size_t)>& progress) {
  Result<std::vector<std::string>> paths = ListCorpusFiles(corpus_dir);
  if (!paths.ok()) return paths.status();
  CorpusCheck check;
  check.files.reserve(paths->size());
  for (const auto& relative : *paths) {
    check.files.push_back(ReadResourceFile(corpus_dir, relative, taxonomy));
    DropText(check.files.back());
    if (progress) progress(check.files.size(), paths->size());
  }
  CheckAcrossFiles(check.files, {});
  Summarise(check);
  return check;
}

}  // namespace ch
