// The cheap front-matter reading of the plain Xapian and FTS5 indexers.
#include "benchmarks/front_matter_lite.h"

#include <gtest/gtest.h>

namespace ch::bench {
namespace {

constexpr char kFile[] =
    "---\n"
    "title: \"Guns and Violence: A Guide\"\n"
    "type: guide\n"
    "focus_areas: [gun-violence, crime-analysis]\n"
    "authors: [\"Smith, J\", 'Doe, A', Roe]\n"
    "source: \"Bureau of Justice Assistance (BJA)\"\n"
    "topics: []\n"
    "published: 2021-06\r\n"
    "---\n"
    "Body text.\n";

TEST(FrontMatterLiteTest, SplitsFrontMatterAndBody) {
  std::string_view front;
  EXPECT_EQ(BodyOf(kFile, &front), "Body text.\n");
  EXPECT_EQ(front.substr(0, 4), "---\n");
  EXPECT_NE(front.find("published"), std::string_view::npos);
  EXPECT_EQ(BodyOf("no front matter", &front), "no front matter");
  EXPECT_TRUE(front.empty());
  EXPECT_EQ(BodyOf("---\ntitle: x\nunclosed", &front), "---\ntitle: x\nunclosed");
  EXPECT_EQ(BodyOf("---\r\ntitle: x\r\n---\r\nbody", &front), "body");
}

TEST(FrontMatterLiteTest, ReadsScalarsWithoutQuotes) {
  std::string_view front;
  BodyOf(kFile, &front);
  EXPECT_EQ(TitleOf(front), "Guns and Violence: A Guide");
  EXPECT_EQ(ScalarField(front, "type"), "guide");
  EXPECT_EQ(ScalarField(front, "source"), "Bureau of Justice Assistance (BJA)");
  EXPECT_EQ(ScalarField(front, "published"), "2021-06");
  EXPECT_EQ(ScalarField(front, "missing"), "");
  EXPECT_EQ(ScalarField(front, "typ"), "");  // a key is matched whole
}

TEST(FrontMatterLiteTest, ReadsFlowLists) {
  std::string_view front;
  BodyOf(kFile, &front);
  EXPECT_EQ(ListField(front, "focus_areas"),
            (std::vector<std::string>{"gun-violence", "crime-analysis"}));
  EXPECT_EQ(ListField(front, "authors"), (std::vector<std::string>{"Smith, J", "Doe, A", "Roe"}));
  EXPECT_TRUE(ListField(front, "topics").empty());
  EXPECT_EQ(ListField(front, "type"), (std::vector<std::string>{"guide"}));
  EXPECT_TRUE(ListField(front, "audience").empty());
}

}  // namespace
}  // namespace ch::bench
