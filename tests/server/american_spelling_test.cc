// AmericanForm's patterns and AmericanSpellings' rewrite of a query (american_spelling.h): a
// British spelling is read as the American one only when the index holds that form.
#include "server/services/american_spelling.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <xapian.h>

namespace ch {
namespace {

TEST(AmericanSpellingTest, RegularBritishPatternsGetTheirAmericanForm) {
  const std::pair<const char*, const char*> cases[] = {{"organised", "organized"},
                                                       {"organisation", "organization"},
                                                       {"prioritising", "prioritizing"},
                                                       {"analysed", "analyzed"},
                                                       {"behavioural", "behavioral"},
                                                       {"neighbourhoods", "neighborhoods"},
                                                       {"labour", "labor"},
                                                       {"centre", "center"},
                                                       {"centres", "centers"},
                                                       {"fibre", "fiber"},
                                                       {"licence", "license"},
                                                       {"defences", "defenses"},
                                                       {"programme", "program"},
                                                       {"catalogue", "catalog"},
                                                       {"counselling", "counseling"},
                                                       {"travelled", "traveled"},
                                                       {"judgement", "judgment"},
                                                       {"enrolment", "enrollment"}};
  for (const auto& [british, american] : cases) {
    EXPECT_EQ(AmericanForm(british), american) << british;
  }
}

TEST(AmericanSpellingTest, WordsWithoutABritishPatternAreLeftAlone) {
  // Short words, one-syllable doublings, capitals, and words with no pattern at all.
  for (const char* word : {"police", "four", "hour", "your", "tours", "filled", "killer", "sellers",
                           "rise", "noise", "fence", "rogue", "NIBIN", "Centre", "covid19"}) {
    EXPECT_EQ(AmericanForm(word), "") << word;
  }
}

TEST(AmericanSpellingTest, OnlyFormsTheIndexHoldsReplaceTheWordAsTyped) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  for (const char* term : {"organized", "center", "licence", "supervised"}) doc.add_term(term);
  db.add_document(doc);
  std::vector<SpellingSwap> swaps;
  // "supervized" is not in the index; quoted words and field names stay as typed.
  EXPECT_EQ(AmericanSpellings(db, "Organised crime centre supervised \"centre\" centre:x", &swaps),
            "Organized crime center supervised \"centre\" centre:x");
  ASSERT_EQ(swaps.size(), 2u);
  EXPECT_EQ(swaps[0].british, "organised");
  EXPECT_EQ(swaps[0].american, "organized");
  EXPECT_EQ(swaps[1].british, "centre");
  EXPECT_EQ(swaps[1].american, "center");
  swaps.clear();
  EXPECT_EQ(AmericanSpellings(db, "labour", &swaps), "labour");  // "labor" is not indexed
  EXPECT_TRUE(swaps.empty());
}

}  // namespace
}  // namespace ch
