// Word-pair terms (indexer/word_pairs.h): two neighbouring words of a title, summary or keyword by
// their stems, in either order, not across punctuation; added as boolean terms, so that no
// document's length (and no other term's BM25 weight) changes.
#include "indexer/word_pairs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/stopwords.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

using Terms = std::vector<std::string>;

Terms Pairs(std::string_view text) {
  Xapian::Stem english("english");
  return WordPairTerms(text, english, EnglishStopper());
}

TEST(WordPairsTest, NeighbouringWordsPairByStemInEitherOrder) {
  EXPECT_EQ(Pairs("Gang Violence"), Terms{"XPgang_violenc"});
  // Another form and the other order are the same pair.
  EXPECT_EQ(Pairs("violence of gangs"), Terms{"XPgang_violenc"});
  EXPECT_EQ(Pairs("homicide investigations"), Pairs("Homicide Investigation"));
}

TEST(WordPairsTest, StopWordsBetweenAreSkippedButPunctuationEndsAPhrase) {
  EXPECT_EQ(Pairs("the rate of clearance"), Terms{"XPclearanc_rate"});
  EXPECT_EQ(Pairs("Gang Violence: a Review of Street Outreach"),
            (Terms{"XPgang_violenc", "XPreview_street", "XPoutreach_street"}));
  EXPECT_EQ(Pairs("shootings. Data"), Terms{});
}

TEST(WordPairsTest, OneStemTwiceIsNoPairAndEachPairIsListedOnce) {
  EXPECT_EQ(Pairs("shooting shootings"), Terms{});
  EXPECT_EQ(Pairs("peer support, peer support"), Terms{"XPpeer_support"});
  EXPECT_EQ(Pairs("officer's wellness"), Terms{"XPoffic_well"});
}

Resource PairExample() {
  Resource r;
  r.id = "gang-guide";
  r.title = "Gang Violence Review";
  r.summary = "Street outreach after shootings.";
  r.type = "guide";
  r.language = "en";
  r.keywords = {"peer support"};
  r.body_text = "Homicide investigations in the body are not paired.";
  return r;
}

size_t Length(const Xapian::Document& doc) {
  size_t length = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) length += t.get_wdf();
  return length;
}

TEST(WordPairsTest, TitleSummaryAndKeywordPairsAreIndexedWithoutChangingTheLength) {
  const Taxonomy taxonomy = Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value();
  DocumentBuilderOptions off;
  off.word_pairs = false;
  const Xapian::Document with = DocumentBuilder(taxonomy, nullptr).Build(PairExample());
  const Xapian::Document without = DocumentBuilder(taxonomy, nullptr, off).Build(PairExample());
  Terms pairs;
  for (auto t = with.termlist_begin(); t != with.termlist_end(); ++t) {
    if ((*t).rfind(schema::kWordPairPrefix, 0) == 0) {
      pairs.push_back(*t);
      EXPECT_EQ(t.get_wdf(), 0u) << *t;
    }
  }
  for (const char* expected : {"XPgang_violenc", "XPreview_violenc", "XPoutreach_street",
                               "XPoutreach_shoot", "XPpeer_support"}) {
    EXPECT_NE(std::find(pairs.begin(), pairs.end(), expected), pairs.end()) << expected;
  }
  EXPECT_EQ(std::find(pairs.begin(), pairs.end(), "XPhomicid_investig"), pairs.end());
  EXPECT_EQ(Length(with), Length(without));
  EXPECT_EQ(without.termlist_count() + pairs.size(), with.termlist_count());
}

}  // namespace
}  // namespace ch
