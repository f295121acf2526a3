#include "indexer/lay_vocabulary.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include <xapian.h>

#include "indexer/concepts.h"
#include "indexer/stopwords.h"

namespace ch {
namespace {

// How many of a phrase's stems name something of their own: a class stem (ClassStem: a family,
// partner or fear word) stands for a whole class of words, and such words fill victims' and
// families' questions ("my son", "my boyfriend", "scared"), so in a loose match (words in any
// order, near each other) it says nothing of the concept. "my son is in a gang" has one specific
// word, "gang", and does not match "my nephew was never in a gang, they put him on the gang list"
// loosely; "scared to testify" has one too. Measured: benchmarks/RESULTS.md, issue 12, ninth round.
size_t SpecificWords(const std::vector<std::string>& stems);

}  // namespace

LayVocabulary::LayVocabulary(const Taxonomy& taxonomy, std::string_view language)
    : spec_(&LanguageFor(language)) {
  const std::string_view code = spec_->code;
  for (Vocabulary v : kAllVocabularies) {
    for (const auto& entry : taxonomy.entries(v)) {
      AddPhrases(ConceptMatcher::EntryKey(v, entry.id), false, entry.LayTermsIn(code));
    }
  }
  const auto& glossary = taxonomy.glossary();
  const auto& glossary_lay = taxonomy.glossary_lay_terms_in(code);
  for (size_t g = 0; g < glossary.size() && g < glossary_lay.size(); ++g) {
    AddPhrases(ConceptMatcher::GroupKey(glossary[g]), true, glossary_lay[g]);
  }
  for (auto& [first, list] : by_first_stem_) {
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
      return a.stems.size() > b.stems.size();
    });
  }
  for (size_t i = 0; i < loose_.size(); ++i) {
    std::vector<std::string> stems = loose_[i].stems;
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    for (const std::string& stem : stems) loose_by_stem_[stem].push_back(i);
    loose_stems_.push_back(stems.size());
  }
}

void LayVocabulary::AddPhrases(const std::string& key, bool narrow,
                               const std::vector<std::string>& terms) {
  if (terms.empty()) return;
  const size_t index = keys_.size();
  keys_.push_back(key);
  narrow_.push_back(narrow);
  for (const auto& term : terms) {
    std::vector<Token> tokens = Tokens(term);
    Phrase phrase{{}, {}, index};
    size_t gap = 0;
    for (const auto& t : tokens) {
      if (t.stop) {
        ++gap;
        continue;
      }
      phrase.stems.push_back(t.stem);
      phrase.gaps.push_back(gap);
      gap = 0;
    }
    phrase.loose_ok = SpecificWords(phrase.stems) >= 2;
    if (phrase.stems.size() < std::min<size_t>(2, tokens.size())) {
      phrase.stems.clear();
      for (const auto& t : tokens) phrase.stems.push_back(t.stem);
      phrase.gaps.assign(phrase.stems.size(), 0);
    }
    if (phrase.stems.empty()) continue;
    if (spec_ == &DefaultLanguage()) {
      if (std::optional<Phrase> active = ActiveVoice(phrase, LayPhraseWords(term))) {
        by_first_stem_[active->stems.front()].push_back(std::move(*active));
      }
    }
    if (phrase.loose_ok) loose_.push_back(phrase);
    by_first_stem_[phrase.stems.front()].push_back(std::move(phrase));
    ++phrase_count_;
  }
}

namespace {

// Family words that victims' and families' phrasings use interchangeably: "my son was murdered"
// is the phrasing of a brother's, a cousin's or a mother's death too. They match one another.
// Partners are a class of their own: "my husband hits me" is the phrasing of a boyfriend's
// violence, but not of "my mom was hit by a stray bullet".
constexpr std::string_view kKinWords[] = {
    "son",     "daughter", "brother",  "sister",        "mother",      "mom",
    "mum",     "father",   "dad",      "cousin",        "nephew",      "niece",
    "uncle",   "aunt",     "grandson", "granddaughter", "grandmother", "grandfather",
    "grandma", "grandpa",  "stepson",  "stepdaughter"};
constexpr char kKinStem[] = "_kin";
constexpr std::string_view kPartnerWords[] = {"husband",    "wife",   "boyfriend",
                                              "girlfriend", "fiance", "fiancee"};
constexpr char kPartnerStem[] = "_partner";
// Words of fear that people use interchangeably in the same phrasing: "terrified to testify" is
// "scared to testify" and "afraid to testify". They match one another.
constexpr std::string_view kFearWords[] = {"afraid", "scared", "terrified", "frightened",
                                           "fearful"};
constexpr char kFearStem[] = "_fear";

// The everyday words joined to another word's stem in ClassStem (beside the family words).
constexpr std::string_view kEverydayVariants[] = {"cop", "cops", "shot"};

// Irregular verb forms the English stemmer keeps apart from their base ("told" and "tell", "got"
// and "get"): people say a phrase in whichever tense their story is in ("they took my papers",
// "boss takes my papers"). Each maps to the word whose stem stands for it. Forms that are also
// other words are left out: "found" ("found in", and it would meet "findings"), "left".
constexpr std::pair<std::string_view, std::string_view> kIrregularForms[] = {
    {"got", "get"},       {"gotten", "get"},      {"saw", "see"},      {"seen", "see"},
    {"told", "tell"},     {"took", "take"},       {"taken", "take"},   {"came", "come"},
    {"went", "go"},       {"gone", "go"},         {"ran", "run"},      {"kept", "keep"},
    {"caught", "catch"},  {"bought", "buy"},      {"sold", "sell"},    {"stole", "steal"},
    {"stolen", "steal"},  {"beaten", "beat"},     {"knew", "know"},    {"known", "know"},
    {"threw", "throw"},   {"thrown", "throw"},    {"broke", "break"},  {"broken", "break"},
    {"fought", "fight"},  {"lost", "lose"},       {"paid", "pay"},     {"said", "say"},
    {"made", "make"},     {"brought", "bring"},   {"heard", "hear"},   {"held", "hold"},
    {"gave", "give"},     {"given", "give"},      {"spoke", "speak"},  {"spoken", "speak"},
    {"wrote", "write"},   {"written", "write"},   {"drove", "drive"},  {"driven", "drive"},
    {"fell", "fall"},     {"fallen", "fall"},     {"hid", "hide"},     {"hidden", "hide"},
    {"sent", "send"},     {"slept", "sleep"},     {"met", "meet"},     {"bitten", "bite"},
    {"swore", "swear"},   {"sworn", "swear"},     {"chose", "choose"}, {"chosen", "choose"},
    {"woke", "wake"},     {"shook", "shake"},     {"stuck", "stick"},  {"struck", "strike"},
    {"forgot", "forget"}, {"forgotten", "forget"}};

// British spellings folded to American ones, so that one phrasing serves both ("neighbourhood
// watch", "organised crime", "licence plate cameras"). A root matches at the start of a word and
// takes its endings with it ("neighbours", "organising", "centres").
constexpr std::pair<std::string_view, std::string_view> kBritishRoots[] = {
    {"neighbour", "neighbor"},
    {"colour", "color"},
    {"behaviour", "behavior"},
    {"labour", "labor"},
    {"favour", "favor"},
    {"honour", "honor"},
    {"rumour", "rumor"},
    {"harbour", "harbor"},
    {"humour", "humor"},
    {"saviour", "savior"},
    {"armour", "armor"},
    {"centre", "center"},
    {"theatre", "theater"},
    {"metre", "meter"},
    {"licence", "license"},
    {"defence", "defense"},
    {"offence", "offense"},
    {"pretence", "pretense"},
    {"programme", "program"},
    {"counsell", "counsel"},
    {"travell", "travel"},
    {"cancell", "cancel"},
    {"modell", "model"},
    {"labell", "label"},
    {"catalogue", "catalog"},
    {"paediatric", "pediatric"},
    {"judgement", "judgment"},
    {"ageing", "aging"},
    {"grey", "gray"},
    {"tyre", "tire"},
    {"kerb", "curb"},
    {"practis", "practic"},
    {"analys", "analyz"},
    {"organis", "organiz"},
    {"recognis", "recogniz"},
    {"realis", "realiz"},
    {"apologis", "apologiz"},
    {"criticis", "criticiz"},
    {"mobilis", "mobiliz"},
    {"prioritis", "prioritiz"},
    {"minimis", "minimiz"},
    {"maximis", "maximiz"},
    {"specialis", "specializ"},
    {"utilis", "utiliz"},
    {"authoris", "authoriz"},
    {"legalis", "legaliz"},
    {"normalis", "normaliz"},
    {"victimis", "victimiz"},
    {"traumatis", "traumatiz"},
    {"terroris", "terroriz"},
    {"sympathis", "sympathiz"},
    {"summaris", "summariz"},
    {"standardis", "standardiz"},
    {"centralis", "centraliz"},
    {"criminalis", "criminaliz"},
    {"radicalis", "radicaliz"},
    {"hospitalis", "hospitaliz"},
    {"stabilis", "stabiliz"},
    {"finalis", "finaliz"},
    {"categoris", "categoriz"}};

// `word` in the everyday form the English phrases are compared in: an irregular verb form as its
// base, a British spelling as the American one. Other words are returned unchanged.
std::string EverydayForm(const std::string& word) {
  for (const auto& [form, base] : kIrregularForms) {
    if (word == form) return std::string(base);
  }
  for (const auto& [british, american] : kBritishRoots) {
    if (word.size() >= british.size() && word.compare(0, british.size(), british) == 0) {
      return std::string(american) + word.substr(british.size());
    }
  }
  return word;
}

// The stem a lay phrase and a query compare for `word`: everyday variants the English stemmer
// keeps apart are joined ("cops" and "police", "shot" and "shooting", "told" and "tell",
// "neighbour" and "neighbor"), and family words share one class. `english`: the vocabulary is
// English (the Spanish one compares plain stems).
std::string ClassStem(const std::string& raw, const Xapian::Stem& stemmer, bool english) {
  const std::string word = english ? EverydayForm(raw) : raw;
  // "son", "sons" and "son's" (the apostrophe is already gone: "sons").
  const std::string_view singular = word.size() > 3 && word.back() == 's'
                                        ? std::string_view(word).substr(0, word.size() - 1)
                                        : std::string_view(word);
  for (std::string_view kin : kKinWords) {
    if (word == kin || singular == kin) return kKinStem;
  }
  for (std::string_view partner : kPartnerWords) {
    if (word == partner || singular == partner) return kPartnerStem;
  }
  if (english &&
      std::find(std::begin(kFearWords), std::end(kFearWords), word) != std::end(kFearWords)) {
    return kFearStem;
  }
  if (word == kEverydayVariants[0] || word == kEverydayVariants[1]) return stemmer("police");
  if (word == kEverydayVariants[2]) return stemmer("shooting");
  return stemmer(word);
}

// A form of "be" that makes a passive: "my son was murdered", "my brothers were shot".
bool IsPassiveBe(const std::string& word) {
  return word == "was" || word == "were" || word == "is" || word == "are" || word == "been";
}

// Whether `word` reads as a past participle: a regular one ("murdered", "killed") or an irregular
// one that tells of harm ("shot", "beaten").
bool IsPastParticiple(const std::string& word) {
  constexpr std::string_view kIrregular[] = {"shot", "beaten", "hit", "hurt", "stabbed", "taken"};
  if (std::find(std::begin(kIrregular), std::end(kIrregular), word) != std::end(kIrregular)) {
    return true;
  }
  return word.size() >= 5 && word.compare(word.size() - 2, 2, "ed") == 0;
}

bool IsAllDigits(const std::string& word) {
  return !word.empty() && word.size() <= 2 &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t SpecificWords(const std::vector<std::string>& stems) {
  return static_cast<size_t>(std::count_if(stems.begin(), stems.end(), [](const std::string& s) {
    return s != kKinStem && s != kPartnerStem && s != kFearStem;
  }));
}

}  // namespace

std::optional<LayVocabulary::Phrase> LayVocabulary::ActiveVoice(
    const Phrase& phrase, const std::vector<std::string>& words) {
  if (phrase.stems.size() != 2 ||
      (phrase.stems[0] != kKinStem && phrase.stems[0] != kPartnerStem)) {
    return std::nullopt;
  }
  if (words.size() < 3 || !IsPassiveBe(words[words.size() - 2]) ||
      !IsPastParticiple(words.back())) {
    return std::nullopt;
  }
  Phrase active = phrase;
  std::swap(active.stems[0], active.stems[1]);
  active.gaps.assign(2, 0);  // "murdered my son": up to kMaxSkippedStopWords between
  active.loose_ok = false;   // the passive phrase already matches loosely where it may
  return active;
}

bool IsEverydayWord(std::string_view word) {
  const std::string_view singular =
      word.size() > 3 && word.back() == 's' ? word.substr(0, word.size() - 1) : word;
  for (std::string_view w : kKinWords) {
    if (word == w || singular == w) return true;
  }
  for (std::string_view w : kPartnerWords) {
    if (word == w || singular == w) return true;
  }
  return std::find(std::begin(kEverydayVariants), std::end(kEverydayVariants), word) !=
         std::end(kEverydayVariants);
}

std::vector<LayVocabulary::Token> LayVocabulary::Tokens(std::string_view text) const {
  // LayPhraseKey folds accents and case and drops apostrophes ("don't" -> "dont").
  const std::vector<std::string> words = LayPhraseWords(text);
  const Xapian::Stem stemmer = MakeStemmer(*spec_);
  const Xapian::Stopper& stopper = spec_->stopper();
  const bool english = spec_ == &DefaultLanguage();
  std::vector<Token> out;
  for (size_t w = 0; w < words.size(); ++w) {
    const std::string& word = words[w];
    Token token;
    // A child's age ("my 14 year old", "15 yr old", "a 9-year-old") is how parents say "my
    // teenager" or "my kid": it becomes that word.
    if (IsAllDigits(word) && w + 2 < words.size() && words[w + 2] == "old" &&
        (words[w + 1] == "year" || words[w + 1] == "years" || words[w + 1] == "yr" ||
         words[w + 1] == "yrs")) {
      const int age = std::stoi(word);
      if (age > 0 && age < 20) {
        token.stem = stemmer(age >= 13 ? "teens" : "kids");
        out.push_back(std::move(token));
        w += 2;
        continue;
      }
    }
    token.stop = stopper(word);
    token.stem = ClassStem(word, stemmer, english);
    out.push_back(std::move(token));
  }
  return out;
}

size_t LayVocabulary::MatchAt(const Phrase& phrase, const std::vector<Token>& tokens,
                              size_t start) {
  size_t at = start;
  for (size_t k = 0; k < phrase.stems.size(); ++k) {
    size_t skipped = 0;
    // The first word must match where we stand; later ones may follow a few stop words.
    while (k > 0 && at < tokens.size() && tokens[at].stem != phrase.stems[k] && tokens[at].stop &&
           skipped < std::max(phrase.gaps[k], kMaxSkippedStopWords)) {
      ++at;
      ++skipped;
    }
    if (at >= tokens.size() || tokens[at].stem != phrase.stems[k]) return 0;
    ++at;
  }
  return at - start;
}

bool LayVocabulary::MatchesLoosely(const Phrase& phrase, const std::vector<Token>& tokens) {
  // Slide a window over the query; phrases have a handful of words, queries a few dozen.
  for (size_t start = 0; start < tokens.size(); ++start) {
    if (std::find(phrase.stems.begin(), phrase.stems.end(), tokens[start].stem) ==
        phrase.stems.end()) {
      continue;  // a window worth checking starts with one of the phrase's words
    }
    size_t end = start;
    for (size_t words = 0; end < tokens.size() && words < kLooseWindowWords; ++end) {
      if (!tokens[end].stop) ++words;
    }
    bool all = true;
    for (const auto& stem : phrase.stems) {
      bool found = false;
      for (size_t i = start; i < end && !found; ++i) found = tokens[i].stem == stem;
      if (!found) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

std::vector<LayMatch> LayVocabulary::Exact(const std::vector<Token>& tokens) const {
  std::vector<LayMatch> out;
  for (size_t i = 0; i < tokens.size();) {
    auto it = by_first_stem_.find(tokens[i].stem);
    size_t longest = 0;
    if (it != by_first_stem_.end()) {
      size_t best_words = 0;
      for (const Phrase& phrase : it->second) {
        if (phrase.stems.size() < best_words) break;  // sorted longest first
        size_t span = MatchAt(phrase, tokens, i);
        if (span == 0) continue;
        best_words = phrase.stems.size();
        longest = std::max(longest, span);
        const std::string& key = keys_[phrase.concept_index];
        if (std::none_of(out.begin(), out.end(), [&](const LayMatch& m) { return m.key == key; })) {
          out.push_back({key, false, narrow_[phrase.concept_index]});
        }
      }
    }
    i += longest > 0 ? longest : 1;
  }
  return out;
}

std::vector<std::string> LayVocabulary::ConceptsIn(std::string_view text) const {
  std::vector<std::string> out;
  if (keys_.empty()) return out;
  for (auto& m : Exact(Tokens(text))) out.push_back(std::move(m.key));
  return out;
}

// The loose phrases whose every stem `tokens` hold (MatchesLoosely needs them all), ascending,
// which is the vocabulary's order.
std::vector<size_t> LayVocabulary::LooseCandidates(const std::vector<Token>& tokens) const {
  std::vector<std::string> stems;
  for (const Token& t : tokens) stems.push_back(t.stem);
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  std::vector<size_t> held;  // a phrase's index once per stem of it the query holds
  for (const std::string& stem : stems) {
    auto it = loose_by_stem_.find(stem);
    if (it != loose_by_stem_.end()) held.insert(held.end(), it->second.begin(), it->second.end());
  }
  std::sort(held.begin(), held.end());
  std::vector<size_t> out;
  for (size_t at = 0, end = 0; at < held.size(); at = end) {
    while (end < held.size() && held[end] == held[at]) ++end;
    if (end - at == loose_stems_[held[at]]) out.push_back(held[at]);
  }
  return out;
}

std::vector<LayMatch> LayVocabulary::Matches(std::string_view text) const {
  if (keys_.empty()) return {};
  const std::vector<Token> tokens = Tokens(text);
  std::vector<LayMatch> out = Exact(tokens);
  for (size_t i : LooseCandidates(tokens)) {
    const Phrase& phrase = loose_[i];
    const std::string& key = keys_[phrase.concept_index];
    if (std::any_of(out.begin(), out.end(), [&](const LayMatch& m) { return m.key == key; })) {
      continue;
    }
    if (MatchesLoosely(phrase, tokens)) out.push_back({key, true, narrow_[phrase.concept_index]});
  }
  return out;
}

}  // namespace ch
