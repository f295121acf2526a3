// asker.h: who asks a plain-language question, read from the question's own words by rules a
// reviewer can read, and the audience bonus that uses it (ranking.h, RankingOptions::audience).
//
//   AskerClassifier who;
//   who.Read("my brother was shot last night").asker      // Asker::kVictim
//   who.Read("how do we clean up the lot on our block").asker   // Asker::kResident
//   who.Read("my officers keep asking about our block").asker  // Asker::kUnknown (a professional)
//
// The search gives a question read with confidence a bonus for the resources tagged for the
// audience that answers that asker (AudienceBonusOptions, below; server/services/search_service.cc
// AudienceBonus).
//
// Why: the judgments of the development set say who the answers are written for (for residents'
// questions, resources for community members are relevant 43% of the time among the first ten,
// against 16%; for victims' questions, resources for victim service providers 52% against 6%),
// but a prior for either audience on every question cost the other kind more than 0.01
// (benchmarks/RESULTS.md, issue 12, seventh round). The question's words often say who asks:
//   - a victim, a witness or a family member speaks about a person harmed: "I was shot", "I got
//     jumped", "he threatened me", "they killed my nephew", "my daughter's murder", "my ex",
//     "my attacker", "I witnessed the stabbing", "they will come after me";
//   - a resident speaks about a place: "our neighborhood", "on my street", "this block", "at the
//     corner", "around here", "near my house", "the neighbors", "our block club", "our kids".
//   - a professional speaks about their own work: "our officers", "my clients", "our agency",
//     "I work with survivors", "as an advocate". Such a question is left to the ranking as it is.
// A question is read as a victim's when it has a person cue and neither a place nor a
// professional cue, as a resident's when it has a place cue and neither of the others, and
// otherwise (no cue, or cues of two kinds) as unknown: only a confident reading is used.
//
// The cues are short patterns over the question's words (folded and lowercased as lay phrases
// are, taxonomy.h LayPhraseKey; "I'm" is "im", "daughter's" is "daughters"): a word, alternatives
// "a/b", a class "@kin" (compared by English stem, so "sons" is "son" and "threatened" is
// "threaten"), and "~N", up to N words of anything before the next one. The lists are in
// asker.cc, each with what it stands for, in English and in Spanish ("mataron a mi primo", "me
// amenazó", "nuestra cuadra", "los vecinos"; compared by Spanish stem); they were written from
// how people speak, with probe questions of their own (tests/server/asker_test.cc), not from the
// judged questions. A question is read in the language the search prefers (the query's own, or
// the page's, or the one a filter names; search_service.cc).
//
// Immutable after construction; Read is safe to call from several threads (it builds its own
// Xapian::Stem per call).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/languages.h"

namespace ch {

enum class Asker { kUnknown, kResident, kVictim };

// "unknown", "resident", "victim".
const char* AskerName(Asker asker);

struct AskerReading {
  Asker asker = Asker::kUnknown;
  size_t person = 0;              // cues of a person harmed (victims, witnesses, families)
  size_t place = 0;               // cues of a place one lives (residents)
  size_t professional = 0;        // cues of one's own work or organisation (experts)
  std::vector<std::string> cues;  // the patterns that matched, as written in asker.cc
};

// The audience bonus (RankingOptions::audience): in relevance order, a plain-language question
// the classifier reads with confidence gives the resources tagged for the audience the answers
// for that asker are written for (the resource's `audience`, schema.h XAU) a fixed weight,
// weight x log(1 + (N - n + 0.5) / (n + 0.5)), n the resources so tagged, under AND_MAYBE: it
// re-ranks, never adds a match.
struct AudienceBonusOptions {
  // The scale for a resident's question and for a victim's; 0 disables the bonus for that asker.
  // Measured (benchmarks/RESULTS.md, issue 12, eighth round): 2 to 4 is a plateau on the
  // development set (residents 0.8115 -> 0.8502-0.8515, victims 0.7988 -> 0.8510-0.8597, no
  // other kind moves), 6 costs residents; at 3 the independent check set gains too (residents
  // 0.7420 -> 0.7571, victims 0.7579 -> 0.7799), SciFact and the Spanish set do not move.
  double resident_weight = 3.0;
  double victim_weight = 3.0;
  // Only questions of at least this many words, stop words aside (a keyword search says no one).
  size_t min_words = 4;
  // Only questions in which a lay phrase matched (lay_vocabulary.h): a plain-language question.
  bool needs_lay_match = true;
  // The taxonomy audiences (corpus/taxonomy.yaml `audiences`) for each asker.
  std::string resident_audience = "community-members";
  std::string victim_audience = "victim-service-providers";
};

class AskerClassifier {
 public:
  // The cues of `language` ("" : the default language); a language without cue lists reads every
  // question as unknown. English and Spanish have them.
  explicit AskerClassifier(std::string_view language = "");
  const LanguageSpec& language() const { return *spec_; }
  // Who asks `question` (as typed: the scaffolding the search strips, "I need help", carries no
  // cue), with the cues that say so.
  AskerReading Read(std::string_view question) const;

  struct Pattern {
    std::string text;  // as written in asker.cc, for AskerReading::cues
    struct Slot {
      std::vector<std::string> stems;  // any of these (stemmed) words
      size_t gap = 0;                  // up to this many words of anything before it
    };
    std::vector<Slot> slots;
  };

 private:
  const LanguageSpec* spec_;
  std::vector<Pattern> person_, place_, professional_;
};

}  // namespace ch
