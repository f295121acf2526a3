// Per-language analysis (indexer/languages.h): the table, Spanish stemming across inflections and
// accents, stop words, and English left exactly as Snowball English stems it.
#include "indexer/languages.h"

#include <gtest/gtest.h>

#include <string>

#include "indexer/stopwords.h"
#include "indexer/text_fold.h"

namespace ch {
namespace {

TEST(LanguagesTest, TableHasEnglishFirstAndSpanish) {
  ASSERT_GE(AnalysedLanguages().size(), 2u);
  EXPECT_STREQ(DefaultLanguage().code, "en");
  ASSERT_NE(FindAnalysedLanguage("es"), nullptr);
  EXPECT_STREQ(FindAnalysedLanguage("es")->snowball, "spanish");
  EXPECT_EQ(FindAnalysedLanguage("fr"), nullptr);
  // A code that is not analysed is indexed as the default language.
  EXPECT_EQ(&LanguageFor("fr"), &DefaultLanguage());
  EXPECT_EQ(&LanguageFor(""), &DefaultLanguage());
}

TEST(LanguagesTest, SpanishInflectionsAndAccentsShareAStem) {
  LanguageStemmers stems;
  const Xapian::Stem& es = stems.For("es");
  // Each group: one word as written, with and without accents, singular and plural.
  const std::vector<std::vector<std::string>> groups = {
      {"joven", "jóvenes", "jovenes", "JÓVENES"},
      {"investigación", "investigaciones", "investigacion"},
      {"prevención", "prevencion", "prevenciones"},
      {"policía", "policia", "policías", "policias"},
      {"víctima", "victima", "víctimas", "victimas"},
      {"niño", "niña", "niños", "ninos"},
      {"comunidad", "comunidades"},
      {"luz", "luces"},
  };
  for (const auto& group : groups) {
    const std::string first = es(FoldAccents(group.front()));
    EXPECT_FALSE(first.empty());
    for (const auto& word : group) {
      // The indexer and the query fold accents before stemming; the stemmer folds too (snippets
      // hand it the text as written).
      EXPECT_EQ(es(FoldAccents(word)), first) << word;
      EXPECT_EQ(es(word), first) << word;
    }
  }
  // Different words stay apart.
  EXPECT_NE(es("joven"), es("jornada"));
  EXPECT_NE(es("policía"), es("política"));
}

TEST(LanguagesTest, SpanishPluralFoldFollowsTheLightRules) {
  EXPECT_EQ(SpanishPluralFold("jovenes"), "joven");
  EXPECT_EQ(SpanishPluralFold("investigaciones"), "investigacion");
  EXPECT_EQ(SpanishPluralFold("luces"), "luz");
  EXPECT_EQ(SpanishPluralFold("paises"), "pais");
  EXPECT_EQ(SpanishPluralFold("victimas"), "victim");
  EXPECT_EQ(SpanishPluralFold("armas"), "arm");
  EXPECT_EQ(SpanishPluralFold("caso"), "caso");  // under five letters: unchanged
}

TEST(LanguagesTest, EnglishIsPlainSnowballEnglish) {
  LanguageStemmers stems;
  Xapian::Stem snowball("english");
  for (const char* word : {"shootings", "communities", "violence", "investigations", "police"}) {
    EXPECT_EQ(stems.For("en")(word), snowball(word)) << word;
    EXPECT_EQ(MakeStemmer(DefaultLanguage())(word), snowball(word)) << word;
  }
  // English does not stem through the Spanish rules.
  EXPECT_NE(stems.For("en")("jovenes"), stems.For("es")("jovenes"));
}

TEST(LanguagesTest, EachLanguageHasItsStopWords) {
  const LanguageSpec& es = LanguageFor("es");
  const LanguageSpec& en = LanguageFor("en");
  for (const char* word : {"de", "la", "los", "para", "mas", "tambien", "esta", "estan"}) {
    EXPECT_TRUE(es.stopper()(word)) << word;
  }
  EXPECT_FALSE(es.stopper()("the"));
  EXPECT_FALSE(es.stopper()("policia"));
  EXPECT_FALSE(es.stopper()("estado"));  // a state, in this library
  EXPECT_TRUE(en.stopper()("the"));
  EXPECT_FALSE(en.stopper()("de"));
}

TEST(TextFoldTest, FoldsSpanishLettersAndPunctuation) {
  EXPECT_EQ(FoldAccents("Investigación"), "Investigacion");
  EXPECT_EQ(FoldAccents("JÓVENES"), "JOVENES");
  EXPECT_EQ(FoldAccents("niño Ñandú pingüino"), "nino Nandu pinguino");
  EXPECT_EQ(FoldAccents("¿Dónde? «sí»"), "¿Donde? \"si\"");
}

}  // namespace
}  // namespace ch
