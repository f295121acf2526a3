// JoinedNames (joined_names.h): a word typed joined is read as the taxonomy's hyphenated word,
// and only such words.
#include "server/services/joined_names.h"

#include <gtest/gtest.h>

#include "indexer/taxonomy.h"

namespace ch {
namespace {

Taxonomy SampleTaxonomy() {
  return Taxonomy::Parse(
             "focus_areas: [{id: f, label: Real-Time Crime Centers, synonyms: [co-responder]}]\n"
             "topics: [{id: t, label: T, lay_terms: [a drive-by shooting, op-ed]}]\n"
             "types: [{id: g, label: G}]\naudiences: [{id: p, label: P}]\n"
             "glossary:\n"
             "  - [CIT, De-escalation Team]\n",
             "inline")
      .value();
}

TEST(JoinedNamesTest, AJoinedWordOfATaxonomyNameIsReadHyphenated) {
  const Taxonomy taxonomy = SampleTaxonomy();
  const JoinedNames names(taxonomy);
  EXPECT_EQ(names.Hyphenated("realtime crime centre"), "real-time crime centre");
  EXPECT_EQ(names.Hyphenated("Realtime crime"), "Real-time crime");  // label, capital kept
  EXPECT_EQ(names.Hyphenated("coresponder programs"), "co-responder programs");  // synonym
  EXPECT_EQ(names.Hyphenated("driveby"), "drive-by");                            // lay phrase
  EXPECT_EQ(names.Hyphenated("deescalation"), "de-escalation");                  // glossary
}

TEST(JoinedNamesTest, OtherWordsQuotesFieldsAndShortFormsAreLeftAlone) {
  const Taxonomy taxonomy = SampleTaxonomy();
  const JoinedNames names(taxonomy);
  EXPECT_EQ(names.Hyphenated("real time crime"), "real time crime");
  EXPECT_EQ(names.Hyphenated("\"realtime\" realtime:x"), "\"realtime\" realtime:x");
  EXPECT_EQ(names.Hyphenated("non-realtime realtime2"), "non-realtime realtime2");
  EXPECT_EQ(names.Hyphenated("oped"), "oped");  // fewer than five letters joined
  EXPECT_EQ(names.Hyphenated("timeline"), "timeline");
}

}  // namespace
}  // namespace ch
