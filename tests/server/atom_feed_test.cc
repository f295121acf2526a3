// The Atom feed (server/http/atom_feed.h): the exact document for one entry, dates in every form
// the front matter allows, missing optional fields, and XML escaping of every text and address.
#include "server/http/atom_feed.h"

#include <gtest/gtest.h>

#include <string>

namespace ch {
namespace {

SearchHit Hit(const std::string& id, const std::string& published, const std::string& updated) {
  SearchHit hit;
  hit.resource.id = id;
  hit.resource.title = "Title of " + id;
  hit.resource.summary = "Summary of " + id + ".";
  hit.resource.published = published;
  hit.resource.updated = updated;
  hit.resource.source = "Sample Lab";
  hit.resource.focus_areas = {"gun-violence"};
  return hit;
}

TEST(AtomFeedTest, RendersTheWholeDocumentForOneEntry) {
  SearchResponse response;
  SearchHit hit = Hit("nibin-guide", "2021-06", "2023-02-14");
  hit.resource.url = "https://example.org/guide";
  hit.resource.focus_areas = {"gun-violence", "investigations"};
  response.results.push_back(hit);
  EXPECT_EQ(RenderAtomFeed(response, "http://h:8080", "http://h:8080/feed.atom"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
            "  <title>Public Safety Clearinghouse: newest resources</title>\n"
            "  <id>http://h:8080/feed.atom</id>\n"
            "  <link rel=\"self\" href=\"http://h:8080/feed.atom\"/>\n"
            "  <link rel=\"alternate\" type=\"text/html\" href=\"http://h:8080/\"/>\n"
            "  <updated>2023-02-14T00:00:00Z</updated>\n"
            "  <generator>clearinghouse-server</generator>\n"
            "  <entry>\n"
            "    <title>Title of nibin-guide</title>\n"
            "    <id>http://h:8080/resource.html?id=nibin-guide</id>\n"
            "    <link rel=\"alternate\" type=\"text/html\" "
            "href=\"http://h:8080/resource.html?id=nibin-guide\"/>\n"
            "    <link rel=\"related\" href=\"https://example.org/guide\"/>\n"
            "    <published>2021-06-01T00:00:00Z</published>\n"
            "    <updated>2023-02-14T00:00:00Z</updated>\n"
            "    <author><name>Sample Lab</name></author>\n"
            "    <summary>Summary of nibin-guide.</summary>\n"
            "    <category term=\"gun-violence\"/>\n"
            "    <category term=\"investigations\"/>\n"
            "  </entry>\n"
            "</feed>\n");
}

TEST(AtomFeedTest, TheFeedIsAsNewAsItsNewestEntry) {
  SearchResponse response;
  response.results = {Hit("old", "2017", ""), Hit("newest", "2024-02-29", ""),
                      Hit("changed", "2019-01", "2022-10")};
  const std::string feed = RenderAtomFeed(response, "http://h", "http://h/feed.atom");
  EXPECT_NE(feed.find("  <updated>2024-02-29T00:00:00Z</updated>\n  <generator>"),
            std::string::npos)
      << feed;
  EXPECT_NE(feed.find("<published>2017-01-01T00:00:00Z</published>"), std::string::npos)
      << "a year alone is its first day";
  EXPECT_NE(feed.find("<updated>2022-10-01T00:00:00Z</updated>"), std::string::npos)
      << "an entry's updated date wins over its published date";
}

TEST(AtomFeedTest, MissingDatesSourceAndUrlGetDefaults) {
  SearchResponse response;
  SearchHit hit = Hit("undated", "", "");
  hit.resource.source.clear();
  response.results.push_back(hit);
  const std::string feed = RenderAtomFeed(response, "http://h", "http://h/feed.atom");
  // No date: no <published>, and the feed's own date (today here) as <updated>; never 1970.
  EXPECT_EQ(feed.find("<published>"), std::string::npos);
  EXPECT_EQ(feed.find("1970"), std::string::npos);
  EXPECT_NE(feed.find("    <updated>"), std::string::npos);
  EXPECT_NE(feed.find("<author><name>Clearinghouse</name></author>"), std::string::npos);
  EXPECT_EQ(feed.find("rel=\"related\""), std::string::npos) << "no original to link to";
}

TEST(AtomFeedTest, AnEmptyResultIsAFeedWithoutEntries) {
  const std::string feed = RenderAtomFeed(SearchResponse{}, "http://h", "http://h/feed.atom");
  EXPECT_EQ(feed.find("<entry>"), std::string::npos);
  EXPECT_NE(feed.find("<updated>"), std::string::npos);
  EXPECT_EQ(feed.find("1970"), std::string::npos);
  EXPECT_EQ(feed.substr(feed.size() - 8), "</feed>\n");
}

TEST(AtomFeedTest, EscapesTextAndAddresses) {
  SearchResponse response;
  SearchHit hit = Hit("x", "2020", "");
  hit.resource.title = "Guns & <Gangs>";
  hit.resource.summary = "\"Quoted\" and 'apostrophes'";
  hit.resource.source = "Smith & Sons";
  hit.resource.url = "https://example.org/a?b=1&c=\"2\"";
  response.results.push_back(hit);
  const std::string feed =
      RenderAtomFeed(response, "http://h", "http://h/feed.atom?topic=a&type=guide");
  EXPECT_NE(feed.find("<title>Guns &amp; &lt;Gangs&gt;</title>"), std::string::npos) << feed;
  EXPECT_NE(feed.find("<summary>&quot;Quoted&quot; and &apos;apostrophes&apos;</summary>"),
            std::string::npos);
  EXPECT_NE(feed.find("<name>Smith &amp; Sons</name>"), std::string::npos);
  EXPECT_NE(feed.find("href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\""), std::string::npos);
  EXPECT_NE(feed.find("<id>http://h/feed.atom?topic=a&amp;type=guide</id>"), std::string::npos);
}

TEST(XmlEscapeTest, EscapesTheFiveSpecialCharactersAndNothingElse) {
  EXPECT_EQ(XmlEscape("&<>\"'"), "&amp;&lt;&gt;&quot;&apos;");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 / plain"), "caf\xC3\xA9 / plain");
  EXPECT_EQ(XmlEscape(""), "");
  EXPECT_EQ(XmlEscape("&amp;"), "&amp;amp;") << "text is taken as text, never as markup";
}

}  // namespace
}  // namespace ch
