// schema.h: the index schema, the only place that knows term prefixes, value slots and the
// stored-document layout. docs/index-schema.md mirrors this file; change both together.
//
// Terms
//   Q<id>            unique id; replace_document("Q" + id) makes re-indexing idempotent
//   XFA<id>          focus area      (boolean filter)
//   XTO<id>          topic           (boolean filter)
//   XTY<id>          type            (boolean filter)
//   XAU<id>          audience        (boolean filter)
//   L<code>          language        (boolean filter)
//   XSO<slug>        source          (boolean filter; SourceSlug of the source text)
//   Y<yyyy>          year published  (boolean filter)
//   XC<key>          concept (concepts.h): taxonomy synonyms and glossary acronyms
//   XER<id>          evidence rating: the resource has a rating with this id (boolean filter)
//   XEO<id>          evidence outcome: the resource has a rating for this outcome (boolean filter)
//   XEP<o>:<r>       evidence pair: the resource has rating <r> for outcome <o> (boolean; used
//                    instead of XER and XEO when a search gives both filters, so that both hold
//                    on the same rating: EvidencePairTerm)
//   XEB<id>          evidence base of one of its ratings (boolean; counted by the taxonomy route)
//   XEM<id>          EMMIE dimension its evidence covers (boolean; counted by the taxonomy route)
//   XP<s1>_<s2>      two neighbouring words of the title, summary or a keyword, by their stems in
//                    alphabetical order (boolean: wdf 0; word_pairs.h); weighed by the search for
//                    short keyword searches (server/services/word_pair_bonus.h)
//   S...             title words     (free text, for `title:`)
//   XO...            source words    (free text, for `source:`)
//   K...             keyword words   (free text, for `keyword:`)
//   unprefixed       title, summary, keywords, source and body words, weighted by wdf
//                    (FieldWeights);
//                    Z-prefixed stems; positions for phrase search; spelling data
//
// Values
//   kSlotPublished   "YYYYMMDD" with 00 for missing month/day ("" when unknown): sort by date
//   kSlotTitleSort   lowercased title: sort by title
//   kSlotContentHash hex SHA-256 of the source file: sync's change detection
//   kSlotSourcePath  path relative to the corpus folder: sync's deletion detection
//   kSlotCreatedGeneration / kSlotChangedGeneration  the change generation (below) at which the
//                    resource was first added / last changed, as GenerationValue: the changes feed
//   kSlotFacet*      facet values, several joined by kFacetSeparator: facet counting
//   kSlotEvidenceSort EvidenceSortKey (evidence.h), larger is stronger, "" when unrated:
//                    sort "strongest evidence first"
//
// Document data: a JSON object with every Resource field (resource.h) except body_markdown (the
// corpus file keeps it), so a search result or resource page needs no other lookup.
//
// Database metadata: kMetaSchemaVersion, kMetaTaxonomyHash (a changed taxonomy forces a full
// re-index in sync), kMetaBuild, kMetaGeneration (a counter bumped by every commit that changes
// documents, carried across rebuilds) and one kMetaRemovedPrefix + id key per removed resource
// (its value: the generation of the removal: a tombstone). With shards, the generation is written
// to every shard and removals to shard 0 only, because Xapian reads metadata from the first shard.
//
// Generations: one commit may span several consecutive generations (IndexOptions::
// documents_per_generation), so that no generation holds more than that many written documents
// and a changes-feed page, which never splits a generation, stays small.
//
// kMetaEpoch (every shard): 32 lowercase hex chars (128 random bits) naming this index's change
// history. A build with no history to continue (a new folder, or another schema version) makes a
// new one; in-place syncs, curator writes, rebuilds that carry the live build's generations and
// tombstones forward, and replicas (a copy of the files) keep it. The generation and the
// tombstones mean something only within one epoch. kMetaTombstonesFrom: the generation from which
// tombstones are complete ("" = 0, all kept); a changes feed asked for an older `since` must
// answer resync_required.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "base/status.h"
#include "indexer/resource.h"

namespace ch::schema {

// Bumped whenever a document written by the previous version would search or read differently.
// A sync re-indexes every file of an index with another version (index_sync.cc), a build into the
// same folder starts a new epoch (clients start over), and a read-only server warns at start.
//   1: the first schema.
//   2: evidence pair terms kEvidencePairPrefix (an outcome and rating filter held on one rating).
//   3: a taxonomy id of several words names its entry (concepts.h), so text mentioning it carries
//      the entry's concept term.
//   4: word-pair terms kWordPairPrefix (word_pairs.h); a hyphenated compound's joined form is
//      indexed too (compounds.h), and a Greek letter among Latin letters as its name (text_fold.h).
inline constexpr int kSchemaVersion = 4;

inline constexpr char kIdPrefix[] = "Q";
inline constexpr char kFocusAreaPrefix[] = "XFA";
inline constexpr char kTopicPrefix[] = "XTO";
inline constexpr char kTypePrefix[] = "XTY";
inline constexpr char kAudiencePrefix[] = "XAU";
inline constexpr char kLanguagePrefix[] = "L";
inline constexpr char kSourcePrefix[] = "XSO";
inline constexpr char kYearPrefix[] = "Y";
inline constexpr char kConceptPrefix[] = "XC";
inline constexpr char kTitleTextPrefix[] = "S";
inline constexpr char kSourceTextPrefix[] = "XO";
inline constexpr char kKeywordTextPrefix[] = "K";
inline constexpr char kEvidenceRatingPrefix[] = "XER";
inline constexpr char kEvidenceOutcomePrefix[] = "XEO";
inline constexpr char kEvidencePairPrefix[] = "XEP";
inline constexpr char kEvidenceBasePrefix[] = "XEB";
inline constexpr char kEmmiePrefix[] = "XEM";
// Two neighbouring words of a title, summary or keyword, by their stems (word_pairs.h).
inline constexpr char kWordPairPrefix[] = "XP";

// wdf increments per occurrence of a word, by field: BM25 sees a title word as `title` body
// words. IndexOptions carries them (the CLI and the server use these defaults; every writer of
// one index must use the same weights). Measured on SciFact: benchmarks/RESULTS.md, "Relevance".
struct FieldWeights {
  unsigned title = 5;
  unsigned summary = 3;
  unsigned keywords = 2;  // also the wdf of the concept terms of the entries it is tagged with
  unsigned source = 1;
  unsigned body = 1;
};

enum Slot : Xapian::valueno {
  kSlotPublished = 0,
  kSlotTitleSort = 1,
  kSlotContentHash = 2,
  kSlotSourcePath = 3,
  kSlotCreatedGeneration = 4,
  kSlotChangedGeneration = 5,
  kSlotFacetFocusArea = 10,
  kSlotFacetTopic = 11,
  kSlotFacetType = 12,
  kSlotFacetAudience = 13,
  kSlotFacetLanguage = 14,
  kSlotFacetSource = 15,
  kSlotFacetYear = 16,
  // Slots 20-24 belong to evidence ratings.
  kSlotFacetEvidenceRating = 20,
  kSlotFacetEvidenceOutcome = 21,
  kSlotEvidenceSort = 22,
};

// Separates several values of one facet slot; never occurs in ids, codes or years, and is
// replaced by a space in source names.
inline constexpr char kFacetSeparator = '\x1f';

inline constexpr char kMetaSchemaVersion[] = "ch:schema_version";
inline constexpr char kMetaTaxonomyHash[] = "ch:taxonomy_hash";
inline constexpr char kMetaBuild[] = "ch:build";
inline constexpr char kMetaGeneration[] = "ch:generation";
inline constexpr char kMetaRemovedPrefix[] = "ch:removed:";
inline constexpr char kMetaEpoch[] = "ch:epoch";
inline constexpr char kMetaTombstonesFrom[] = "ch:tombstones_from";
// "I/N": this database is shard I (from 0) of N, so that a server given a list of remote shards
// can check that it lists them all, in order.
inline constexpr char kMetaShard[] = "ch:shard";
inline std::string ShardValue(size_t index, size_t count) {
  return std::to_string(index) + "/" + std::to_string(count);
}
// The corpus the index belongs to (corpus_identity.h), in shard 0: its id (the corpus-id file's,
// or "path:" + the folder) and the folder it was last built or synced from.
inline constexpr char kMetaCorpusId[] = "ch:corpus_id";
inline constexpr char kMetaCorpusPath[] = "ch:corpus_path";

// Generations are stored zero-padded to 20 digits so that string order is numeric order.
std::string GenerationValue(uint64_t generation);
uint64_t ParseGeneration(std::string_view value);  // 0 when empty or malformed

// One facet: its API name, the boolean-term prefix its filter uses, and its value slot.
struct Facet {
  // "focus_area", "topic", "type", "audience", "language", "source", "year", "evidence_rating",
  // "evidence_outcome"
  const char* name;
  const char* prefix;
  Xapian::valueno slot;
};
const std::vector<Facet>& Facets();
const Facet* FindFacet(std::string_view name);

// "Bureau of Justice Assistance (BJA)" -> "bureau-of-justice-assistance-bja".
std::string SourceSlug(std::string_view source);
// "2021-06" -> "20210600"; "" -> "".
std::string PublishedSortKey(std::string_view date);

std::string IdTerm(std::string_view id);
// "XEPgun-violence:effective": the resource has this rating for this outcome (taxonomy ids hold no
// ':', so the term is unambiguous).
std::string EvidencePairTerm(std::string_view outcome, std::string_view rating);

// The epoch of `db` (kMetaEpoch). An index written before epochs existed has none: it is then
// derived from the database's UUID (new with every database file set), so it still changes with
// a rebuild. Throws Xapian::Error.
std::string ReadEpoch(const Xapian::Database& db);

// Document data (de)serialisation. DecodeResource returns Corruption when the data is not the
// JSON this module wrote.
//
// DecodeOptions leave out what a caller does not need. A search hit shows no body_html, which is
// about half of a record: with body_html = false the member is only scanned for its closing quote
// (not parsed, checked or copied) and Resource::body_html is left empty; every other field is what
// a full decode gives (schema_test.cc proves it), and a record that is not JSON, or whose
// body_html string never ends, is still Corruption.
struct DecodeOptions {
  bool body_html = true;
};
std::string EncodeResource(const Resource& r);
Result<Resource> DecodeResource(std::string_view data, DecodeOptions options = {});
// Just the record's `related` ids (a search's links: server/services/linked_bonus.h), read up to
// the end of that list and no further (it comes before the long body fields). Corruption when the
// data read is not the JSON this module writes.
Result<std::vector<std::string>> DecodeRelated(std::string_view data);

// Splits a facet slot value into its values.
std::vector<std::string> SplitFacetValue(std::string_view value);

}  // namespace ch::schema
