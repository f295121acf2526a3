#include "benchmarks/peer_queries.h"

#include <algorithm>

#include "indexer/resource_parser.h"
#include "indexer/schema.h"
#include "server/services/query_builder.h"
#include "server/services/search_service.h"

namespace ch::bench {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether the unicode61 tokenizer finds a token in `text`: an ASCII letter or digit, or any
// non-ASCII character (counted as a word character here; FTS5 would drop only Unicode
// punctuation, which a query seldom holds alone).
bool HasWordChar(std::string_view text) {
  for (unsigned char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
      return true;
    }
  }
  return false;
}

// Reads a `name:` field prefix at `q[*i]`: "title" makes a column filter, "source" is dropped
// (`*column` stays empty), anything else is not a prefix (the word keeps it).
void ReadFieldPrefix(std::string_view q, size_t* i, std::string* column) {
  size_t end = *i;
  while (end < q.size() && ((q[end] >= 'a' && q[end] <= 'z') || q[end] == '_')) ++end;
  if (end == *i || end + 1 >= q.size() || q[end] != ':' || IsSpace(q[end + 1])) return;
  std::string_view name = q.substr(*i, end - *i);
  if (name == "title") *column = "title";
  if (name == "title" || name == "source") *i = end + 1;
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t k = 0; k < n; ++k) out += k ? ", ?" : "?";
  return out;
}

// The WHERE conditions after the MATCH (each starting " AND "), on `rowid` (the driving table's
// rowid column), and their parameters.
Status FilterSql(const SearchRequest& r, const std::string& rowid, std::string* sql,
                 std::vector<std::string>* params) {
  for (const auto& [name, values] : r.filters) {
    if (values.empty()) continue;
    if (!schema::FindFacet(name)) return Status::InvalidArgument("unknown filter '" + name + "'");
    // The unary + keeps SQLite from driving the query by these rowids: the MATCH (or the
    // resource table when browsing) drives, and each row is checked against the list.
    *sql += " AND +" + rowid + " IN (SELECT docid FROM facet WHERE name = ? AND value IN (" +
            Placeholders(values.size()) + "))";
    params->push_back(name);
    for (const auto& value : values) {
      params->push_back(name == "source" ? schema::SourceSlug(value) : value);
    }
  }
  if (r.published_from.empty() && r.published_to.empty()) return Status::Ok();
  for (const std::string* date : {&r.published_from, &r.published_to}) {
    if (!date->empty() && !IsValidPartialDate(*date)) {
      return Status::InvalidArgument("'" + *date + "' is not a date");
    }
  }
  *sql += " AND r.published BETWEEN ? AND ?";
  params->push_back(r.published_from.empty() ? "00000000" : PublishedLowerBound(r.published_from));
  params->push_back(r.published_to.empty() ? "99999999" : PublishedUpperBound(r.published_to));
  return Status::Ok();
}

}  // namespace

std::string Fts5String(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string Fts5MatchExpression(std::string_view q) {
  std::string out;
  size_t i = 0;
  while (i < q.size()) {
    if (IsSpace(q[i])) {
      ++i;
      continue;
    }
    std::string column;
    ReadFieldPrefix(q, &i, &column);
    std::string item;
    if (i < q.size() && q[i] == '"') {
      size_t close = q.find('"', i + 1);
      std::string_view phrase =
          q.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
      i = close == std::string_view::npos ? q.size() : close + 1;
      if (HasWordChar(phrase)) item = Fts5String(phrase);
    } else {
      size_t end = i;
      while (end < q.size() && !IsSpace(q[end]) && q[end] != '"') ++end;
      std::string_view word = q.substr(i, end - i);
      i = end;
      while (!word.empty() && (word.front() == '+' || word.front() == '-')) word.remove_prefix(1);
      bool prefix = false;
      while (!word.empty() && word.back() == '*') {
        word.remove_suffix(1);
        prefix = true;
      }
      if (HasWordChar(word)) item = Fts5String(word) + (prefix ? " *" : "");
    }
    if (item.empty()) continue;
    if (!out.empty()) out += " OR ";
    out += column.empty() ? item : column + " : " + item;
  }
  return out;
}

Result<Fts5Search> BuildFts5Search(const SearchRequest& r) {
  if (r.page < 1 || r.per_page < 1) {
    return Status::InvalidArgument("page and per_page must be at least 1");
  }
  Fts5Search out;
  out.match = Fts5MatchExpression(r.q);
  const bool match = !out.match.empty();
  std::string filters;
  std::vector<std::string> filter_params;
  CH_RETURN_IF_ERROR(FilterSql(r, match ? "docs.rowid" : "r.rowid", &filters, &filter_params));
  std::vector<std::string> params;
  if (match) params.push_back(out.match);
  params.insert(params.end(), filter_params.begin(), filter_params.end());
  const std::string where = (match ? " WHERE docs MATCH ?" : " WHERE 1") + filters;

  const std::string from =
      match ? " FROM docs JOIN resource r ON r.rowid = docs.rowid" : " FROM resource r";
  const std::string matches = "SELECT r.rowid" + from + where;
  const std::string limit = " LIMIT " + std::to_string(r.per_page) + " OFFSET " +
                            std::to_string(static_cast<int64_t>(r.page - 1) * r.per_page);
  const std::string snippet =
      match ? "snippet(docs, 1, '<mark>', '</mark>', '...', 32)" : "substr(docs.body, 1, 240)";
  const SortOrder sort = r.sort == SortOrder::kRelevance && !match ? SortOrder::kNewest : r.sort;
  if (sort == SortOrder::kRelevance) {
    // ORDER BY rank (bm25() unless configured otherwise) is sorted by FTS5 itself, so SQLite
    // stops after the page and snippet() runs for its rows only; ORDER BY bm25(docs) would
    // compute a snippet for every match before sorting.
    out.page.sql = "SELECT r.id, docs.title, " + snippet + from + where + " ORDER BY rank" + limit;
  } else {
    // Two steps, so that the sort reads no text: the page's rowids in order, then their title
    // and snippet (FTS5 finds a MATCH at a given rowid directly).
    // Ties: the better score, or browsing the higher rowid (resource_by_published's order).
    auto order = [&](const std::string& t) {
      const std::string tie = match ? t + "score" : t + "rowid";
      switch (sort) {
        case SortOrder::kOldest:
          return t + "published, " + tie;
        case SortOrder::kTitle:
          return t + "title_sort, " + tie;
        default:
          return t + "published DESC, " + tie + (match ? "" : " DESC");
      }
    };
    const std::string columns = match ? "r.rowid AS rowid, r.published AS published, "
                                        "r.title_sort AS title_sort, rank AS score"
                                      : "r.rowid AS rowid, r.published AS published, "
                                        "r.title_sort AS title_sort";
    const std::string top = "SELECT " + columns + from + where + " ORDER BY " + order("") + limit;
    const std::string join =
        " FROM top CROSS JOIN docs ON docs.rowid = top.rowid"
        " CROSS JOIN resource r ON r.rowid = top.rowid";
    out.page.sql = "WITH top AS (" + top + ") SELECT r.id, docs.title, " + snippet + join +
                   (match ? " WHERE docs MATCH ?1" : "") + " ORDER BY " + order("top.");
  }
  out.page.params = params;
  out.total.sql = "SELECT count(*) FROM (" + matches + ")";
  out.total.params = params;

  const std::vector<std::string>& facets = r.facets ? *r.facets : SearchService::DefaultFacets();
  if (facets.empty()) return out;
  for (const auto& name : facets) {
    if (!schema::FindFacet(name)) return Status::InvalidArgument("unknown facet '" + name + "'");
  }
  // CROSS JOIN: each match's facet rows through facet_by_doc, rather than every facet row of
  // the requested facets looked up in the matches.
  out.counts.sql =
      "WITH m(docid) AS MATERIALIZED (" + matches +
      ") SELECT '', '', count(*) FROM m UNION ALL SELECT f.name, f.value, count(*) FROM m CROSS "
      "JOIN facet f ON f.docid = m.docid WHERE f.name IN (" +
      Placeholders(facets.size()) + ") GROUP BY f.name, f.value";
  out.counts.params = params;
  out.counts.params.insert(out.counts.params.end(), facets.begin(), facets.end());
  return out;
}

std::vector<std::string> QuestArguments(const SearchRequest& r, const std::string& db_dir) {
  const int64_t hits = static_cast<int64_t>(std::max(r.page, 1)) * std::max(r.per_page, 1);
  std::vector<std::string> args = {"--db", db_dir, "--msize", std::to_string(hits)};
  args.insert(args.end(), {"--flags", "default,wildcard", "--prefix", "title:S"});
  args.insert(args.end(), {"--", r.q});  // a q starting with '-' is not an option
  return args;
}

}  // namespace ch::bench
