// corpus.h: a folder of resource files, read and checked as a whole.
//
// ListCorpusFiles finds every `*.md` file below the folder, recursively, in sorted order, skipping
// hidden files and folders (names starting with '.'), names starting with '_', and README.md
// files. ValidateCorpus parses every file (resource_parser.h) and adds the checks that need all
// files at once: duplicate ids, `related` ids that name no resource, and `translations` that name
// no resource or one in the same language. It reports every problem
// in one run and never stops early.
//
// Thread-safety: free functions over their arguments; the Taxonomy is only read.
#pragma once

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "indexer/diagnostic.h"
#include "indexer/resource_parser.h"
#include "indexer/taxonomy.h"

namespace ch {

// Relative paths ("resources/nibin-guide.md") of the resource files below `corpus_dir`.
Result<std::vector<std::string>> ListCorpusFiles(const std::string& corpus_dir);

// Reads and parses one file of the corpus. `relative_path` is relative to `corpus_dir`.
ParsedResource ReadResourceFile(const std::string& corpus_dir, const std::string& relative_path,
                                const Taxonomy& taxonomy,
                                const ResourceLimits& limits = ResourceLimits());

// Frees what the cross-file checks do not need of a parsed file: its summary, body, keywords,
// authors and evidence go; its id, references, language, path, hash, controlled fields and
// diagnostics stay. Memory then grows with the number of files, not with their text.
void DropText(ParsedResource& file);

struct CorpusCheck {
  // One per file, in path order, without their text (DropText): a 250,000-file corpus would
  // otherwise be held whole.
  std::vector<ParsedResource> files;
  Diagnostics diagnostics;  // every file's diagnostics plus cross-file ones, in order
  size_t error_count = 0;
  size_t warning_count = 0;
};

// Cross-file checks over `files` (diagnostics are appended to each file's own list):
// duplicate ids, and related or translation ids found neither among `files` nor in `other_ids`
// (ids already in the index that these files do not replace); a translation among `files` must
// be in another language than the resource naming it.
void CheckAcrossFiles(std::vector<ParsedResource>& files,
                      const std::unordered_set<std::string>& other_ids);

// Parses every file below `corpus_dir` and checks them together. `progress` (may be empty) is
// called after each file with the count done and the total.
Result<CorpusCheck> ValidateCorpus(const std::string& corpus_dir, const Taxonomy& taxonomy,
                                   const std::function<void(size_t, size_t)>& progress = {});

// Collects the per-file diagnostics into `check.diagnostics` and counts them.
void Summarise(CorpusCheck& check);

}  // namespace ch
