// resource_parser.h: one Markdown file with YAML front matter -> a validated Resource.
//
// ParseResource never throws and never stops at the first problem: it returns every problem it
// finds as a Diagnostic with the line and column in the original file. The Resource is usable
// only when no diagnostic is an error. Checks made here concern one file alone; checks across
// files (duplicate ids, `related` ids that do not exist) are made by the corpus (corpus.h).
//
// Limits (ResourceLimits) are explicit and reported with the limit in the message.
// Thread-safe: the Taxonomy is only read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/diagnostic.h"
#include "indexer/evidence_block.h"
#include "indexer/resource.h"
#include "indexer/taxonomy.h"

namespace ch {

struct ResourceLimits {
  size_t max_file_bytes = 1 << 20;  // 1 MiB
  size_t max_title_chars = 300;
  size_t max_summary_chars = 2000;
  size_t max_list_items = 50;          // keywords, authors, related, topics, ...
  size_t max_short_field_chars = 300;  // source, each author and keyword, duration
  size_t max_url_chars = 2000;
  EvidenceLimits evidence;  // the `evidence:` block (evidence_block.h)
};

// Where a `related` id was written, to report a missing target at its own line.
struct RelatedReference {
  std::string id;
  int line = 0;
  int column = 0;
};

struct ParsedResource {
  std::string path;  // as given to ParseResource, for diagnostics
  Resource resource;
  Diagnostics diagnostics;
  std::vector<RelatedReference> related_refs;
  std::vector<RelatedReference> translation_refs;  // `translations`, checked like `related`
  int id_line = 1;  // where the id came from (the `id` key, or line 1 for a derived id)
  int id_column = 1;
  bool id_from_front_matter = false;
  bool ok() const { return !HasErrors(diagnostics); }
};

// `bytes` is the whole file. `path` is used in diagnostics; `relative_path` is the path inside the
// corpus folder (stored so that sync can find the file again) and gives the default id.
ParsedResource ParseResource(std::string_view bytes, const std::string& path,
                             const std::string& relative_path, const Taxonomy& taxonomy,
                             const ResourceLimits& limits = ResourceLimits());

// A document sent over HTTP (no file name yet): diagnostics say "body"; the id is the front
// matter's `id`, or else a slug of the title; source_path becomes "<folder>/<id>.md".
ParsedResource ParseSubmittedResource(std::string_view bytes, const std::string& folder,
                                      const Taxonomy& taxonomy,
                                      const ResourceLimits& limits = ResourceLimits());

// The front matter keys the format knows, in documentation order.
const std::vector<std::string>& KnownFrontMatterKeys();

// True when `date` is YYYY, YYYY-MM or YYYY-MM-DD and a real calendar date from year 1900 to 2100.
bool IsValidPartialDate(std::string_view date);

}  // namespace ch
