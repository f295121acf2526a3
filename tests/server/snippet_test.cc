// Result snippets through the search service: the excerpt shows the part of a long body where the
// query's words are, highlighted, and never costs a scan of the whole body with the stemmer.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "indexer/index_writer.h"
#include "server/services/search_service.h"
#include "server/services/snippets.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Filler prose that never mentions the words the tests search for.
std::string Filler(size_t words) {
  static const char* kWords[] = {"planning", "meeting", "schedule", "budget", "review",
                                 "partners", "agenda",  "minutes",  "county", "staff"};
  std::string out;
  for (size_t i = 0; i < words; ++i) {
    out += kWords[i % 10];
    out += (i % 12 == 11) ? ". " : " ";
  }
  return out;
}

class SnippetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string corpus = dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    // The distinctive words occur once, deep in a long body, well apart from each other, and
    // then together in one sentence further on.
    long_body_ = Filler(3000) + " The ballistic evidence was logged. " + Filler(800) +
                 " A retaliation risk was noted. " + Filler(800) +
                 " Ballistic links showed the retaliation cycle between two crews. " + Filler(500);
    test::WriteTextFile(fs::path(corpus) / "long.md",
                        test::ResourceMarkdown("County planning notes", "technology", long_body_));
    // Two words about 200 characters apart (less than a snippet's 240), deep in the body.
    test::WriteTextFile(fs::path(corpus) / "apart.md",
                        test::ResourceMarkdown("County budget notes", "technology",
                                               Filler(2000) + " The firearm trace came back. " +
                                                   Filler(24) + " The lineup was held. " +
                                                   Filler(600)));
    test::WriteTextFile(
        fs::path(corpus) / "short.md",
        test::ResourceMarkdown("Short <note> & more", "technology",
                               "Tom & Jerry <b>argued</b> about ballistic tests in < 5 minutes."));
    test::WriteTextFile(
        fs::path(corpus) / "hyphen.md",
        test::ResourceMarkdown("County center notes", "technology",
                               "The real-time crime center runs all night. " + Filler(400)));
    // One "word" longer than a snippet, of three-byte characters after a one-byte one.
    std::string euros = "a";
    for (int i = 0; i < 120; ++i) euros += "\xE2\x82\xAC";
    test::WriteTextFile(fs::path(corpus) / "euros.md",
                        test::ResourceMarkdown("County euro notes", "technology", euros + " end."));
    test::WriteTextFile(fs::path(corpus) / "scared.md",
                        test::ResourceMarkdown("County witness notes", "technology",
                                               "Witnesses are scared to talk to the police about "
                                               "what they saw at the Plaza de la Paz."));
    taxonomy_ = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
    IndexReport report;
    ASSERT_TRUE(BuildIndex(corpus, dir_ / "db", taxonomy_, {}, &report).ok());
    reader_ = std::make_unique<IndexReader>(IndexReaderOptions{dir_ / "db"});
    service_ = std::make_unique<SearchService>(*reader_, taxonomy_);
  }

  std::string SnippetOf(const std::string& q, const std::string& id) {
    SearchRequest request;
    request.q = q;
    request.facets = std::vector<std::string>{};
    Result<SearchResponse> response = service_->Search(request);
    if (!response.ok()) {
      ADD_FAILURE() << response.status().ToString();
      return "(search failed)";
    }
    for (const auto& hit : response->results) {
      if (hit.resource.id == id) return hit.snippet;
    }
    ADD_FAILURE() << id << " not found for " << q;
    return "";
  }

  test::TempDir dir_;
  std::string long_body_;
  Taxonomy taxonomy_;
  std::unique_ptr<IndexReader> reader_;
  std::unique_ptr<SearchService> service_;
};

TEST_F(SnippetTest, ShowsTheWordDeepInALongBody) {
  std::string snippet = SnippetOf("retaliation", "long");
  EXPECT_NE(snippet.find("<mark>retaliation</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.rfind("\xE2\x80\xA6", 0), 0u) << "an excerpt from the middle starts with …";
}

TEST_F(SnippetTest, PrefersThePlaceWhereTheQueryWordsMeet) {
  std::string snippet = SnippetOf("ballistic retaliation", "long");
  EXPECT_NE(snippet.find("<mark>Ballistic</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>retaliation</mark>"), std::string::npos) << snippet;
}

TEST_F(SnippetTest, TwoWordsASnippetApartAreBothShown) {
  std::string snippet = SnippetOf("firearm lineup", "apart");
  EXPECT_NE(snippet.find("<mark>firearm</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>lineup</mark>"), std::string::npos) << snippet;
}

TEST_F(SnippetTest, StemmedFormsAreHighlighted) {
  std::string snippet = SnippetOf("retaliate", "long");
  EXPECT_NE(snippet.find("<mark>retaliation</mark>"), std::string::npos) << snippet;
}

TEST_F(SnippetTest, TextAroundHighlightsIsEscaped) {
  std::string snippet = SnippetOf("ballistic", "short");
  EXPECT_NE(snippet.find("Tom &amp; Jerry"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("in &lt; 5 minutes"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<b>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>ballistic</mark>"), std::string::npos) << snippet;
}

TEST_F(SnippetTest, BothPartsOfAHyphenatedWordAreOneHighlight) {
  std::string snippet = SnippetOf("real-time center", "hyphen");
  EXPECT_NE(snippet.find("<mark>real-time</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>center</mark>"), std::string::npos) << snippet;
}

// The excerpt holds at most the snippet's length of the body (240 bytes by default), cut after a
// whole word, with "…" where the body goes on.
TEST_F(SnippetTest, TheExcerptIsCutAtAWholeWordWithinItsLength) {
  std::set<std::string> body_words;
  std::istringstream words(long_body_);
  for (std::string w; words >> w;) body_words.insert(w);
  const std::string omitted = "\xE2\x80\xA6";
  for (const char* q : {"retaliation", "ballistic retaliation", ""}) {
    std::string text = SnippetOf(q, "long");
    ASSERT_GE(text.size(), omitted.size()) << q;
    EXPECT_EQ(text.substr(text.size() - omitted.size()), omitted) << q << ": the body goes on";
    for (const std::string& tag : {std::string("<mark>"), std::string("</mark>"), omitted}) {
      for (size_t p; (p = text.find(tag)) != std::string::npos;) text.erase(p, tag.size());
    }
    EXPECT_LE(text.size(), SearchLimits{}.snippet_chars) << q << ": [" << text << "]";
    const std::string last_word = text.substr(text.rfind(' ') + 1);
    EXPECT_EQ(body_words.count(last_word), 1u) << q << ": the last word is cut: [" << text << "]";
  }
}

TEST_F(SnippetTest, AWordLongerThanTheSnippetIsCutBetweenCharacters) {
  const std::string snippet = SnippetOf("", "euros");
  ASSERT_FALSE(snippet.empty());
  for (size_t i = 0; i < snippet.size();) {  // valid UTF-8: each lead byte has its continuations
    const auto lead = static_cast<unsigned char>(snippet[i]);
    const size_t bytes = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    ASSERT_NE(lead & 0xC0, 0x80) << "a continuation byte at " << i << " of " << snippet.size();
    ASSERT_LE(i + bytes, snippet.size()) << "a character cut at the end";
    for (size_t k = 1; k < bytes; ++k) {
      ASSERT_EQ(static_cast<unsigned char>(snippet[i + k]) & 0xC0, 0x80) << "at " << i + k;
    }
    i += bytes;
  }
}

// Another language's stop words reach the query ("de", "la" are not English ones), as do a lay
// phrase's; marked all over an excerpt they would say nothing.
TEST_F(SnippetTest, TheQuerysStopWordsAreNotHighlighted) {
  const std::string snippet = SnippetOf("witnesses plaza de la paz", "scared");
  EXPECT_NE(snippet.find("<mark>Plaza</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>Witnesses</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>de</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>la</mark>"), std::string::npos) << snippet;
}

TEST(SnippetTermsTest, StopWordsAreLeftOutUnlessTheyAreAll) {
  const auto is_stop = [](std::string_view w) { return w == "to" || w == "the" || w == "de"; };
  const std::vector<Xapian::Query> parts = {Xapian::Query("to"), Xapian::Query("Zpolic"),
                                            Xapian::Query("Zde")};
  const Xapian::Query mixed(Xapian::Query::OP_OR, parts.begin(), parts.end());
  const SnippetTerms terms = SnippetTermsOf(mixed, is_stop);
  EXPECT_EQ(terms.words.count("to"), 0u);
  EXPECT_EQ(terms.stems.count("de"), 0u);
  EXPECT_EQ(terms.stems.count("polic"), 1u);
  EXPECT_EQ(terms.keys, std::vector<std::string>{"poli"});
  const SnippetTerms only = SnippetTermsOf(
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("to"), Xapian::Query("the")), is_stop);
  EXPECT_EQ(only.words.count("to"), 1u) << "a search of stop words alone still shows them";
  EXPECT_FALSE(only.keys.empty());
}

TEST_F(SnippetTest, BrowsingShowsTheStartOfTheBody) {
  std::string snippet = SnippetOf("", "long");
  EXPECT_EQ(snippet.rfind("planning meeting", 0), 0u) << "[" << snippet << "]";
  EXPECT_EQ(snippet.find("<mark>"), std::string::npos) << snippet;
}

}  // namespace
}  // namespace ch
