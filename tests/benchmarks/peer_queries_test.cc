// Our requests as the peers ask them: FTS5 MATCH expressions (escaping included), the SQL of a
// search on a real FTS5 database, and quest's arguments.
#include "benchmarks/peer_queries.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "server/http/query_string.h"
#include "server/http/request_params.h"

namespace ch::bench {
namespace {

SearchRequest Request(const std::string& params) {
  Result<SearchRequest> r = ParseSearchParams(QueryParams::FromTarget("/api/v1/search?" + params));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.value();
}

TEST(Fts5MatchTest, TranslatesTheQuerySyntax) {
  struct Case {
    const char* q;
    const char* match;
  };
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {"witness", "\"witness\""},
      {"victim witness  assistance", "\"victim\" OR \"witness\" OR \"assistance\""},
      {"\"crime analysis\"", "\"crime analysis\""},
      {"\"focused deterrence\" strategy", "\"focused deterrence\" OR \"strategy\""},
      {"investigat*", "\"investigat\" *"},
      {"title:violence", "title : \"violence\""},
      {"title:\"gun violence\" data", "title : \"gun violence\" OR \"data\""},
      {"source:NIJ", "\"NIJ\""},
      {"foo:bar", "\"foo:bar\""},
      {"title: violence", "\"title:\" OR \"violence\""},
      {"+gun -knife", "\"gun\" OR \"knife\""},
      {"\"unclosed phrase", "\"unclosed phrase\""},
      {"gun\"violence\"", "\"gun\" OR \"violence\""},
  };
  for (const Case& c : cases) EXPECT_EQ(Fts5MatchExpression(c.q), c.match) << c.q;
}

TEST(Fts5MatchTest, TakesOperatorsAndSyntaxAsPlainWords) {
  EXPECT_EQ(Fts5MatchExpression("gun AND violence"), "\"gun\" OR \"AND\" OR \"violence\"");
  EXPECT_EQ(Fts5MatchExpression("NOT NEAR OR"), "\"NOT\" OR \"NEAR\" OR \"OR\"");
  EXPECT_EQ(Fts5MatchExpression("a(b) c^d {x}:y"), "\"a(b)\" OR \"c^d\" OR \"{x}:y\"");
  EXPECT_EQ(Fts5String("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Fts5MatchExpression("it\"s"), "\"it\" OR \"s\"");
}

TEST(Fts5MatchTest, DropsItemsWithoutWords) {
  EXPECT_EQ(Fts5MatchExpression("- & * \"\" \"--\" title:*"), "");
  EXPECT_EQ(Fts5MatchExpression("école"), "\"école\"");
}

TEST(Fts5SearchTest, RejectsUnknownFiltersFacetsAndBadDates) {
  SearchRequest r = Request("q=x&facets=");
  r.filters["colour"] = {"red"};
  EXPECT_FALSE(BuildFts5Search(r).ok());
  EXPECT_FALSE(BuildFts5Search(Request("q=x&facets=colour")).ok());
  EXPECT_FALSE(BuildFts5Search(Request("q=x&published_from=last+year")).ok());
  EXPECT_FALSE(BuildFts5Search(Request("q=x&page=0")).ok());
}

TEST(Fts5SearchTest, CountsOnlyWhenFacetsAreAskedFor) {
  Result<Fts5Search> plain = BuildFts5Search(Request("q=x&facets="));
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->counts.sql.empty());
  Result<Fts5Search> faceted = BuildFts5Search(Request("q=x&facets=type,year"));
  ASSERT_TRUE(faceted.ok());
  EXPECT_FALSE(faceted->counts.sql.empty());
  EXPECT_EQ(faceted->counts.params.back(), "year");
  Result<Fts5Search> defaults = BuildFts5Search(Request("q=x"));
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->counts.sql.empty());
}

// A real FTS5 database laid out as kFts5Schema, with three documents.
class Fts5DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
    db_.reset(raw);
    Exec(kFts5Schema);
    Exec(
        "INSERT INTO docs(rowid, title, body) VALUES"
        " (1, 'Gun violence prevention', 'Investigators trace crime guns.'),"
        " (2, 'Crime analysis basics', 'Analysts map gun crime and \"hot spots\".'),"
        " (3, 'Victim services', 'Advocates support victims and witnesses.');"
        "INSERT INTO resource VALUES (1, 'a', '20200500', 'gun violence prevention'),"
        " (2, 'b', '20180000', 'crime analysis basics'), (3, 'c', '20210101', 'victim services');"
        "INSERT INTO facet VALUES ('type', 'guide', 1), ('type', 'report', 2),"
        " ('type', 'guide', 3), ('focus_area', 'gun-violence', 1), ('focus_area', 'gun-violence', "
        "2),"
        " ('focus_area', 'crime-analysis', 2), ('year', '2020', 1), ('year', '2018', 2),"
        " ('year', '2021', 3);");
    Exec(kFts5Indexes);
  }

  void Exec(const char* sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
  }

  // Each row's columns joined by '|'.
  std::vector<std::string> Rows(const Fts5Statement& statement) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_.get(), statement.sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_.get()) << " in " << statement.sql;
    std::vector<std::string> rows;
    if (!s) return rows;
    for (size_t k = 0; k < statement.params.size(); ++k) {
      sqlite3_bind_text(s, static_cast<int>(k + 1), statement.params[k].c_str(), -1,
                        SQLITE_TRANSIENT);
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const unsigned char* text = sqlite3_column_text(s, c);
        row += (c ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(s);
    return rows;
  }

  std::vector<std::string> IdsOf(const std::string& params) {
    Result<Fts5Search> search = BuildFts5Search(Request(params));
    EXPECT_TRUE(search.ok()) << search.status().ToString();
    std::vector<std::string> ids;
    for (const auto& row : Rows(search->page)) ids.push_back(row.substr(0, row.find('|')));
    return ids;
  }

  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::unique_ptr<sqlite3, Close> db_;
};

using Ids = std::vector<std::string>;

TEST_F(Fts5DatabaseTest, MatchesStemsPhrasesPrefixesAndTitles) {
  EXPECT_EQ(IdsOf("q=guns&facets="), (Ids{"a", "b"}));
  EXPECT_EQ(IdsOf("q=%22crime+analysis%22&facets="), (Ids{"b"}));
  EXPECT_EQ(IdsOf("q=advoc*&facets="), (Ids{"c"}));
  EXPECT_EQ(IdsOf("q=title:crime&facets="), (Ids{"b"}));
  EXPECT_EQ(IdsOf("q=victim+NEAR+NOT&facets="), (Ids{"c"}));
  EXPECT_EQ(IdsOf("q=%22hot+spots%22&facets="), (Ids{"b"}));
  EXPECT_EQ(IdsOf("q=nothing&facets="), (Ids{}));
}

TEST_F(Fts5DatabaseTest, FiltersSortsAndPages) {
  EXPECT_EQ(IdsOf("q=gun&focus_area=crime-analysis&facets="), (Ids{"b"}));
  EXPECT_EQ(IdsOf("q=gun&type=guide&type=report&focus_area=gun-violence&facets="), (Ids{"a", "b"}));
  EXPECT_EQ(IdsOf("q=gun&published_from=2019&facets="), (Ids{"a"}));
  EXPECT_EQ(IdsOf("published_to=2020-06&sort=oldest&facets="), (Ids{"b", "a"}));
  EXPECT_EQ(IdsOf("facets="), (Ids{"c", "a", "b"}));  // browsing: newest first
  EXPECT_EQ(IdsOf("sort=title&facets="), (Ids{"b", "a", "c"}));
  EXPECT_EQ(IdsOf("per_page=1&page=2&facets="), (Ids{"a"}));
}

TEST_F(Fts5DatabaseTest, CountsTheTotalAndEachRequestedFacet) {
  Result<Fts5Search> search = BuildFts5Search(Request("q=gun&facets=type,focus_area"));
  ASSERT_TRUE(search.ok());
  std::vector<std::string> rows = Rows(search->counts);
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows,
            (std::vector<std::string>{"focus_area|crime-analysis|1", "focus_area|gun-violence|2",
                                      "type|guide|1", "type|report|1", "||2"}));
  Result<Fts5Search> browse = BuildFts5Search(Request("type=guide&facets=year"));
  ASSERT_TRUE(browse.ok());
  rows = Rows(browse->counts);
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<std::string>{"year|2020|1", "year|2021|1", "||2"}));
}

TEST_F(Fts5DatabaseTest, SnippetsMarkTheMatchedWords) {
  Result<Fts5Search> search = BuildFts5Search(Request("q=witness&facets="));
  ASSERT_TRUE(search.ok());
  std::vector<std::string> rows = Rows(search->page);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].find("<mark>witnesses</mark>"), std::string::npos) << rows[0];
}

TEST(QuestArgumentsTest, PassesTheQueryAfterTheOptionsAndFetchesWholePages) {
  std::vector<std::string> args =
      QuestArguments(Request("q=-oops+title:x&page=3&per_page=20&type=guide"), "/db");
  ASSERT_GE(args.size(), 2u);
  EXPECT_EQ(args[args.size() - 2], "--");
  EXPECT_EQ(args.back(), "-oops title:x");
  EXPECT_NE(std::find(args.begin(), args.end(), "60"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "/db"), args.end());
}

}  // namespace
}  // namespace ch::bench
