// Query understanding: scaffolding and filler go, meaning stays, sentence-initial capitals are
// lowered, curly quotes and accents fold to what the index holds.
#include "server/services/query_understanding.h"

#include <gtest/gtest.h>

#include "indexer/text_fold.h"

namespace ch {
namespace {

TEST(QueryUnderstandingTest, StripsQuestionScaffoldingAtTheStart) {
  EXPECT_EQ(StripScaffolding("how do I report a drug house"), "report a drug house");
  EXPECT_EQ(StripScaffolding("Where can I find victim compensation forms"),
            "victim compensation forms");
  EXPECT_EQ(StripScaffolding("what should I do if my car is stolen"), "my car is stolen");
  EXPECT_EQ(StripScaffolding("I need help with paying for a funeral"), "paying for a funeral");
  EXPECT_EQ(StripScaffolding("is there a program for teens"), "program for teens");
}

TEST(QueryUnderstandingTest, StripsScaffoldingAtEachSentenceStartAndFillerAnywhere) {
  EXPECT_EQ(StripScaffolding("my son runs with a crew. Who can help?"),
            "my son runs with a crew. ?");
  EXPECT_EQ(StripScaffolding("im scared to testify, please"), "scared to testify, ");
}

TEST(QueryUnderstandingTest, NeverDropsMeaningCarryingWords) {
  // "help" and "find" carry meaning here: they are not at a sentence start inside scaffolding.
  EXPECT_EQ(StripScaffolding("victims help line"), "victims help line");
  EXPECT_EQ(StripScaffolding("find a shelter"), "find a shelter");
  // "howdo" is not "how do"; a phrase must end at a word boundary.
  EXPECT_EQ(StripScaffolding("how dogs find drugs"), "how dogs find drugs");
  // Quoted text is left alone.
  EXPECT_EQ(StripScaffolding("\"how do I\" guide"), "\"how do I\" guide");
}

TEST(QueryUnderstandingTest, KeepsAQueryThatIsOnlyScaffolding) {
  EXPECT_EQ(StripScaffolding("how do I"), "how do I");
  EXPECT_EQ(StripScaffolding("please"), "please");
}

TEST(QueryUnderstandingTest, LowercasesWordsCapitalisedOnlyByTheSentenceStart) {
  EXPECT_EQ(LowercaseSentenceStarts("Shooting reviews"), "shooting reviews");
  EXPECT_EQ(LowercaseSentenceStarts("gangs. Shootings too"), "gangs. shootings too");
  // Acronyms, mixed case, capitals inside a sentence and quoted text stay as written.
  EXPECT_EQ(LowercaseSentenceStarts("NIBIN leads"), "NIBIN leads");
  EXPECT_EQ(LowercaseSentenceStarts("CompStat meetings"), "CompStat meetings");
  EXPECT_EQ(LowercaseSentenceStarts("reviews in Chicago"), "reviews in Chicago");
  EXPECT_EQ(LowercaseSentenceStarts("\"Shooting\" reviews"), "\"Shooting\" reviews");
}

TEST(QueryUnderstandingTest, FoldsCurlyQuotesAndAccents) {
  EXPECT_EQ(FoldAccents("\xE2\x80\x9C"
                        "focused deterrence"
                        "\xE2\x80\x9D"),
            "\"focused deterrence\"");
  EXPECT_EQ(FoldAccents("won\xE2\x80\x99t"), "won't");
  EXPECT_EQ(FoldAccents("caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 Stra\xC3\x9F"
                        "e"),
            "cafe resume Strasse");
  EXPECT_EQ(FoldAccents("\xC5\x93uvre"), "oeuvre");
  // Other scripts and broken UTF-8 pass through unchanged.
  EXPECT_EQ(FoldAccents("\xE4\xB8\xAD \xC3"), "\xE4\xB8\xAD \xC3");
}

TEST(QueryUnderstandingTest, AGreekLetterAmongLatinLettersIsFoldedToItsName) {
  // Scientific writing spells a symbol both ways ("TNF-\u03b1" and "TNF-alpha", "\u03b2-cells"
  // and "beta-cells"); folded to its name, either finds the other.
  EXPECT_EQ(FoldAccents("TNF-\xCE\xB1 and IFN\xCE\xB3"), "TNF-alpha and IFNgamma");
  EXPECT_EQ(FoldAccents("\xCE\xB2-cells, \xCE\x94" "F508"), "beta-cells, deltaF508");
  // Mu stays: "\u03bcg" is a unit. A Greek word (letters in a row) stays as written.
  EXPECT_EQ(FoldAccents("5 \xCE\xBCg"), "5 \xCE\xBCg");
  EXPECT_EQ(FoldAccents("\xCE\xB1\xCE\xB2\xCE\xB3"), "\xCE\xB1\xCE\xB2\xCE\xB3");
}

TEST(QueryUnderstandingTest, CleanQueryTextAppliesAllThreeSteps) {
  EXPECT_EQ(CleanQueryText("How do I find “Shooting” reviews"), "\"Shooting\" reviews");
  EXPECT_EQ(CleanQueryText("Where can I find Shooting reviews"), "shooting reviews");
  EXPECT_EQ(CleanQueryText("Polic\xC3\xAD"
                           "a comunitaria"),
            "policia comunitaria");
}

}  // namespace
}  // namespace ch
