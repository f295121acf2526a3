// document_builder.h: Resource -> Xapian::Document, following schema.h.
//
// Each resource is indexed with the stemmer and stop words of its `language` (languages.h; codes
// not analysed get the default language's). One DocumentBuilder per writing thread: it owns a
// TermGenerator and Stems, which are not thread-safe. When given a WritableDatabase it also records
// spelling data there (for "did you mean"); the database must outlive the builder.
#pragma once

#include <xapian.h>

#include "indexer/concepts.h"
#include "indexer/languages.h"
#include "indexer/resource.h"
#include "indexer/schema.h"
#include "indexer/taxonomy.h"

namespace ch {

struct DocumentBuilderOptions {
  bool spelling = true;          // add spelling data for unprefixed words (needs a database)
  schema::FieldWeights weights;  // wdf per occurrence, by field
  // Word-pair terms (XP, word_pairs.h) of the title, summary and keywords, as boolean terms.
  bool word_pairs = true;
  // Index each hyphenated compound's joined form beside its parts ("re-entry" also as "reentry";
  // compounds.h), so that either spelling finds the other.
  bool joined_compounds = true;
};

class DocumentBuilder {
 public:
  // `spelling_db` may be null; the taxonomy is copied into a ConceptMatcher and must outlive the
  // builder (it ranks evidence ratings for the sort key).
  DocumentBuilder(const Taxonomy& taxonomy, Xapian::WritableDatabase* spelling_db,
                  DocumentBuilderOptions options = {});

  // The returned document shares nothing with the builder, so another thread may take it.
  Xapian::Document Build(const Resource& resource);

 private:
  const Taxonomy& taxonomy_;
  schema::FieldWeights weights_;
  bool word_pairs_;
  bool joined_compounds_;
  ConceptMatcher concepts_;
  LanguageStemmers stemmers_;
  Xapian::TermGenerator generator_;
};

}  // namespace ch
