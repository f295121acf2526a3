// The page's language from `lang=` and Accept-Language (server/http/page_language.h).
#include "server/http/page_language.h"

#include <gtest/gtest.h>

namespace ch {
namespace {

TEST(PageLanguageTest, LangParameterWinsOverTheHeader) {
  EXPECT_EQ(PageLanguage("en", "es"), "en");
  EXPECT_EQ(PageLanguage("es", ""), "es");
}

TEST(PageLanguageTest, PicksTheHighestWeightedLanguageWeHave) {
  EXPECT_EQ(PageLanguage("", "es-MX,es;q=0.9,en;q=0.5"), "es");
  EXPECT_EQ(PageLanguage("", "fr-CA, en;q=0.4, es;q=0.8"), "es");
  EXPECT_EQ(PageLanguage("", "EN-us"), "en");
  EXPECT_EQ(PageLanguage("", "es;q=0, en;q=0.1"), "en");  // q=0 excludes
  EXPECT_EQ(PageLanguage("", "en, es"), "en");            // ties: the first listed
}

TEST(PageLanguageTest, NothingUsableMeansNoPreference) {
  EXPECT_EQ(PageLanguage("", ""), "");
  EXPECT_EQ(PageLanguage("", "fr, de;q=0.5"), "");
  EXPECT_EQ(PageLanguage("", "*"), "");
  EXPECT_EQ(PageLanguage("", "es;q=abc, ;;, ,"), "");  // malformed parts are skipped
}

TEST(PageLanguageTest, LangParameterMustBeAnAnalysedLanguage) {
  EXPECT_TRUE(CheckLangParam("").ok());
  EXPECT_TRUE(CheckLangParam("es").ok());
  Status bad = CheckLangParam("xx");
  EXPECT_EQ(bad.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad.field(), "lang");
  EXPECT_NE(bad.message().find("en, es"), std::string::npos);
}

}  // namespace
}  // namespace ch
