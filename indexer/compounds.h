// compounds.h: hyphenated compounds, indexed and searched joined as well as split.
//
//   HyphenCompounds("pro-inflammatory IL-6 and co-responder teams")
//     -> {pro, inflammatory} "proinflammatory", {il, 6} "il6", {co, responder} "coresponder"
//
// People write one compound both ways: "re-entry" and "reentry", "co-responder" and
// "coresponder", "non-invasive" and "noninvasive", "IL-6" and "IL6". Xapian's TermGenerator indexes
// the parts of "re-entry" as two words and its QueryParser searches them as a phrase, so a search
// for "reentry" missed "re-entry" and a search for "re-entry" missed "reentry". The indexer also
// adds each compound's joined form as a term (IndexJoinedCompounds), and the search matches a
// hyphenated query word as its phrase or its joined form (query_builder.h). Parts are runs of
// word characters as the TermGenerator reads them (letters, digits, marks: Xapian::Unicode::
// is_wordchar) joined by single ASCII hyphens; a compound of digits only ("1990-2000", a range)
// is left out. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace ch {

struct HyphenCompound {
  std::vector<std::string> parts;  // lowercase, as the TermGenerator indexes them
  std::string joined;              // the parts without hyphens, lowercase
  bool capitalised = false;        // the first part starts with an ASCII capital ("IL-6")
  std::vector<bool> capitalised_parts;  // each part starts with an ASCII capital ("ANCA-stimulated")
};

// The hyphenated compounds of `text`, in order (repeats included).
std::vector<HyphenCompound> HyphenCompounds(std::string_view text);

// The term a compound's joined form is searched and indexed as, as Xapian's STEM_SOME treats a
// word: "Z" + the stem of the joined form when it starts with a letter and `stem_it`, else the
// joined form as written (lowercase).
std::string JoinedCompoundTerm(const HyphenCompound& compound, const Xapian::Stem& stemmer,
                               bool stem_it);

// The terms a compound's parts are searched as on their own, as Xapian's STEM_SOME treats a
// word: "Z" + the stem of a part that starts with a lowercase letter when `stem_words`, else the
// part as written (lowercase). Parts without a letter ("6" of "IL-6") and stop words (`stop_words`,
// may be null) are left out: alone they say nothing of the compound. Repeats are removed.
//   "fast-twitch" -> Zfast, Ztwitch;  "ANCA-stimulated" -> anca, Zstimul;  "IL-6" -> il
std::vector<std::string> CompoundPartTerms(const HyphenCompound& compound,
                                           const Xapian::Stem& stemmer, bool stem_words,
                                           const Xapian::Stopper* stop_words);

// Adds the joined form of each compound in `text` to `doc` with `wdf` per occurrence: the word
// (lowercase) and, when it starts with a letter, its Z stem, as the TermGenerator indexes a word
// (without positions: phrases still match the parts). Joined forms longer than 64 bytes, which
// the TermGenerator would not index either, are skipped.
void IndexJoinedCompounds(std::string_view text, Xapian::termcount wdf,
                          const Xapian::Stem& stemmer, Xapian::Document* doc);

}  // namespace ch
