// evidence_block.h: validates a resource's `evidence:` front matter block (evidence.h) against the
// taxonomy, for the resource parser (resource_parser.h).
//
// Every problem becomes a Diagnostic at the line and column of the value at fault, with the field
// written as a path ("evidence.ratings[1].rating") and, for controlled values, the allowed ids.
// The block is refused on a type the taxonomy does not mark `rated: true`. Limits are in
// EvidenceLimits. Pure function of its inputs; thread-safe (the Taxonomy is only read).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "indexer/diagnostic.h"
#include "indexer/evidence.h"
#include "indexer/taxonomy.h"

namespace ch {

struct EvidenceLimits {
  size_t max_ratings = 20;
  size_t max_rated_by_chars = 300;
  size_t max_url_chars = 2000;
};

struct EvidenceBlockContext {
  const std::string& path;  // for diagnostics
  const Taxonomy& taxonomy;
  const std::string& type;  // the resource's type id ("" when it was invalid)
  int line_offset = 0;      // added to a YAML mark's 0-based line to get the file's 0-based line
  EvidenceLimits limits;
};

// `block` is the value of the `evidence` key. Appends diagnostics to `out` and returns what was
// valid (the caller uses it only when no diagnostic is an error).
Evidence ParseEvidenceBlock(const YAML::Node& block, const EvidenceBlockContext& context,
                            Diagnostics* out);

// The keys of the block and of one rating, in documentation order.
const std::vector<std::string>& EvidenceBlockKeys();
const std::vector<std::string>& EvidenceRatingKeys();

}  // namespace ch
