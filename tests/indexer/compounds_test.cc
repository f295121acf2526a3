// Hyphenated compounds: which runs of text are compounds, and the joined terms a document gets.
#include "indexer/compounds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ch {
namespace {

std::vector<std::string> Joined(const std::string& text) {
  std::vector<std::string> out;
  for (const HyphenCompound& c : HyphenCompounds(text)) out.push_back(c.joined);
  return out;
}

TEST(CompoundsTest, HyphenatedWordsAreFoundWithTheirPartsAndJoinedForm) {
  const std::vector<HyphenCompound> c = HyphenCompounds("a co-responder team; IL-6 levels");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].parts, (std::vector<std::string>{"co", "responder"}));
  EXPECT_EQ(c[0].joined, "coresponder");
  EXPECT_FALSE(c[0].capitalised);
  EXPECT_EQ(c[1].parts, (std::vector<std::string>{"il", "6"}));
  EXPECT_EQ(c[1].joined, "il6");
  EXPECT_TRUE(c[1].capitalised);
  // A chain is one compound; a lone or doubled hyphen joins nothing.
  EXPECT_EQ(Joined("phosphatidylinositol-3-kinase"),
            (std::vector<std::string>{"phosphatidylinositol3kinase"}));
  EXPECT_TRUE(Joined("well - known, -6, re- entry, anti--gang").empty());
  // Letters of any script belong to the word, punctuation outside ASCII does not.
  EXPECT_EQ(Joined("co-responder\xE2\x80\xA6 ni\xC3\xB1o-adulto"),
            (std::vector<std::string>{"coresponder", "ni\xC3\xB1oadulto"}));
}

TEST(CompoundsTest, ANumberRangeIsNotACompound) {
  EXPECT_TRUE(Joined("from 1990-2000 and pages 12-14").empty());
  EXPECT_EQ(Joined("COVID-19 in 2020-21"), (std::vector<std::string>{"covid19"}));
}

TEST(CompoundsTest, AJoinedFormIsIndexedAsAWordAndItsStem) {
  Xapian::Document doc;
  const Xapian::Stem english("english");
  IndexJoinedCompounds("re-entry programs and IL-6", 3, english, &doc);
  std::vector<std::pair<std::string, Xapian::termcount>> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    terms.emplace_back(*t, t.get_wdf());
  }
  // "il6" starts with a letter, so it gets a Z stem too (equal to the word, which adds nothing
  // new but the term); "6..." would not.
  EXPECT_EQ(terms, (std::vector<std::pair<std::string, Xapian::termcount>>{
                       {"Zil6", 3}, {"Zreentri", 3}, {"il6", 3}, {"reentry", 3}}));
  EXPECT_EQ(JoinedCompoundTerm(HyphenCompounds("Re-entry")[0], english, false), "reentry");
  EXPECT_EQ(JoinedCompoundTerm(HyphenCompounds("3-kinase")[0], english, true), "3kinase");
}

}  // namespace
}  // namespace ch
