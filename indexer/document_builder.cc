#include "indexer/document_builder.h"

#include <algorithm>

#include "indexer/compounds.h"
#include "indexer/schema.h"
#include "indexer/text_fold.h"
#include "indexer/word_pairs.h"

namespace ch {
namespace {

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += schema::kFacetSeparator;
    out += v;
  }
  return out;
}

std::string Lowercase(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

DocumentBuilder::DocumentBuilder(const Taxonomy& taxonomy, Xapian::WritableDatabase* spelling_db,
                                 DocumentBuilderOptions options)
    : taxonomy_(taxonomy),
      weights_(options.weights),
      word_pairs_(options.word_pairs),
      joined_compounds_(options.joined_compounds),
      concepts_(taxonomy) {
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  if (spelling_db && options.spelling) {
    generator_.set_database(*spelling_db);
    generator_.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  }
}

Xapian::Document DocumentBuilder::Build(const Resource& original) {
  namespace s = schema;
  // Indexed without accents (text_fold.h), as queries are searched; stored as written.
  Resource r = original;
  r.title = FoldAccents(r.title);
  r.summary = FoldAccents(r.summary);
  r.body_text = FoldAccents(r.body_text);
  r.source = FoldAccents(r.source);
  for (auto& k : r.keywords) k = FoldAccents(k);
  const LanguageSpec& language = LanguageFor(r.language);
  generator_.set_stemmer(stemmers_.For(language));
  generator_.set_stopper(&language.stopper());
  Xapian::Document doc;
  generator_.set_document(doc);
  generator_.set_termpos(0);

  // Fielded text first (prefixed, no spelling), then the weighted free text.
  generator_.index_text(r.title, 1, s::kTitleTextPrefix);
  generator_.increase_termpos(100);
  generator_.index_text(r.source, 1, s::kSourceTextPrefix);
  generator_.increase_termpos(100);
  for (const auto& k : r.keywords) {
    generator_.index_text(k, 1, s::kKeywordTextPrefix);
    generator_.increase_termpos(100);
  }
  const Xapian::Stem& stemmer = stemmers_.For(language);
  auto free_text = [&](const std::string& text, unsigned weight) {
    generator_.index_text(text, weight);
    generator_.increase_termpos(100);
    if (joined_compounds_) IndexJoinedCompounds(text, weight, stemmer, &doc);
  };
  free_text(r.title, weights_.title);
  free_text(r.summary, weights_.summary);
  for (const auto& k : r.keywords) free_text(k, weights_.keywords);
  free_text(r.source, weights_.source);
  free_text(r.body_text, weights_.body);
  if (word_pairs_) {
    auto add_pairs = [&](const std::string& text) {
      for (const auto& term : WordPairTerms(text, stemmer, language.stopper())) {
        doc.add_boolean_term(term);
      }
    };
    add_pairs(r.title);
    add_pairs(r.summary);
    for (const auto& k : r.keywords) add_pairs(k);
  }

  doc.add_boolean_term(s::IdTerm(r.id));
  for (const auto& v : r.focus_areas) doc.add_boolean_term(s::kFocusAreaPrefix + v);
  for (const auto& v : r.topics) doc.add_boolean_term(s::kTopicPrefix + v);
  if (!r.type.empty()) doc.add_boolean_term(s::kTypePrefix + r.type);
  for (const auto& v : r.audience) doc.add_boolean_term(s::kAudiencePrefix + v);
  doc.add_boolean_term(s::kLanguagePrefix + r.language);
  std::string source_slug = s::SourceSlug(original.source);
  if (!source_slug.empty()) doc.add_boolean_term(s::kSourcePrefix + source_slug);
  std::string year = r.published.substr(0, std::min<size_t>(4, r.published.size()));
  if (!year.empty()) doc.add_boolean_term(s::kYearPrefix + year);
  std::vector<std::string> ratings, outcomes;
  for (const auto& e : r.evidence.ratings) {
    if (std::find(ratings.begin(), ratings.end(), e.rating) == ratings.end()) {
      ratings.push_back(e.rating);
    }
    if (std::find(outcomes.begin(), outcomes.end(), e.outcome) == outcomes.end()) {
      outcomes.push_back(e.outcome);
    }
  }
  for (const auto& v : ratings) doc.add_boolean_term(s::kEvidenceRatingPrefix + v);
  for (const auto& v : outcomes) doc.add_boolean_term(s::kEvidenceOutcomePrefix + v);
  for (const auto& e : r.evidence.ratings) {
    doc.add_boolean_term(s::kEvidenceBasePrefix + e.evidence_base);
    doc.add_boolean_term(s::EvidencePairTerm(e.outcome, e.rating));
  }
  for (const auto& v : r.evidence.emmie) doc.add_boolean_term(s::kEmmiePrefix + v);

  // Concepts: named in the text (weighted like the text they were found in) or tagged.
  auto add_concepts = [&](const std::string& text, unsigned weight) {
    for (const auto& m : concepts_.Find(text)) {
      doc.add_term(s::kConceptPrefix + m.key, m.count * weight);
    }
  };
  add_concepts(r.title, weights_.title);
  add_concepts(r.summary, weights_.summary);
  for (const auto& k : r.keywords) add_concepts(k, weights_.keywords);
  add_concepts(r.body_text, weights_.body);
  auto tag = [&](Vocabulary v, const std::string& id) {
    doc.add_term(s::kConceptPrefix + ConceptMatcher::EntryKey(v, id), weights_.keywords);
  };
  for (const auto& v : r.focus_areas) tag(Vocabulary::kFocusArea, v);
  for (const auto& v : r.topics) tag(Vocabulary::kTopic, v);
  if (!r.type.empty()) tag(Vocabulary::kType, r.type);

  doc.add_value(s::kSlotPublished, s::PublishedSortKey(r.published));
  doc.add_value(s::kSlotTitleSort, Lowercase(r.title));
  doc.add_value(s::kSlotContentHash, r.content_hash);
  doc.add_value(s::kSlotSourcePath, r.source_path);
  doc.add_value(s::kSlotFacetFocusArea, Join(r.focus_areas));
  doc.add_value(s::kSlotFacetTopic, Join(r.topics));
  doc.add_value(s::kSlotFacetType, r.type);
  doc.add_value(s::kSlotFacetAudience, Join(r.audience));
  doc.add_value(s::kSlotFacetLanguage, r.language);
  std::string source_label = original.source;
  for (char& c : source_label) {
    if (c == s::kFacetSeparator) c = ' ';
  }
  doc.add_value(s::kSlotFacetSource, source_label);
  doc.add_value(s::kSlotFacetYear, year);
  doc.add_value(s::kSlotFacetEvidenceRating, Join(ratings));
  doc.add_value(s::kSlotFacetEvidenceOutcome, Join(outcomes));
  doc.add_value(s::kSlotEvidenceSort, EvidenceSortKey(taxonomy_, r.evidence));

  doc.set_data(s::EncodeResource(original));
  // The generator holds a reference to the document it writes to; drop it, so that the caller
  // owns the only one (Xapian's reference counts are not atomic, and a full build hands the
  // document to another thread).
  generator_.set_document(Xapian::Document());
  return doc;
}

}  // namespace ch
