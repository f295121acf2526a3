// peer_queries.h: our search requests as the peer systems of the benchmarks ask them: SQLite FTS5
// (SQL over the database ch-bench-index's `fts5` variant writes) and Omega's `quest` (command
// line over the database `omindex` writes).
//
// The FTS5 database (kFts5Schema) holds one FTS5 table `docs(title, body)` with the porter
// stemmer over unicode61 (the closest to Xapian's English stemmer), the text plain Xapian indexes
// (front_matter_lite.h), and two ordinary tables for what filters, sorting and facet counts need:
// `resource(rowid, id, published, title_sort)` (published as schema::PublishedSortKey) and
// `facet(name, value, docid)`, one row per facet value of a document, named as the API's filters
// and facets (focus_area, topic, type, audience, language, source as schema::SourceSlug, year).
//
// How a request is translated (BuildFts5Search):
//   q           Fts5MatchExpression: every word and "quoted phrase" OR'ed (our service's default
//               operator), `word*` a prefix query, `title:` a column filter; other field prefixes
//               (source:) are dropped and their word searched in every column. Xapian's boolean
//               operators (AND, OR, NOT, XOR, NEAR, ADJ) and love/hate (+word, -word) are NOT
//               translated: they become plain words (quoted, so FTS5 never reads its own
//               operators in user text). No stop words, synonyms or spelling correction.
//   filters     `rowid IN (SELECT docid FROM facet WHERE name = ? AND value IN (...))` per filter
//               (OR within a filter, AND across filters, as ours), published_from/_to a range on
//               resource.published.
//   sort        relevance: ORDER BY rank, i.e. FTS5's bm25() with equal column weights, the form
//               FTS5 sorts itself (ORDER BY bm25(docs) would make SQLite compute every match's
//               snippet before sorting); newest/oldest/title: by that column, then bm25, in two
//               steps (the page's rowids, then their text). An empty q browses newest first, as
//               ours.
//   page        LIMIT per_page OFFSET (page - 1) * per_page; each hit reads id, title and an
//               FTS5 snippet() of the body (32 tokens), or the body's first 240 bytes when
//               browsing.
//   facets      one more statement, only when facets are asked for: the matches materialised
//               once, their total and a GROUP BY count per requested facet. The counts are
//               conjunctive (a selected facet's other values count 0), like raw Xapian's match
//               spies, not disjunctive like ours. Without facets no total is counted (raw Xapian
//               gets an estimate for free; FTS5 would need a second pass over the matches).
//
// quest (QuestArguments): q is passed as is (quest parses it with Xapian's QueryParser, English
// stemmer, default OR, FLAG_DEFAULT plus wildcards, `title:` mapped to omindex's S prefix);
// -m page * per_page, since quest cannot skip hits. Everything else is dropped: filters, date
// ranges, sorting and facets have nothing to work on in an omindex database, and an empty q (a
// browse) becomes an empty query, which matches nothing.
//
//   Result<Fts5Search> s = BuildFts5Search(request);
//   // prepare s->page.sql, bind s->page.params as text in order (?1, ?2, ...), step
//
// Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "server/services/search_types.h"

namespace ch::bench {

// The FTS5 database's tables, created empty by the indexer before it inserts the documents.
inline constexpr char kFts5Schema[] =
    "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61');\n"
    "CREATE TABLE resource(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, published TEXT NOT NULL,"
    " title_sort TEXT NOT NULL);\n"
    "CREATE TABLE facet(name TEXT NOT NULL, value TEXT NOT NULL, docid INTEGER NOT NULL);\n";
// Created after the documents are inserted (cheaper than keeping them up to date row by row).
inline constexpr char kFts5Indexes[] =
    "CREATE INDEX facet_by_value ON facet(name, value, docid);\n"
    "CREATE INDEX facet_by_doc ON facet(docid, name, value);\n"
    "CREATE INDEX resource_by_published ON resource(published);\n";

// `text` as an FTS5 string: in double quotes, a double quote inside doubled. Whatever it holds
// (AND, NEAR, *, :, parentheses) FTS5 takes as text for its tokenizer.
std::string Fts5String(std::string_view text);

// The FTS5 MATCH expression for `q` in our query syntax (see the top of this file), or "" when
// `q` holds no word to search for (browse).
std::string Fts5MatchExpression(std::string_view q);

// An SQL statement and its parameters, bound as text in order.
struct Fts5Statement {
  std::string sql;
  std::vector<std::string> params;
};

struct Fts5Search {
  std::string match;     // "" when browsing
  Fts5Statement page;    // rows: id, title, snippet
  Fts5Statement counts;  // rows: facet name ("" for the total), value, count; sql "" if no facets
  Fts5Statement total;   // one row: the number of matches (not part of a search; for checks)
};

// InvalidArgument for an unknown filter or facet, a bad date or a page below 1.
Result<Fts5Search> BuildFts5Search(const SearchRequest& request);

// quest's arguments (after the program name) for `request` on the omindex database `db_dir`.
std::vector<std::string> QuestArguments(const SearchRequest& request, const std::string& db_dir);

}  // namespace ch::bench
