#include "server/services/query_builder.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/compounds.h"
#include "indexer/concepts.h"
#include "indexer/resource_parser.h"
#include "indexer/schema.h"
#include "indexer/stopwords.h"
#include "indexer/text_fold.h"

namespace ch {
namespace {

constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT;
constexpr unsigned kConceptFlags =
    Xapian::QueryParser::FLAG_AUTO_SYNONYMS | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;

// Keeps letters, digits and any non-ASCII byte; everything else becomes a space.
std::string PlainWords(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    out += keep ? static_cast<char>(c) : ' ';
  }
  return out;
}

bool IsConceptTerm(const Xapian::Query& q) {
  if (q.get_type() != Xapian::Query::LEAF_TERM) return false;
  auto term = q.get_terms_begin();
  return term != q.get_terms_end() && (*term).rfind(schema::kConceptPrefix, 0) == 0;
}

// Whether `q` is the concept term of a type or an audience (a facet of who or what form, not of
// the subject): "evaluation" names the report type, "schools" the educators audience.
bool IsFacetConcept(const Xapian::Query& q) {
  static const std::string type_term =
      schema::kConceptPrefix + ConceptMatcher::EntryKey(Vocabulary::kType, "");
  static const std::string audience_term =
      schema::kConceptPrefix + ConceptMatcher::EntryKey(Vocabulary::kAudience, "");
  const std::string term = *q.get_terms_begin();
  return term.rfind(type_term, 0) == 0 || term.rfind(audience_term, 0) == 0;
}

// Whether a query of type `type` only combines its subqueries (no positions, ranges or weights),
// so that a rewrite may rebuild it from rewritten subqueries.
bool IsPlainCombination(Xapian::Query::op type) {
  using Q = Xapian::Query;
  return type == Q::OP_AND || type == Q::OP_OR || type == Q::OP_AND_NOT || type == Q::OP_XOR ||
         type == Q::OP_AND_MAYBE || type == Q::OP_FILTER || type == Q::OP_SYNONYM ||
         type == Q::OP_MAX;
}

// `q`'s subqueries, each rewritten by `rewrite`.
template <typename Rewrite>
std::vector<Xapian::Query> RewrittenParts(const Xapian::Query& q, Rewrite rewrite) {
  std::vector<Xapian::Query> parts;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) parts.push_back(rewrite(q.get_subquery(i)));
  return parts;
}

// FLAG_AUTO_MULTIWORD_SYNONYMS turns "mental health" into SYNONYM(Zmental OR Zhealth, XC...), so
// BM25 weighs either word as one term as common as both together, and the words lose their own
// weight. A concept named in a query should add a way to match, not merge the words: each such
// group becomes an OR of the words and the concept terms (the same documents match). The same
// holds for one word naming a subject (a topic, focus area or glossary term): SYNONYM(Zshoot,
// XCfocus-gun-violence) makes "shootings" as common as every gun-violence document, so the word
// weighs almost nothing; with `concept_scale` > 0 it becomes Zshoot OR (its concepts, as one
// SYNONYM, scaled by `concept_scale`). A word naming a type or an audience keeps the SYNONYM
// unless `split_facets` (a short keyword search, where every word is the subject: "programme
// evaluation") (measured: benchmarks/RESULTS.md, issue 12, third round). Operators with parameters
// (phrases, NEAR, ranges, scaled weights) are kept as they are.
Xapian::Query SeparateConceptNames(const Xapian::Query& q, double concept_scale,
                                   bool split_facets) {
  using Q = Xapian::Query;
  const Q::op type = q.get_type();
  if (!IsPlainCombination(type)) return q;
  std::vector<Q> parts = RewrittenParts(q, [&](const Q& sub) {
    return SeparateConceptNames(sub, concept_scale, split_facets);
  });
  const bool names_concepts = type == Q::OP_SYNONYM && parts.size() > 1 &&
                              std::all_of(parts.begin() + 1, parts.end(), IsConceptTerm);
  if (names_concepts && parts[0].get_type() != Q::LEAF_TERM) {
    return Q(Q::OP_OR, parts.begin(), parts.end());  // a multi-word name
  }
  const bool word_names_subject =
      names_concepts && concept_scale > 0 && !IsConceptTerm(parts[0]) &&
      (split_facets || std::none_of(parts.begin() + 1, parts.end(), IsFacetConcept));
  if (word_names_subject) {
    Q concepts(Q::OP_SYNONYM, parts.begin() + 1, parts.end());
    return Q(Q::OP_OR, parts[0], Q(Q::OP_SCALE_WEIGHT, concepts, concept_scale));
  }
  return Q(type, parts.begin(), parts.end());
}

// British and American spellings of one word, as English stems (the index's Z terms): each is
// also searched as the other. Only words whose two stems differ, and no word whose other spelling
// is a common word of its own ("victimise" -> "victim" is left out).
constexpr std::pair<std::string_view, std::string_view> kSpellingStems[] = {
    {"neighbourhood", "neighborhood"},
    {"neighbour", "neighbor"},
    {"programm", "program"},
    {"licenc", "licens"},
    {"centr", "center"},
    {"organis", "organ"},
    {"behaviour", "behavior"},
    {"analys", "analyz"},
    {"colour", "color"},
    {"labour", "labor"},
    {"defenc", "defens"},
    {"offenc", "offens"},
    {"recognis", "recogn"},
    {"prioritis", "priorit"},
    {"judgement", "judgment"},
    {"counsellor", "counselor"},
    {"rumour", "rumor"},
    {"honour", "honor"},
    {"favour", "favor"},
    {"mobilis", "mobil"}};

// The other spelling's stem term of `term` (a Z term), or "".
std::string OtherSpelling(const std::string& term) {
  if (term.size() < 2 || term[0] != 'Z') return {};
  const std::string_view stem = std::string_view(term).substr(1);
  for (const auto& [british, american] : kSpellingStems) {
    if (stem == british) return "Z" + std::string(american);
    if (stem == american) return "Z" + std::string(british);
  }
  return {};
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }

// The other spellings of the English stem `stem` (no prefix) by the regular British and American
// patterns, whether or not the index holds them (a term it does not hold adds nothing to a
// SYNONYM): "ae" between consonants and the American "e" ("anaemia", "haematology",
// "paediatric", "anaesthesia"; from the American side only in those contexts); "oe" and "e" at
// a stem's start before "d" or "s" ("oedema", "oestrogen", "oesophagus") and in "foet"; "our" and
// "or" at the end of a stem or before a vowel ("tumour", "behavioural", "favourite"); "tr"/"br"
// and "ter"/"ber" at a stem's end ("fibr" for fibre, "fiber"). Stems of fewer than five letters
// are left alone ("hour", "less").
std::vector<std::string> RuleSpellings(const std::string& stem) {
  std::vector<std::string> out;
  const size_t n = stem.size();
  if (n < 5 || !std::all_of(stem.begin(), stem.end(), IsLetter)) return out;
  auto add = [&](std::string v) {
    if (v != stem && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  };
  auto at = [&](size_t i, const char* s) { return stem.compare(i, std::strlen(s), s) == 0; };
  for (size_t i = 1; i + 2 < n; ++i) {
    const char prev = stem[i - 1];
    // American "e" where British writes "ae": hem(at|o|orrhag), (an|leuk|isch|glyc)emi(a),
    // (pa)edi(atr), (an)esth.
    const bool haem = stem[i] == 'e' && ((prev == 'h' && at(i + 1, "m")) || at(i + 1, "mi") ||
                                         (prev == 'p' && (at(i + 1, "di") || at(i + 1, "da"))) ||
                                         (prev == 'n' && at(i + 1, "sth")));
    if (haem) add(stem.substr(0, i) + "a" + stem.substr(i));
    // British "ae" between consonants: the American "e".
    if (stem[i] == 'a' && stem[i + 1] == 'e' && !IsVowel(prev) && !IsVowel(stem[i + 2])) {
      add(stem.substr(0, i) + stem.substr(i + 1));
    }
  }
  if (stem[0] == 'e' && (stem[1] == 'd' || stem[1] == 's')) add("o" + stem);  // edema, estrogen
  if (at(0, "oed") || at(0, "oes")) add(stem.substr(1));
  if (at(0, "fet")) add("foet" + stem.substr(3));
  if (at(0, "foet")) add("fet" + stem.substr(4));
  for (size_t i = 1; i + 1 < n; ++i) {
    if (at(i, "our") && (i + 3 == n || IsVowel(stem[i + 3]))) {
      add(stem.substr(0, i + 1) + stem.substr(i + 2));  // tumour -> tumor
    } else if (at(i, "or") && stem[i - 1] != 'o' && (i + 2 == n || IsVowel(stem[i + 2]))) {
      add(stem.substr(0, i + 1) + "u" + stem.substr(i + 1));  // tumor -> tumour
    }
  }
  if (at(n - 2, "tr") || at(n - 2, "br")) add(stem.substr(0, n - 1) + "er");  // fibr -> fiber
  if (at(n - 3, "ter") || at(n - 3, "ber")) {
    add(stem.substr(0, n - 2) + "r");  // fiber -> fibr
  }
  return out;
}

// The terms of the words read in their American spelling (american_spelling.h), each with the
// term of the word as typed: its stem term (Z) and its plain term (a capitalised word's).
using TermSwaps = std::vector<std::pair<std::string, std::string>>;

TermSwaps SwappedTerms(const std::vector<SpellingSwap>* swaps, const Xapian::Stem& stemmer) {
  TermSwaps out;
  if (!swaps) return out;
  for (const SpellingSwap& swap : *swaps) {
    out.emplace_back(swap.american, swap.british);
    const std::string american = "Z" + stemmer(swap.american);
    const std::string british = "Z" + stemmer(swap.british);
    if (american != british) out.emplace_back(american, british);
  }
  return out;
}

// `q` with each stemmed word that has a British or American spelling searched as either (one
// SYNONYM: "programme evaluation" finds "program evaluation"), and each word in `swapped` (read
// in its American spelling) searched as the word as typed too. Operators with parameters are kept
// as they are.
Xapian::Query WithSpellingVariants(const Xapian::Query& q, const TermSwaps& swapped) {
  using Q = Xapian::Query;
  const Q::op type = q.get_type();
  if (type == Q::LEAF_TERM) {
    const std::string term = *q.get_terms_begin();
    std::vector<std::string> seen{term};
    std::vector<Q> forms{q};  // the word itself keeps its position
    auto add = [&](const std::string& form) {
      if (std::find(seen.begin(), seen.end(), form) != seen.end()) return;
      seen.push_back(form);
      forms.emplace_back(form);
    };
    const std::string other = OtherSpelling(term);
    if (!other.empty()) add(other);
    if (term.size() > 1 && term[0] == 'Z') {
      for (const std::string& v : RuleSpellings(term.substr(1))) add("Z" + v);
    }
    for (const auto& [american, british] : swapped) {
      if (term == american) add(british);
    }
    return forms.size() == 1 ? q : Q(Q::OP_SYNONYM, forms.begin(), forms.end());
  }
  if (!IsPlainCombination(type)) return q;
  const std::vector<Q> parts =
      RewrittenParts(q, [&](const Q& sub) { return WithSpellingVariants(sub, swapped); });
  return Q(type, parts.begin(), parts.end());
}

// Whether `q` is the phrase of `compound`'s parts, in order.
bool IsPhraseOf(const Xapian::Query& q, const HyphenCompound& compound) {
  if (q.get_type() != Xapian::Query::OP_PHRASE) return false;
  size_t i = 0;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t, ++i) {
    if (i >= compound.parts.size() || *t != compound.parts[i]) return false;
  }
  return i == compound.parts.size();
}

// How WithJoinedCompounds searches a hyphenated word.
struct CompoundSearch {
  const std::vector<HyphenCompound>& compounds;  // the text's hyphenated words
  const Xapian::Stem& stemmer;
  bool stem_words;                  // not STEM_NONE
  const Xapian::Stopper* stop_words;  // parts left out, or null
  double parts_scale;               // QueryOptions::compound_parts_scale
};

// The phrase `phrase` of the compound `c`: the phrase or its joined form, one SYNONYM, and with
// `how.parts_scale` > 0 its parts, as one SYNONYM at that scale, beside them.
Xapian::Query CompoundQuery(const Xapian::Query& phrase, const HyphenCompound& c,
                            const CompoundSearch& how) {
  using Q = Xapian::Query;
  const Q joined(JoinedCompoundTerm(c, how.stemmer, how.stem_words && !c.capitalised));
  const Q whole(Q::OP_SYNONYM, phrase, joined);
  if (how.parts_scale <= 0) return whole;
  const std::vector<std::string> terms =
      CompoundPartTerms(c, how.stemmer, how.stem_words, how.stop_words);
  if (terms.empty()) return whole;
  const Q parts(Q::OP_SYNONYM, terms.begin(), terms.end());
  return Q(Q::OP_OR, whole, Q(Q::OP_SCALE_WEIGHT, parts, how.parts_scale));
}

// `q` with the phrase of each hyphenated word of the text searched as that phrase or the word's
// joined form (one SYNONYM: "re-entry" finds "reentry" and "re-entry", indexer/compounds.h), and
// its parts at a lower weight (CompoundQuery). Operators with parameters other than those phrases
// are kept as they are.
Xapian::Query WithJoinedCompounds(const Xapian::Query& q, const CompoundSearch& how) {
  using Q = Xapian::Query;
  const Q::op type = q.get_type();
  if (type == Q::OP_PHRASE) {
    for (const HyphenCompound& c : how.compounds) {
      if (IsPhraseOf(q, c)) return CompoundQuery(q, c, how);
    }
    return q;
  }
  if (!IsPlainCombination(type)) return q;
  const std::vector<Q> parts =
      RewrittenParts(q, [&](const Q& sub) { return WithJoinedCompounds(sub, how); });
  return Q(type, parts.begin(), parts.end());
}

// How many leaf terms that are not concept terms `q` holds (the words searched).
size_t WordsOf(const Xapian::Query& q) {
  size_t n = 0;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    if ((*t).rfind(schema::kConceptPrefix, 0) != 0) ++n;
  }
  return n;
}

}  // namespace

void ConfigureQueryParser(Xapian::QueryParser& qp, const Xapian::Database& db,
                          const Xapian::Stem& stemmer, const SearchLimits& limits) {
  qp.set_stemmer(stemmer);
  qp.set_database(db);
  qp.set_max_expansion(limits.wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  qp.add_prefix("title", schema::kTitleTextPrefix);
  qp.add_prefix("source", schema::kSourceTextPrefix);
  qp.add_prefix("keyword", schema::kKeywordTextPrefix);
  qp.add_boolean_prefix("type", schema::kTypePrefix);
  qp.add_boolean_prefix("topic", schema::kTopicPrefix);
  qp.add_boolean_prefix("focus", schema::kFocusAreaPrefix);
  qp.add_boolean_prefix("audience", schema::kAudiencePrefix);
  qp.add_boolean_prefix("lang", schema::kLanguagePrefix);
}

ParsedText ParseQueryText(Xapian::QueryParser& qp, std::string_view text,
                          const QueryOptions& options, const Xapian::Stopper* stop_words,
                          const Xapian::Stem* stemmer, const std::vector<SpellingSwap>* swaps) {
  qp.set_stemming_strategy(options.stemming);
  if (!stop_words) stop_words = &EnglishStopper();
  // What the parse leaves out: in English, the filler of everyday speech too.
  const Xapian::Stopper* dropped = stop_words;
  if (stop_words == &EnglishStopper() && options.drop_filler_words) {
    dropped = &EnglishFillerStopper();
  }
  qp.set_stopper(options.drop_stop_words ? dropped : nullptr);
  qp.set_default_op(options.default_op);
  const unsigned concept_flags = options.concepts ? kConceptFlags : 0;
  ParsedText out;
  std::string trimmed(text);
  size_t first = trimmed.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    out.query = MatchAllQuery();
    return out;
  }
  trimmed = trimmed.substr(first, trimmed.find_last_not_of(" \t\r\n") - first + 1);
  try {
    out.query = qp.parse_query(trimmed, kParseFlags | concept_flags);
  } catch (const Xapian::QueryParserError&) {
    out.fallback_text = PlainWords(trimmed);
    size_t start = out.fallback_text.find_first_not_of(' ');
    out.fallback_text =
        start == std::string::npos
            ? std::string()
            : out.fallback_text.substr(start, out.fallback_text.find_last_not_of(' ') - start + 1);
    out.query = qp.parse_query(out.fallback_text, concept_flags);
  }
  if (options.concepts) {
    const bool short_query = WordsOf(out.query) <= options.short_query_words;
    out.query = SeparateConceptNames(out.query, options.word_concept_scale, short_query);
  }
  if (options.spelling_variants && stop_words == &EnglishStopper()) {
    const Xapian::Stem english("english");  // a Stem is not thread-safe: one per call
    out.query = WithSpellingVariants(out.query, SwappedTerms(swaps, stemmer ? *stemmer : english));
  }
  if (options.joined_compounds && out.fallback_text.empty()) {
    const std::vector<HyphenCompound> compounds = HyphenCompounds(trimmed);
    if (!compounds.empty()) {
      const Xapian::Stem english("english");  // a Stem is not thread-safe: one per call
      // The parts widen a ranked OR; where every word is required (the full-match rule of
      // other sorts, docs/api.md `match_rule`) the compound itself must be there.
      const bool ranked_or = options.default_op == Xapian::Query::OP_OR;
      const CompoundSearch how{compounds, stemmer ? *stemmer : english,
                               options.stemming != Xapian::QueryParser::STEM_NONE,
                               options.drop_stop_words ? dropped : nullptr,
                               ranked_or ? options.compound_parts_scale : 0.0};
      out.query = WithJoinedCompounds(out.query, how);
    }
  }
  // An empty Query matches nothing, as a query of only stop words should.
  return out;
}

namespace {

// `word` accent-folded and in lowercase, as the index holds its words.
std::string LowerFolded(std::string_view word) {
  std::string lower = FoldAccents(word);
  for (char& ch : lower) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return lower;
}

}  // namespace

std::string SpellingCorrection(const Xapian::Database& db, std::string_view text,
                               const SpellingChecks& checks) {
  // Only words the index does not know are corrected: Xapian's own correction also "fixes" known
  // but rarer words (policy -> police). Field names, operators and quoted text pass through.
  std::string out;
  bool changed = false;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!word_char) {
      out += text[i++];
      continue;
    }
    size_t start = i;
    while (i < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i]);
      if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') ||
            d >= 0x80)) {
        break;
      }
      ++i;
      // An apostrophe between letters belongs to the word: "wouldn't", "cousin's".
      if (i + 1 < text.size() && text[i] == '\'' &&
          std::isalpha(static_cast<unsigned char>(text[i + 1]))) {
        ++i;
      }
    }
    std::string word(text.substr(start, i - start));
    std::string lower = LowerFolded(word);
    const size_t apostrophe = word.find('\'');
    if (apostrophe != std::string::npos && db.get_termfreq(lower) == 0 &&
        !(checks.known && checks.known(lower))) {
      // Neither indexed nor known with its ending: the part before the apostrophe is checked
      // alone ("homocide's"), its ending copied as it was.
      word.resize(apostrophe);
      i = start + apostrophe;
      lower = LowerFolded(word);
    }
    bool is_field = i < text.size() && text[i] == ':';
    bool is_operator = word == "AND" || word == "OR" || word == "NOT" || word == "XOR" ||
                       word == "NEAR" || word == "ADJ";
    bool is_wildcard = i < text.size() && text[i] == '*';
    if (!is_field && !is_operator && !is_wildcard && lower.size() > 2 &&
        db.get_termfreq(lower) == 0 && !(checks.known && checks.known(lower))) {
      const unsigned edits = lower.size() <= kOneEditWordLength ? 1 : 2;
      std::string suggestion = db.get_spelling_suggestion(lower, edits);
      if (!suggestion.empty() && (!checks.accept || checks.accept(lower, suggestion))) {
        out += suggestion;
        changed = true;
        continue;
      }
    }
    out += word;
  }
  return changed ? out : std::string();
}

std::string PublishedLowerBound(std::string_view date) {
  std::string key = schema::PublishedSortKey(date);
  return key;
}

std::string PublishedUpperBound(std::string_view date) {
  std::string key(date.substr(0, 4));
  key += date.size() >= 7 ? std::string(date.substr(5, 2)) : "99";
  key += date.size() >= 10 ? std::string(date.substr(8, 2)) : "99";
  return key;
}

namespace {

// The values of the filter `name` when it is given and not `except`, else nullptr.
const std::vector<std::string>* ActiveFilter(const SearchRequest& request, std::string_view name,
                                             std::string_view except) {
  if (name == except) return nullptr;
  auto it = request.filters.find(std::string(name));
  return it == request.filters.end() || it->second.empty() ? nullptr : &it->second;
}

}  // namespace

Result<Xapian::Query> BuildFilterQuery(const SearchRequest& request, std::string_view except,
                                       std::string* bad_param) {
  std::vector<Xapian::Query> parts;
  // Both evidence filters: they must hold on the same rating (a program rated effective for
  // reoffending and no-effect for gun violence is not "effective for gun violence"), so they
  // become one filter on the (outcome, rating) pair terms.
  const std::vector<std::string>* ratings = ActiveFilter(request, "evidence_rating", except);
  const std::vector<std::string>* outcomes = ActiveFilter(request, "evidence_outcome", except);
  const bool paired = ratings && outcomes;
  if (paired) {
    std::vector<Xapian::Query> pairs;
    for (const auto& outcome : *outcomes) {
      for (const auto& rating : *ratings) {
        pairs.emplace_back(schema::EvidencePairTerm(outcome, rating));
      }
    }
    parts.emplace_back(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
  }
  for (const auto& [name, values] : request.filters) {
    if (name == except || values.empty()) continue;
    if (paired && (name == "evidence_rating" || name == "evidence_outcome")) continue;
    const schema::Facet* facet = schema::FindFacet(name);
    if (!facet) {
      *bad_param = name;
      return Status::InvalidArgument("unknown filter '" + name + "'");
    }
    std::vector<Xapian::Query> terms;
    for (const auto& value : values) {
      std::string term_value = name == "source" ? schema::SourceSlug(value) : value;
      terms.emplace_back(facet->prefix + term_value);
    }
    parts.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }
  if (!request.published_from.empty() || !request.published_to.empty()) {
    for (const auto& [param, value] : {std::pair{"published_from", request.published_from},
                                       std::pair{"published_to", request.published_to}}) {
      if (!value.empty() && !IsValidPartialDate(value)) {
        *bad_param = param;
        return Status::InvalidArgument("'" + value +
                                       "' is not a date; write YYYY, YYYY-MM or "
                                       "YYYY-MM-DD");
      }
    }
    std::string low =
        request.published_from.empty() ? "00000000" : PublishedLowerBound(request.published_from);
    std::string high =
        request.published_to.empty() ? "99999999" : PublishedUpperBound(request.published_to);
    if (low > high) {
      *bad_param = "published_from";
      return Status::InvalidArgument("published_from is after published_to");
    }
    parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished, low, high);
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

}  // namespace ch
