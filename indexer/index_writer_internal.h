// index_writer_internal.h: details shared by index_writer.cc, index_build.cc and index_sync.cc.
// Not for use outside those files.
#pragma once

#include <cstdint>
#include <string>

#include <xapian.h>

#include "indexer/index_writer.h"
#include "indexer/taxonomy.h"

namespace ch::internal {

// Schema version, taxonomy hash, build, change generation and epoch (schema.h, "Database
// metadata").
void WriteMetadata(Xapian::WritableDatabase& db, const Taxonomy& taxonomy, uint64_t build,
                   uint64_t generation, const std::string& epoch);
// What a writer's DocumentBuilder is built with (named fields: the struct grows, and a positional
// list once set word_pairs from joined_compounds).
DocumentBuilderOptions BuilderOptions(const IndexOptions& options, bool spelling);
void SetGenerations(Xapian::Document& doc, uint64_t created, uint64_t changed);
StoredEntry EntryOf(const Xapian::Document& doc);
// Counts report->diagnostics into report->errors and report->warnings.
void CountDiagnostics(IndexReport* report);

}  // namespace ch::internal
