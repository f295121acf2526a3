#include "server/services/language_query.h"

#include <algorithm>
#include <limits>

#include "indexer/schema.h"

namespace ch {
namespace {

using Q = Xapian::Query;

void AddOnce(std::vector<const LanguageSpec*>& list, const LanguageSpec* spec) {
  if (std::find(list.begin(), list.end(), spec) == list.end()) list.push_back(spec);
}

Q LanguageTerm(const LanguageSpec& spec) {
  return Q(schema::kLanguagePrefix + std::string(spec.code));
}

// Restricts `q` to the documents analysed as `spec`.
Q RestrictTo(const Q& q, const LanguageSpec& spec, const LanguagePlan& plan) {
  if (&spec != &DefaultLanguage()) return Q(Q::OP_FILTER, q, LanguageTerm(spec));
  std::vector<Q> others;
  for (const LanguageSpec* other : plan.present) {
    if (other != &spec) others.push_back(LanguageTerm(*other));
  }
  if (others.empty()) return q;
  const Q excluded(Q::OP_OR, others.begin(), others.end());
  // Not AND_MAYBE the excluded terms as well, though that let an outweighed default-language
  // branch under OP_MAX drop out of the match early (about 15% of the CPU of a search not seen
  // before at 250,000 documents): Xapian 1.4.22's pruning matcher crashes on such trees (a search
  // of "victim crime" there; WordPairRankingTest's random trees of words alone).
  return Q(Q::OP_AND_NOT, q, excluded);
}

}  // namespace

LanguagePlan PlanLanguages(const Xapian::Database& db, const SearchRequest& request,
                           bool one_local_database) {
  LanguagePlan plan;
  for (const LanguageSpec& spec : AnalysedLanguages()) {
    if (&spec == &DefaultLanguage() ||
        db.get_termfreq(schema::kLanguagePrefix + std::string(spec.code)) > 0) {
      plan.present.push_back(&spec);
    }
  }
  plan.max_branches = one_local_database;
  auto filter = request.filters.find("language");
  if (filter != request.filters.end() && !filter->second.empty()) {
    plan.filter_codes = filter->second;
    for (const auto& code : filter->second) AddOnce(plan.languages, &LanguageFor(code));
  } else {
    plan.languages = plan.present;
  }
  // No page language (no lang=, no usable Accept-Language): the default language's page.
  const LanguageSpec* page = request.page_language.empty()
                                 ? &DefaultLanguage()
                                 : FindAnalysedLanguage(request.page_language);
  if (page &&
      std::find(plan.languages.begin(), plan.languages.end(), page) != plan.languages.end()) {
    plan.preferred = page;
  }
  return plan;
}

LanguageParse ParseInLanguages(Xapian::QueryParser& qp, const LanguageStemmers& stemmers,
                               const LanguagePlan& plan, std::string_view text,
                               const QueryOptions& options, double preferred_weight,
                               const std::vector<SpellingSwap>* swaps) {
  LanguageParse out;
  std::vector<Q> branches;
  for (const LanguageSpec* spec : plan.languages) {
    const Xapian::Stem& stemmer = stemmers.For(*spec);
    qp.set_stemmer(stemmer);
    ParsedText parsed = ParseQueryText(qp, text, options, &spec->stopper(), &stemmer, swaps);
    if (parsed.query.get_type() == Q::LEAF_MATCH_ALL) {  // no text: browsing
      out.parsed = std::move(parsed);
      out.type = Q::LEAF_MATCH_ALL;
      branches.clear();
      break;
    }
    if (branches.empty() && out.parsed.query.empty()) {
      out.parsed.fallback_text = parsed.fallback_text;
      out.type = parsed.query.get_type();
    }
    if (parsed.query.empty()) continue;  // only stop words in this language
    if (plan.languages.size() == 1) {
      out.parsed = std::move(parsed);
      out.type = out.parsed.query.get_type();
      break;
    }
    if (branches.empty()) out.type = parsed.query.get_type();
    Q branch = RestrictTo(parsed.query, *spec, plan);
    // The other languages are scaled down rather than the page's up, so that the page language's
    // documents keep exactly the weights they have in a one-language index (lay concepts too).
    if (plan.preferred && spec != plan.preferred && preferred_weight > 0) {
      branch = Q(Q::OP_SCALE_WEIGHT, branch, 1.0 / preferred_weight);
    }
    branches.push_back(std::move(branch));
  }
  // The branches are disjoint (each is restricted to its own language, and a document has one
  // language term), so OP_MAX gives every document exactly the weight OP_OR would: its one
  // branch's. But under OR each branch is matched against the results' lowest weight minus the
  // other branch's best possible weight, so a phrase is checked in nearly every candidate instead
  // of only in those that could enter the results (a phrase search cost 3x raw Xapian's CPU with
  // OR: benchmarks/RESULTS.md, issue 15, Run 2).
  if (!branches.empty()) {
    out.parsed.query =
        Q(plan.max_branches ? Q::OP_MAX : Q::OP_OR, branches.begin(), branches.end());
  }
  qp.set_stemmer(stemmers.For(DefaultLanguage()));
  return out;
}

Q PreferLanguage(const Q& q, const LanguagePlan& plan, double preferred_weight) {
  if (q.empty() || !plan.preferred || plan.languages.size() < 2 || preferred_weight <= 0) return q;
  std::vector<Q> parts;
  for (const LanguageSpec* spec : plan.languages) {
    Q part = RestrictTo(q, *spec, plan);
    if (spec != plan.preferred) part = Q(Q::OP_SCALE_WEIGHT, part, 1.0 / preferred_weight);
    parts.push_back(std::move(part));
  }
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

namespace {

// The one language of `plan` that the words of `text` (lowercased runs of letters and digits, at
// most `max_words`) point at: `claims(spec, word)` says whether a word points at `spec`; a word
// claimed by several languages or none tells nothing; words pointing at two languages give
// nullptr (no guess), as does a plan with a language filter or a single language.
template <typename Claims>
const LanguageSpec* SingleLanguageOfWords(const LanguagePlan& plan, std::string_view text,
                                          size_t max_words, Claims claims) {
  if (!plan.filter_codes.empty() || plan.languages.size() < 2) return nullptr;
  const LanguageSpec* found = nullptr;
  size_t words = 0;
  std::string word;
  auto take = [&]() {  // false: the words point at two languages
    const LanguageSpec* only = nullptr;
    size_t count = 0;
    for (const LanguageSpec* spec : plan.languages) {
      if (claims(*spec, word)) {
        only = spec;
        ++count;
      }
    }
    word.clear();
    ++words;
    if (count != 1) return true;
    if (found && found != only) return false;
    found = only;
    return true;
  };
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else if (c == '-' && !word.empty()) {
      continue;  // one word: the "de" of "de-escalation" is no Spanish stop word
    } else if (!word.empty()) {
      if (words >= max_words) return found;
      if (!take()) return nullptr;
    }
  }
  if (!word.empty() && words < max_words && !take()) return nullptr;
  return found;
}

// Whether `word` (an unstemmed index term) occurs in a document analysed as `spec`.
bool WordInLanguage(const Xapian::Database& db, const LanguagePlan& plan, const LanguageSpec& spec,
                    const std::string& word) {
  Xapian::Enquire enquire(db);
  LanguagePlan exact = plan;
  exact.max_branches = false;
  enquire.set_query(RestrictTo(Q(word), spec, exact));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 1).size() > 0;
}

}  // namespace

const LanguageSpec* TextLanguage(const LanguagePlan& plan, std::string_view text) {
  return SingleLanguageOfWords(
      plan, text, std::numeric_limits<size_t>::max(),
      [](const LanguageSpec& spec, const std::string& word) { return spec.stopper()(word); });
}

const LanguageSpec* VocabularyLanguage(const Xapian::Database& db, const LanguagePlan& plan,
                                       std::string_view text) {
  return SingleLanguageOfWords(plan, text, kMaxVocabularyWords,
                               [&](const LanguageSpec& spec, const std::string& word) {
                                 return WordInLanguage(db, plan, spec, word);
                               });
}

bool WordInSearchedLanguages(const Xapian::Database& db, const LanguagePlan& plan,
                             const std::string& word) {
  if (plan.filter_codes.empty()) return true;
  std::vector<Q> codes;
  for (const auto& code : plan.filter_codes) codes.emplace_back(schema::kLanguagePrefix + code);
  Xapian::Enquire enquire(db);
  enquire.set_query(Q(Q::OP_FILTER, Q(word), Q(Q::OP_OR, codes.begin(), codes.end())));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 1).size() > 0;
}

namespace {

// Whether a document in `spec`'s language holds the stem term of `stem`: the stem prefix is shared
// by every language, and one language's stem may be another's ("comunity", stemmed "comun" in
// English, is the Spanish stem of "comunes"). An index without language terms: any document.
bool StemInLanguage(const Xapian::Database& db, const LanguageSpec& spec, const std::string& stem) {
  const std::string term = "Z" + stem;
  if (db.get_termfreq(term) == 0) return false;
  const std::string language = schema::kLanguagePrefix + std::string(spec.code);
  if (db.get_termfreq(language) == 0) return true;
  Xapian::Enquire enquire(db);
  enquire.set_query(Q(Q::OP_FILTER, Q(term), Q(language)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 1).size() > 0;
}

}  // namespace

bool SameWordInIndex(const Xapian::Database& db, const LanguagePlan& plan,
                     const LanguageStemmers& stemmers, const std::string& word,
                     const std::string& suggestion) {
  std::vector<const LanguageSpec*> languages = plan.languages;
  if (languages.empty()) languages.push_back(&DefaultLanguage());
  for (const LanguageSpec* spec : languages) {
    const Xapian::Stem& stemmer = stemmers.For(*spec);
    const std::string stem = stemmer(word);
    const std::string corrected = stemmer(suggestion);
    if (stem == corrected) return true;
    const bool lengthened = corrected.size() > stem.size() && corrected.starts_with(stem);
    if (!lengthened && StemInLanguage(db, *spec, stem)) return true;
  }
  return false;
}

}  // namespace ch
