#include "server/services/search_service.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "indexer/schema.h"
#include "indexer/stopwords.h"
#include "server/services/did_you_mean.h"
#include "server/services/impact_tiers.h"
#include "server/services/linked_bonus.h"
#include "server/services/match_set.h"
#include "server/services/proximity.h"
#include "server/services/query_builder.h"
#include "server/services/query_expansion.h"
#include "server/services/query_understanding.h"
#include "server/services/ranked_page.h"
#include "server/services/search_request_check.h"
#include "server/services/snippets.h"
#include "server/services/sort_order.h"
#include "server/services/with_searcher.h"
#include "server/services/word_pair_bonus.h"

namespace ch {
namespace {

using Clock = std::chrono::steady_clock;

// Whether the language branches may be combined with OP_MAX (language_query.h, max_branches):
// never. Xapian 1.4.22's pruning matcher crashes on OP_MAX branches, on one local database too:
// a search of "victim crime" at 250,000 generated documents took the server down, and
// WordPairRankingTest's random trees found trees of words alone that crash it, with or without
// an AND_MAYBE inside, while the same trees OR-ed do not. OR-ed branches cost more CPU (questions
// 2.6x at 250,000 documents: benchmarks/RESULTS.md, issue 15, Run 9). Kept as a function so that a
// fixed Xapian can turn MAX back on for one local database.
bool OneLocalDatabase(const Searcher&) { return false; }

// The language a question is read in for who asks: the preferred one (the query's own, or the
// page's), else the only one searched (a language filter), else the default.
const LanguageSpec* AskerLanguage(const LanguagePlan& languages) {
  if (languages.preferred) return languages.preferred;
  if (languages.languages.size() == 1) return languages.languages.front();
  return &DefaultLanguage();
}

bool empty_query_text(const std::string& q) {
  return q.find_first_not_of(" \t\r\n") == std::string::npos;
}

// A facet's values with their counts, as Counts() takes them.
using ValueCounts = std::vector<std::pair<std::string, uint64_t>>;

// With the other evidence filter given, a resource counts for a value of evidence_rating (or
// evidence_outcome) only when one of its ratings pairs that value with a selected value of the
// other filter, so that each count is what choosing the value finds (BuildFilterQuery pairs the
// two filters). One boolean count per taxonomy entry over `text` and the other filters. nullopt
// for any other facet, or when the other filter is not given.
Result<std::optional<ValueCounts>> PairedEvidenceCounts(Searcher& s, const Taxonomy& taxonomy,
                                                        const SearchRequest& request,
                                                        const std::string& facet,
                                                        const Xapian::Query& text) {
  const bool by_rating = facet == "evidence_rating";
  if (!by_rating && facet != "evidence_outcome") return std::optional<ValueCounts>();
  auto other = request.filters.find(by_rating ? "evidence_outcome" : "evidence_rating");
  if (other == request.filters.end() || other->second.empty()) {
    return std::optional<ValueCounts>();
  }
  std::string bad_param;
  CH_ASSIGN_OR_RETURN(Xapian::Query others, BuildFilterQuery(request, facet, &bad_param));
  ValueCounts counts;
  const Vocabulary vocabulary = by_rating ? Vocabulary::kRating : Vocabulary::kOutcome;
  for (const auto& entry : taxonomy.entries(vocabulary)) {
    std::vector<Xapian::Query> pairs;
    for (const auto& v : other->second) {
      pairs.emplace_back(by_rating ? schema::EvidencePairTerm(v, entry.id)
                                   : schema::EvidencePairTerm(entry.id, v));
    }
    Xapian::Query filter(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
    if (!others.empty()) filter = Xapian::Query(Xapian::Query::OP_AND, others, filter);
    Xapian::Enquire enquire(s.db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, filter));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount n = enquire.get_mset(0, 0, s.db.get_doccount()).get_matches_estimated();
    if (n > 0) counts.emplace_back(entry.id, n);
  }
  return std::optional<ValueCounts>(std::move(counts));
}

}  // namespace

void PrepareQueryParser(Searcher& s, const SearchLimits& limits) {
  if (s.qp_serial == s.db_serial) return;
  ConfigureQueryParser(s.qp, s.db, s.stemmer, limits);
  s.qp_serial = s.db_serial;
}

const char* MatchRuleName(MatchRule rule) {
  switch (rule) {
    case MatchRule::kBrowse:
      return "browse";
    case MatchRule::kRanked:
      return "ranked";
    case MatchRule::kAllWords:
      return "all_words";
    case MatchRule::kAsWritten:
      return "as_written";
  }
  return "ranked";
}

const std::vector<std::string>& SearchService::DefaultFacets() {
  static const std::vector<std::string> facets = {
      "focus_area",      "topic",           "type", "audience", "year", "language", "source",
      "evidence_rating", "evidence_outcome"};
  return facets;
}

SearchService::SearchService(IndexReader& reader, const Taxonomy& taxonomy,
                             SearchServiceOptions options)
    : reader_(reader),
      taxonomy_(taxonomy),
      options_(std::move(options)),
      facet_store_(options_.facet_store),
      results_(options_.result_cache),
      gate_(options_.max_concurrent_searches),
      concepts_(taxonomy),
      joined_names_(taxonomy),
      everyday_(taxonomy) {
  for (const auto& spec : AnalysedLanguages()) {
    lay_.emplace_back(taxonomy, spec.code);
    askers_.emplace_back(spec.code);
  }
  if (options_.warm_facet_columns && options_.facet_counting == FacetCounting::kColumn &&
      !reader_.remote()) {
    warmer_ = std::make_unique<FacetColumnWarmer>(reader_, facet_store_, options_.warmer);
    if (facet_store_.impact_tiers() != nullptr && options_.impact_tiers.share_divisor != 0 &&
        options_.ranking.scheme == WeightingScheme::kBm25) {
      tier_warmer_ = std::make_unique<ImpactTierWarmer>(reader_, facet_store_, options_.bm25,
                                                        options_.match_sets, options_.impact_tiers,
                                                        options_.tier_warmer);
    }
  }
}

Status SearchService::Validate(const SearchRequest& request) const {
  return CheckSearchRequest(request, options_.limits, taxonomy_);
}

std::string SearchService::FacetLabel(const std::string& facet, const std::string& value,
                                      std::string_view lang) const {
  if (std::optional<Vocabulary> v = VocabularyOfFacet(facet)) {
    if (const TaxonomyEntry* e = taxonomy_.Find(*v, value)) return e->LabelIn(lang);
  }
  return value;
}

Result<SearchResponse> SearchService::Search(const SearchRequest& request) {
  CH_RETURN_IF_ERROR(Validate(request));
  auto start = Clock::now();
  Result<SearchResponse> response =
      WithSearcher<SearchResponse>(reader_, [&](Searcher& s) { return CachedSearch(s, request); });
  if (response.ok()) {
    response->took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }
  return response;
}

Result<SearchResponse> SearchService::CachedSearch(Searcher& s, const SearchRequest& request) {
  // One local database only: remote shards may answer differently from one request to the next
  // (one down, then back), and their documents' identity is not this database's.
  const bool cacheable = results_.enabled() && s.shard_count == 0 && s.db.size() == 1;
  if (!cacheable) {
    // A search of remote shards mostly waits for them, not for the cores: it takes no turn.
    std::optional<FifoGate::Pass> turn;
    if (s.shard_count == 0) turn.emplace(gate_.Enter());
    return SearchWith(s, request);
  }
  const std::string key = ResultCache::KeyOf(request, FacetColumn::KeyOf(s.db));
  if (std::shared_ptr<const SearchResponse> hit = results_.Get(key)) return SearchResponse(*hit);
  FifoGate::Pass turn = gate_.Enter();
  Result<SearchResponse> response = SearchWith(s, request);
  if (response.ok() && !response->partial) results_.Put(key, *response);
  return response;
}

// The query's text as searched: cleaned, parsed, and widened by the lay phrases it contains.
// `all_words` is built when `need_all`: the same text with every word (or concept) required.
SearchService::TextPlan SearchService::PlanText(Searcher& s, const std::string& q, bool need_all,
                                                const LanguagePlan& page_languages) const {
  using Q = Xapian::Query;
  TextPlan plan;
  std::vector<std::string> lowered;
  plan.cleaned = CleanQueryText(q, &lowered);
  if (options_.query.hyphenated_names) plan.cleaned = joined_names_.Hyphenated(plan.cleaned);
  // British spellings read as the American ones the taxonomy and most resources use.
  std::vector<SpellingSwap> swaps;
  if (options_.query.spelling_variants && options_.query.american_spellings) {
    std::string american = AmericanSpellings(s.db, plan.cleaned, &swaps);
    if (!swaps.empty()) plan.typed = std::exchange(plan.cleaned, std::move(american));
    for (std::string& word : lowered) {
      for (const SpellingSwap& swap : swaps) {
        if (word == swap.british) word = swap.american;
      }
    }
  }
  // The query's own language, when its stop words say it, comes before the page's in the weights
  // of the language branches; which lay vocabularies apply stays the page's (LayConcepts).
  LanguagePlan languages = page_languages;
  double preferred = options_.languages.page_language_weight;
  const LanguageSpec* text_language =
      options_.languages.text_language_weight > 0 ? TextLanguage(languages, plan.cleaned) : nullptr;
  // A keyword search has no stop words: its words' vocabulary may still say its language.
  if (!text_language && options_.languages.text_language_weight > 0 &&
      options_.languages.vocabulary_language) {
    text_language = VocabularyLanguage(s.db, languages, plan.cleaned);
  }
  if (text_language) {
    languages.preferred = text_language;
    preferred = options_.languages.text_language_weight;
  }
  LanguageParse parse = ParseInLanguages(s.qp, s.languages, languages, plan.cleaned, options_.query,
                                         preferred, &swaps);
  plan.parsed = std::move(parse.parsed);
  plan.empty = plan.parsed.query.get_type() == Q::LEAF_MATCH_ALL;
  if (plan.empty || plan.parsed.query.empty()) return plan;
  const Q::op type = parse.type;
  // Only a query combined by the default OR has partial matches to rank or to leave out.
  plan.plain_or = type == Q::OP_OR;
  plan.words = WordCount(plan.parsed.query);
  plan.concepts = ConceptGroups(plan.parsed.query);
  if (need_all && plan.plain_or) {
    QueryOptions all = options_.query;
    all.default_op = Q::OP_AND;
    plan.all_words =
        ParseInLanguages(s.qp, s.languages, languages, plan.cleaned, all, preferred, &swaps)
            .parsed.query;
  }
  const RankingOptions& r = options_.ranking;
  std::vector<std::string> concept_terms = ConceptTermsOf(plan.parsed.query);
  Q query = WithExactForms(plan.parsed.query, lowered, r.exact_start_weight, r.start_stem_share);
  if (options_.query.concepts) {
    std::vector<std::string> lay_keys;
    Q lay = LayConcepts(plan.cleaned, page_languages, &lay_keys);
    // An acronym that is also a word ("COPS") is not in the synonym table: written in capitals,
    // it adds its concept here, weighed as a subject word's concepts are (query_builder.h).
    const double acronym_scale =
        options_.query.word_concept_scale > 0 ? options_.query.word_concept_scale : 1.0;
    for (const auto& key : concepts_.CapitalsOnlyConceptsIn(plan.cleaned)) {
      if (std::find(lay_keys.begin(), lay_keys.end(), key) != lay_keys.end()) continue;
      Q acronym(Q::OP_SCALE_WEIGHT, Q(schema::kConceptPrefix + key), acronym_scale);
      lay = lay.empty() ? acronym : Q(Q::OP_OR, lay, acronym);
      lay_keys.push_back(key);
    }
    for (const auto& key : lay_keys) {
      const std::string term = schema::kConceptPrefix + key;
      if (std::find(concept_terms.begin(), concept_terms.end(), term) == concept_terms.end()) {
        concept_terms.push_back(term);
      }
    }
    const Q hyphenated = options_.query.hyphenated_names
                             ? HyphenatedNameConcepts(concepts_, plan.cleaned, &concept_terms)
                             : Q();
    if (!hyphenated.empty()) lay = lay.empty() ? hyphenated : Q(Q::OP_OR, lay, hyphenated);
    // With the default OR the lay concepts add a way to match; under explicit operators (AND,
    // NOT, phrases) they only add weight, so they never change which documents match.
    const bool widen = type == Q::OP_OR || type == Q::LEAF_TERM || type == Q::OP_SYNONYM;
    // Weighed by language as the text is: an English question's lay concepts lift English
    // resources above Spanish ones tagged alike (language_query.h).
    lay = PreferLanguage(lay, languages, preferred);
    if (!lay.empty()) query = Q(widen ? Q::OP_OR : Q::OP_AND_MAYBE, query, lay);
    plan.audience =
        PreferLanguage(AudienceBonus(s.db, q, AskerLanguage(languages), plan, lay_keys.size()),
                       languages, preferred);
  }
  plan.parsed.query = WithAllConceptsBonus(query, concept_terms, r.all_concepts_bonus);
  return plan;
}

// The concept terms of the lay phrases in `cleaned`, each scaled by its kind (RankingOptions), in
// one OR; `keys` receives their concept keys. An empty Query when there are none.
Xapian::Query SearchService::LayConcepts(const std::string& cleaned, const LanguagePlan& languages,
                                         std::vector<std::string>* keys) const {
  using Q = Xapian::Query;
  const RankingOptions& r = options_.ranking;
  // Each match with the language of the vocabulary that found it (the first one wins).
  std::vector<std::pair<LayMatch, const LanguageSpec*>> matches;
  for (const LayVocabulary& lay : lay_) {
    const LanguageSpec* spec = &lay.language();
    const bool searched = std::find(languages.languages.begin(), languages.languages.end(), spec) !=
                          languages.languages.end();
    const bool chosen = languages.filter_codes.empty() ? languages.preferred == spec : searched;
    if (spec != &DefaultLanguage() && !(searched && chosen)) continue;
    for (LayMatch& m : lay.Matches(cleaned)) {
      if (std::none_of(matches.begin(), matches.end(),
                       [&](const auto& seen) { return seen.first.key == m.key; })) {
        matches.emplace_back(std::move(m), spec);
      }
    }
  }
  std::vector<Q> parts;
  for (const auto& [m, spec] : matches) {
    const double scale =
        (m.narrow ? r.lay_narrow_weight : r.lay_weight) * (m.loose ? r.lay_loose_share : 1.0);
    if (scale <= 0) continue;
    Q concept_term(schema::kConceptPrefix + m.key);
    // Another language's phrasing adds its concept to that language's resources only: a Spanish
    // phrase on the Spanish page must not lift English resources above Spanish ones (measured:
    // benchmarks/RESULTS.md, "Spanish lay vocabulary").
    if (spec != &DefaultLanguage()) {
      concept_term =
          Q(Q::OP_FILTER, concept_term, Q(schema::kLanguagePrefix + std::string(spec->code)));
    }
    parts.emplace_back(Q::OP_SCALE_WEIGHT, concept_term, scale);
    keys->push_back(m.key);
  }
  if (parts.empty()) return Q();
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

// The audience bonus for a plain-language question whose words say with confidence who asks
// (asker.h, RankingOptions::audience): the resources tagged for the asker's audience (a boolean
// term) get a fixed weight (FixedTermBonus, query_expansion.h). An empty Query when it does not
// apply.
Xapian::Query SearchService::AudienceBonus(const Xapian::Database& db, const std::string& q,
                                           const LanguageSpec* language, const TextPlan& plan,
                                           size_t lay_matches) const {
  using Q = Xapian::Query;
  const AudienceBonusOptions& o = options_.ranking.audience;
  if (o.resident_weight <= 0 && o.victim_weight <= 0) return Q();
  if (!plan.plain_or || (o.needs_lay_match && lay_matches == 0)) return Q();
  if (!language) language = &DefaultLanguage();
  // The question's own words (stop words aside), not the terms of its language branches.
  if (ContentWords(plan.cleaned, &language->stopper()).size() < o.min_words) return Q();
  const auto who = std::find_if(askers_.begin(), askers_.end(), [&](const AskerClassifier& a) {
    return &a.language() == language;
  });
  if (who == askers_.end()) return Q();
  const Asker asker = who->Read(q).asker;
  if (asker == Asker::kUnknown) return Q();
  const bool resident = asker == Asker::kResident;
  const double weight = resident ? o.resident_weight : o.victim_weight;
  if (weight <= 0) return Q();
  return FixedTermBonus(
      db, schema::kAudiencePrefix + (resident ? o.resident_audience : o.victim_audience), weight);
}

// Relevance order of a long question: `text` with the feedback terms of its first results
// (query_expansion.h) as a boost. They re-rank the matches, never add any.
Xapian::Query SearchService::WithFeedback(Searcher& s, const TextPlan& plan,
                                          const Xapian::Query& text,
                                          const Xapian::Query& filter) const {
  const RankingOptions& r = options_.ranking;
  if (r.feedback_terms == 0 || plan.empty || plan.words < r.feedback_min_words) return text;
  const Xapian::Query first =
      filter.empty() ? text : Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
  Xapian::Enquire enquire = MakeEnquire(s, first);
  Xapian::Query feedback = FeedbackTerms(enquire, first, r);
  if (feedback.empty()) return text;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, feedback);
}

// Relevance order: `text` with a bonus for documents in which neighbouring words of the query
// stand near each other (proximity.h). It re-ranks the matches, never adds any.
Xapian::Query SearchService::WithProximity(Searcher& s, const TextPlan& plan,
                                           const Xapian::Query& text) const {
  using Q = Xapian::Query;
  const RankingOptions& r = options_.ranking;
  if (r.proximity_weight <= 0 || plan.empty || !plan.plain_or) return text;
  const std::vector<std::string> words = ContentWords(plan.cleaned, &EnglishStopper());
  Q near = ProximityQuery(s.db, s.stemmer, words, r.proximity);
  if (near.empty()) return text;
  return Q(Q::OP_AND_MAYBE, text, Q(Q::OP_SCALE_WEIGHT, near, r.proximity_weight));
}

// The text part of the search and the rule it applies. Sorted by a value, only full matches
// (every word or concept of the query) are shown; by relevance, partial matches are kept, and full
// ones get RankingOptions::all_words_bonus on top of their weight.
Xapian::Query SearchService::TextQuery(SortOrder sort, const TextPlan& plan,
                                       MatchRule* rule) const {
  using Q = Xapian::Query;
  if (plan.empty) {
    *rule = MatchRule::kBrowse;
    return plan.parsed.query;
  }
  if (!plan.plain_or || plan.all_words.empty()) {
    *rule = sort == SortOrder::kRelevance ? MatchRule::kRanked : MatchRule::kAsWritten;
    return plan.parsed.query;
  }
  if (sort != SortOrder::kRelevance) {
    *rule = MatchRule::kAllWords;
    return plan.all_words;
  }
  *rule = MatchRule::kRanked;
  return Q(Q::OP_AND_MAYBE, plan.parsed.query,
           Q(Q::OP_SCALE_WEIGHT, plan.all_words, options_.ranking.all_words_bonus));
}

// How many documents match every word of `plan` (within `filter`), counting at most `enough`.
Xapian::doccount SearchService::FullMatches(Searcher& s, const TextPlan& plan,
                                            const Xapian::Query& filter,
                                            Xapian::doccount enough) const {
  Xapian::Query q = plan.plain_or ? plan.all_words : plan.parsed.query;
  if (q.empty()) return 0;
  if (!filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
  Xapian::Enquire enquire(s.db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, enough, enough).size();
}

// "Showing results for": the correction replaces only words the index lacks, so the query as
// typed cannot match in full; the correction is searched instead when it matches at least
// SearchLimits::autocorrect_min_matches documents in full and the text as typed matches fewer.
bool SearchService::CorrectionFindsMore(Searcher& s, const TextPlan& typed,
                                        const std::string& correction, const Xapian::Query& filter,
                                        const LanguagePlan& languages) const {
  const Xapian::doccount enough = options_.autocorrect_min_matches;
  if (enough == 0 || typed.empty) return false;
  TextPlan fixed = PlanText(s, correction, true, languages);
  if (fixed.empty || fixed.parsed.query.empty()) return false;
  return FullMatches(s, typed, filter, enough) < enough &&
         FullMatches(s, fixed, filter, enough) >= enough;
}

Xapian::Enquire SearchService::MakeEnquire(Searcher& s, const Xapian::Query& query) const {
  Xapian::Enquire enquire(s.db);
  enquire.set_query(query);
  std::unique_ptr<Xapian::Weight> weight = MakeWeight(options_.ranking, options_.bm25);
  enquire.set_weighting_scheme(*weight);
  return enquire;
}

Result<SearchResponse> SearchService::SearchWith(Searcher& s, const SearchRequest& request) {
  PrepareQueryParser(s, options_.limits);
  SearchResponse out;
  out.page = request.page;
  out.per_page = request.per_page;
  out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
  out.epoch = schema::ReadEpoch(s.db);
  out.partial = !s.missing_shards.empty();
  out.missing_shards = s.missing_shards;

  const bool value_sort = request.sort != SortOrder::kRelevance;
  const bool need_all = value_sort || options_.ranking.all_words_bonus > 0;
  const LanguagePlan languages = PlanLanguages(s.db, request, OneLocalDatabase(s));
  TextPlan plan = PlanText(s, request.q, need_all, languages);
  if (!empty_query_text(request.q)) {
    out.did_you_mean = DidYouMean(s.db, request.q, everyday_, languages, s.languages);
  }

  std::string bad_param;
  Result<Xapian::Query> filter = BuildFilterQuery(request, "", &bad_param);
  if (!filter.ok()) return Status(filter.status()).WithField(bad_param);
  if (request.autocorrect && !out.did_you_mean.empty() &&
      CorrectionFindsMore(s, plan, out.did_you_mean, *filter, languages)) {
    out.showing_results_for = out.did_you_mean;
    out.search_instead_for = request.q;
    out.did_you_mean.clear();
    plan = PlanText(s, out.showing_results_for, need_all, languages);
  }
  out.query_used = plan.parsed.fallback_text;
  const SortOrder applied = EffectiveSort(request.sort, !plan.empty);
  out.sort = SortName(applied);
  out.order = DescribeOrder(applied, !plan.empty, taxonomy_, request.page_language);
  Xapian::Query query = TextQuery(request.sort, plan, &out.match_rule);
  if (request.sort == SortOrder::kRelevance) {
    query = WithProximity(s, plan, WithFeedback(s, plan, query, *filter));
    if (!plan.audience.empty()) {  // who asks (asker.h)
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, plan.audience);
    }
    if (plan.plain_or) {  // short searches' words named together (word_pair_bonus.h)
      query = WithWordPairs(s.db, s.languages, languages.languages, plan.cleaned,
                            options_.ranking.word_pairs, query, plan.typed);
    }
  }
  if (!filter->empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *filter);

  // The curators' links (linked_bonus.h) reorder the match from its first result, so a later page
  // is cut from the match ranked down to its end.
  const bool linked = request.sort == SortOrder::kRelevance && !plan.empty &&
                      options_.ranking.linked.sources > 0 && options_.ranking.linked.share > 0;
  const auto first = static_cast<size_t>(request.page - 1) * request.per_page;
  SearchRequest from_first;
  if (linked && first > 0) {
    from_first = request;
    from_first.page = 1;
    from_first.per_page = static_cast<int>(first) + request.per_page;
  }
  Result<Xapian::MSet> mset =
      RunAndCount(s, linked && first > 0 ? from_first : request, query, plan, &out);
  if (!mset.ok()) return mset.status();
  std::vector<RankedDoc> ranked = RankedDocs(*mset);
  if (linked) {
    // Fewer than asked for: the page holds every match.
    const bool every_match = ranked.size() < first + request.per_page;
    AddLinkedBonus(
        s.db, [&](const Xapian::Query& q) { return MakeEnquire(s, q); }, query,
        options_.ranking.linked, every_match, &ranked);
    ranked.erase(ranked.begin(), ranked.begin() + std::min(first, ranked.size()));
    ranked.resize(std::min(ranked.size(), static_cast<size_t>(request.per_page)));
  }
  MatchRule rule;
  const Xapian::Query text = TextQuery(request.sort, plan, &rule);
  for (FacetCounts& facet : out.facets) {
    CH_ASSIGN_OR_RETURN(std::optional<ValueCounts> paired,
                        PairedEvidenceCounts(s, taxonomy_, request, facet.name, text));
    if (paired) facet = Counts(request, facet.name, std::move(*paired));
  }
  return AppendHits(s, request, plan, ranked, std::move(out));
}

Result<Xapian::MSet> SearchService::RunAndCount(Searcher& s, const SearchRequest& request,
                                                const Xapian::Query& query, const TextPlan& plan,
                                                SearchResponse* out) {
  const std::vector<std::string>& facets = request.facets ? *request.facets : DefaultFacets();
  // The column path needs one local database (facet_column.h says why).
  if ((!facets.empty() || RankedOrder(request.sort, plan.empty)) &&
      options_.facet_counting == FacetCounting::kColumn && s.shard_count == 0 && s.db.size() == 1) {
    if (std::shared_ptr<const FacetColumn> column = facet_store_.For(s.db)) {
      return RunAndCountWithColumn(s, request, query, plan, column, out);
    }
  }
  const Xapian::doccount all = s.db.get_doccount();
  Xapian::Enquire enquire = MakeEnquire(s, query);
  Xapian::MultiValueKeyMaker evidence_keys;
  const bool sorted_by_value = SetOrder(enquire, request.sort, plan.empty, &evidence_keys);
  // Facets with an active filter are counted separately (disjunctive); the rest ride along with
  // the search, except on remote shards when sorting by a value: Xapian 1.4's remote matcher then
  // shows the spies some documents twice, so they get a pass of their own.
  const bool ride_along = !(sorted_by_value && s.shard_count > 0);
  Counters counters;
  std::optional<Xapian::Enquire> count_enquire;  // only when the counts cannot ride along
  for (const auto& name : facets) {
    const schema::Facet* facet = schema::FindFacet(name);
    counters.emplace_back(name, std::make_unique<FacetCounter>(facet->slot));
    auto active = request.filters.find(name);
    if (active != request.filters.end() && !active->second.empty()) continue;
    if (ride_along) {
      enquire.add_matchspy(&counters.back().second->spy());
      continue;
    }
    if (!count_enquire) {
      count_enquire.emplace(MakeEnquire(s, query));
      count_enquire->set_weighting_scheme(Xapian::BoolWeight());
    }
    count_enquire->add_matchspy(&counters.back().second->spy());
  }
  Xapian::MSet counted;
  if (count_enquire) counted = count_enquire->get_mset(0, 0, all);
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const Xapian::doccount check_at_least = facets.empty() || !ride_along ? 0 : all;
  Xapian::MSet estimates;  // a page ranked without spies: its match estimates
  Xapian::MSet mset = check_at_least == 0
                          ? RankedPage(s, request, plan, query, first, &estimates)
                          : enquire.get_mset(first, request.per_page, check_at_least);
  if (check_at_least != 0) estimates = mset;
  // The pass that examined every match knows the exact total.
  const Xapian::MSet& totals = count_enquire ? counted : estimates;
  out->total = totals.get_matches_estimated();
  out->total_exact = totals.get_matches_lower_bound() == totals.get_matches_upper_bound();
  CH_RETURN_IF_ERROR(CountFilteredFacets(s, request, plan, counters));
  for (auto& [name, counter] : counters) {
    const auto& counts = counter->counts();
    out->facets.push_back(Counts(request, name, {counts.begin(), counts.end()}));
  }
  return mset;
}

// The column path: the page from the impact tiers when they prove it, else from a ranked match that
// stops early; the counts from the match sets (with all filters, and with all but its own for each
// filtered facet), each cached per generation.
Result<Xapian::MSet> SearchService::RunAndCountWithColumn(
    Searcher& s, const SearchRequest& request, const Xapian::Query& query, const TextPlan& plan,
    const std::shared_ptr<const FacetColumn>& column, SearchResponse* out) {
  const std::vector<std::string>& facets = request.facets ? *request.facets : DefaultFacets();
  std::string bad_param;
  MatchRule rule;
  const Xapian::Query text = TextQuery(request.sort, plan, &rule);
  CH_ASSIGN_OR_RETURN(Xapian::Query filter, BuildFilterQuery(request, "", &bad_param));
  const bool everything = plan.empty && filter.empty();
  std::shared_ptr<const FacetTally> matched;
  if (!facets.empty()) matched = Tally(s, column, query, everything);
  out->total = matched ? matched->documents * matched->sample_every : 0;
  out->total_exact = !matched || matched->sample_every == 1;
  const schema::Facet* first_facet = &schema::Facets().front();
  for (const auto& name : facets) {
    const size_t f = static_cast<size_t>(schema::FindFacet(name) - first_facet);
    std::shared_ptr<const FacetTally> tally = matched;
    auto active = request.filters.find(name);
    if (active != request.filters.end() && !active->second.empty()) {
      CH_ASSIGN_OR_RETURN(Xapian::Query others, BuildFilterQuery(request, name, &bad_param));
      const Xapian::Query counted = TextForFacet(s, request, name, plan, text);
      const Xapian::Query q =
          others.empty() ? counted : Xapian::Query(Xapian::Query::OP_FILTER, counted, others);
      tally = Tally(s, column, q, plan.empty && others.empty());
    }
    if (tally->sample_every != 1) out->facets_exact = false;
    out->facets.push_back(Counts(request, name, column->Values(f, *tally)));
  }
  if (std::optional<SortRanks::Order> order = RankedOrder(request.sort, plan.empty)) {
    out->total_exact = true;  // the sorted page's own pass counts every match
    return SortedPage(s, request, query, plan.empty, everything, column, *order, &out->total);
  }
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  // Only with their cache: tiers computed for each search would cost more than they save. With
  // the tier warmer, a frequent word's missing tier is asked of it, and this search is ranked by
  // the whole match.
  double known_kth = 0;
  if (request.sort == SortOrder::kRelevance && !plan.empty && facet_store_.impact_tiers() &&
      options_.ranking.scheme == WeightingScheme::kBm25) {
    const TieredRanker ranker(s.db, column, facet_store_.match_sets(), options_.match_sets,
                              facet_store_.impact_tiers(), options_.bm25, options_.impact_tiers,
                              tier_warmer_.get());
    if (auto page = ranker.Page(query, first, request.per_page, &known_kth)) {
      return *std::move(page);
    }
  }
  return RankedPage(s, request, plan, query, first, nullptr, known_kth);
}

// The page of a ranked match with no spies (ranked_page.h).
Xapian::MSet SearchService::RankedPage(Searcher& s, const SearchRequest& request,
                                       const TextPlan& plan, const Xapian::Query& query,
                                       Xapian::doccount first, Xapian::MSet* estimates,
                                       double known_kth) const {
  const RankedPageSpec spec{request.sort,
                            plan.empty,
                            s.shard_count > 0,
                            first,
                            static_cast<Xapian::doccount>(request.per_page),
                            known_kth};
  return RankPage(
      s.db, [&](const Xapian::Query& q) { return MakeEnquire(s, q); }, query, spec, estimates);
}

// A boolean pass over the match set picks the documents whose date (or title) can reach the page,
// then a ranked match over just those orders them exactly as a value-sorted Xapian match of the
// whole set would: by value, then relevance, then id (sort_ranks.h).
Xapian::MSet SearchService::SortedPage(Searcher& s, const SearchRequest& request,
                                       const Xapian::Query& query, bool empty_text, bool everything,
                                       const std::shared_ptr<const FacetColumn>& column,
                                       SortRanks::Order order, uint64_t* matched) const {
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  SortSelection pick(column->sort_ranks(), order, first + request.per_page);
  if (everything) {
    pick.AddEverything(s.db.get_doccount());
  } else {
    const MatchSetEvaluator sets(s.db, column, facet_store_.match_sets(), options_.match_sets);
    sets.Evaluate(query).ForEach([&](Xapian::docid id) { pick.Add(id); });
  }
  *matched = pick.added();
  Xapian::Enquire enquire = MakeEnquire(s, SortedCandidatesQuery(query, pick.Candidates()));
  Xapian::MultiValueKeyMaker evidence_keys;  // must outlive get_mset
  SetOrder(enquire, request.sort, empty_text, &evidence_keys);
  return enquire.get_mset(first, request.per_page, Xapian::doccount{0});
}

// The tally of the documents `match` matches: the precomputed one when it matches `everything`,
// else from the cache, else from a boolean pass that enumerates the match set.
std::shared_ptr<const FacetTally> SearchService::Tally(
    Searcher& s, const std::shared_ptr<const FacetColumn>& column, const Xapian::Query& match,
    bool everything) {
  if (everything) return std::shared_ptr<const FacetTally>(column, &column->all());
  const std::string key = FacetColumnStore::CacheKey(*column, match);
  if (std::shared_ptr<const FacetTally> hit = facet_store_.Cached(key)) return hit;
  auto tally = std::make_shared<const FacetTally>(
      CountFacets(s.db, column, facet_store_.match_sets(), options_.match_sets, match));
  facet_store_.Remember(key, tally);
  return tally;
}

Xapian::Query SearchService::TextForFacet(Searcher& s, const SearchRequest& request,
                                          const std::string& facet, const TextPlan& plan,
                                          const Xapian::Query& text) const {
  if (facet != "language" || plan.empty) return text;
  SearchRequest unfiltered = request;
  unfiltered.filters.erase("language");
  const bool need_all =
      request.sort != SortOrder::kRelevance || options_.ranking.all_words_bonus > 0;
  const TextPlan any = PlanText(s, plan.typed.empty() ? plan.cleaned : plan.typed, need_all,
                                PlanLanguages(s.db, unfiltered, OneLocalDatabase(s)));
  MatchRule rule;
  return TextQuery(request.sort, any, &rule);
}

// Facets that are filtered on: counted with every filter but their own.
Status SearchService::CountFilteredFacets(Searcher& s, const SearchRequest& request,
                                          const TextPlan& plan, Counters& counters) {
  std::string bad_param;
  MatchRule rule;
  const Xapian::Query text = TextQuery(request.sort, plan, &rule);
  for (auto& [name, counter] : counters) {
    auto active = request.filters.find(name);
    if (active == request.filters.end() || active->second.empty()) continue;
    Result<Xapian::Query> others = BuildFilterQuery(request, name, &bad_param);
    if (!others.ok()) return others.status();
    const Xapian::Query counted = TextForFacet(s, request, name, plan, text);
    Xapian::Query q =
        others->empty() ? counted : Xapian::Query(Xapian::Query::OP_FILTER, counted, *others);
    Xapian::Enquire facet_enquire = MakeEnquire(s, q);
    facet_enquire.set_weighting_scheme(Xapian::BoolWeight());
    facet_enquire.add_matchspy(&counter->spy());
    facet_enquire.get_mset(0, 0, s.db.get_doccount());
  }
  return Status::Ok();
}

FacetCounts SearchService::Counts(const SearchRequest& request, const std::string& name,
                                  std::vector<std::pair<std::string, uint64_t>> values) const {
  FacetCounts counts;
  counts.name = name;
  auto active = request.filters.find(name);
  // Sources are filtered by slug, so "BJA " and "bja" select the same value.
  auto key_of = [&](const std::string& value) {
    return name == "source" ? schema::SourceSlug(value) : value;
  };
  std::vector<std::string> selected;
  if (active != request.filters.end()) {
    for (const auto& v : active->second) selected.push_back(key_of(v));
  }
  auto is_selected = [&](const std::string& value) {
    return std::find(selected.begin(), selected.end(), key_of(value)) != selected.end();
  };
  for (const auto& [value, count] : values) {
    counts.values.push_back(
        {value, FacetLabel(name, value, request.page_language), count, is_selected(value)});
  }
  std::sort(counts.values.begin(), counts.values.end(), [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (counts.values.size() > options_.max_facet_values) {
    counts.values.resize(options_.max_facet_values);
  }
  // A selected value always shows, even with no matches, so that it can be unselected.
  if (active != request.filters.end()) {
    for (const auto& v : active->second) {
      bool present = std::any_of(counts.values.begin(), counts.values.end(),
                                 [&](const FacetValue& f) { return key_of(f.value) == key_of(v); });
      if (!present)
        counts.values.push_back({v, FacetLabel(name, v, request.page_language), 0, true});
    }
  }
  return counts;
}

Result<SearchResponse> SearchService::AppendHits(Searcher& s, const SearchRequest& request,
                                                 const TextPlan& plan,
                                                 const std::vector<RankedDoc>& ranked,
                                                 SearchResponse out) const {
  const SnippetTerms snippet_terms = SnippetTermsOf(
      plan.parsed.query, [this](std::string_view word) { return everyday_.IsStopWord(word); });
  for (const RankedDoc& ranked_doc : ranked) {
    Xapian::Document doc = s.db.get_document(ranked_doc.id);
    // A hit shows no body_html: it is skipped, not decoded (schema.h, DecodeOptions).
    Result<Resource> resource =
        schema::DecodeResource(doc.get_data(), schema::DecodeOptions{.body_html = false});
    if (!resource.ok()) return resource.status();
    SearchHit hit;
    hit.snippet = HighlightedSnippet(resource->body_text, options_.limits.snippet_chars,
                                     s.snippet_stems.For(resource->language), snippet_terms);
    hit.score = plan.empty || request.sort != SortOrder::kRelevance ? 0 : ranked_doc.weight;
    if (request.coverage && !plan.empty) hit.coverage = Coverage(doc, plan.concepts);
    hit.resource = std::move(resource).value();
    hit.resource.body_html.clear();
    hit.resource.body_text.clear();
    out.results.push_back(std::move(hit));
  }
  return out;
}

}  // namespace ch
