#include "server/services/catalog_service.h"

#include <algorithm>
#include <set>

#include "indexer/index_layout.h"
#include "indexer/schema.h"
#include "indexer/stopwords.h"
#include "server/services/query_builder.h"
#include "server/services/search_service.h"
#include "server/services/with_searcher.h"

namespace ch {
namespace {

// A resource lives on shard ShardFor(id): when that shard is down, "not found" would be a lie.
Status MissingOrUnavailable(const Searcher& s, const std::string& id) {
  if (!s.missing_shard_index.empty()) {
    size_t shard = IndexLayout::ShardFor(id, s.shard_count);
    for (size_t i = 0; i < s.missing_shard_index.size(); ++i) {
      if (s.missing_shard_index[i] == shard) {
        return Status::Unavailable("the shard holding '" + id + "' (" + s.missing_shards[i] +
                                   ") is not answering; try again shortly");
      }
    }
  }
  return Status::NotFound("no resource with id '" + id + "'");
}

Result<Resource> LoadById(const Searcher& s, const std::string& id,
                          Xapian::docid* docid = nullptr) {
  const Xapian::Database& db = s.db;
  const std::string term = schema::IdTerm(id);
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return MissingOrUnavailable(s, id);
  if (docid) *docid = *p;
  return schema::DecodeResource(db.get_document(*p).get_data());
}

// Accepts the plain words of a document for "more like this": no prefixes, no stems, no stop
// words, no numbers.
class PlainWordDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || !(term[0] >= 'a' && term[0] <= 'z')) return false;
    if (std::all_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    return !EnglishStopper()(term);
  }
};

}  // namespace

CatalogService::CatalogService(IndexReader& reader, const Taxonomy& taxonomy,
                               CatalogServiceOptions options)
    : reader_(reader), taxonomy_(taxonomy), options_(std::move(options)) {}

Result<ResourcePage> CatalogService::GetResource(const std::string& id) {
  return WithSearcher<ResourcePage>(reader_, [&](Searcher& s) -> Result<ResourcePage> {
    Xapian::docid docid = 0;
    CH_ASSIGN_OR_RETURN(Resource resource, LoadById(s, id, &docid));
    ResourcePage page;
    page.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
    for (const auto& translation_id : resource.translations) {
      Result<Resource> translation = LoadById(s, translation_id);
      if (!translation.ok()) continue;  // removed since: the page simply does not offer it
      page.translations.push_back({translation->id, translation->language, translation->title});
    }
    std::set<std::string> listed = {id};
    for (const auto& related_id : resource.related) {
      if (page.related.size() >= options_.related_count) break;
      Result<Resource> related = LoadById(s, related_id);
      if (!related.ok() || !listed.insert(related_id).second) continue;
      page.related.push_back(SummaryOf(*related));
    }
    if (page.related.size() < options_.related_count) {
      Xapian::Enquire enquire(s.db);
      Xapian::RSet rset;
      rset.add_document(docid);
      PlainWordDecider decider;
      // Exact term frequencies: by default Xapian approximates them from the shard holding the
      // resource, so that sharded (above all remote) indexes would pick other terms than one
      // database. The cost is one frequency lookup per candidate term.
      Xapian::ESet eset = enquire.get_eset(25, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
      Xapian::Query like(Xapian::Query::OP_OR, eset.begin(), eset.end());
      enquire.set_query(
          Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(schema::IdTerm(id))));
      Xapian::MSet mset = enquire.get_mset(0, options_.related_count + listed.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (page.related.size() >= options_.related_count) break;
        Result<Resource> related = schema::DecodeResource(it.get_document().get_data());
        if (!related.ok() || !listed.insert(related->id).second) continue;
        page.related.push_back(SummaryOf(*related));
      }
    }
    page.resource = std::move(resource);
    return page;
  });
}

Result<SuggestionList> CatalogService::Suggest(const std::string& text) {
  if (text.size() > options_.max_suggest_chars) {
    return Status::InvalidArgument("q is longer than " +
                                   std::to_string(options_.max_suggest_chars) + " bytes")
        .WithField("q");
  }
  std::string q = text;
  std::transform(q.begin(), q.end(), q.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t first = q.find_first_not_of(" \t");
  if (first == std::string::npos) return SuggestionList{};
  q = q.substr(first);
  return WithSearcher<SuggestionList>(reader_, [&](Searcher& s) -> Result<SuggestionList> {
    PrepareQueryParser(s, options_.limits);
    std::vector<Suggestion> out;
    std::set<std::string> seen;
    // Titles: every typed word must be in the title, the last one as a prefix.
    Xapian::QueryParser qp;
    qp.set_database(s.db);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_max_expansion(50, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    Xapian::Query titles;
    try {
      titles = qp.parse_query(q, Xapian::QueryParser::FLAG_PARTIAL, schema::kTitleTextPrefix);
    } catch (const Xapian::QueryParserError&) {
      titles = Xapian::Query();
    }
    if (!titles.empty()) {
      Xapian::Enquire enquire(s.db);
      enquire.set_query(titles);
      Xapian::MSet mset = enquire.get_mset(0, options_.max_suggestions / 2 + 1);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        Result<Resource> r = schema::DecodeResource(it.get_document().get_data());
        if (!r.ok() || !seen.insert(r->title).second) continue;
        out.push_back({r->title, "title", r->id});
      }
    }
    // Completions of the last word, most frequent first.
    size_t last_space = q.find_last_of(' ');
    std::string head = last_space == std::string::npos ? "" : q.substr(0, last_space + 1);
    std::string stem = last_space == std::string::npos ? q : q.substr(last_space + 1);
    if (stem.size() >= 2) {
      std::vector<std::pair<Xapian::doccount, std::string>> terms;
      size_t scanned = 0;
      for (auto t = s.db.allterms_begin(stem);
           t != s.db.allterms_end(stem) && scanned < options_.max_term_scan; ++t, ++scanned) {
        if (*t == stem) continue;
        terms.emplace_back(t.get_termfreq(), *t);
      }
      std::sort(terms.begin(), terms.end(),
                [](const auto& a, const auto& b) { return a.first > b.first; });
      for (const auto& [freq, term] : terms) {
        if (out.size() >= options_.max_suggestions) break;
        std::string completion = head + term;
        if (seen.insert(completion).second) out.push_back({completion, "term", ""});
      }
    }
    if (out.size() > options_.max_suggestions) out.resize(options_.max_suggestions);
    SuggestionList list;
    list.suggestions = std::move(out);
    list.partial = !s.missing_shards.empty();
    list.missing_shards = s.missing_shards;
    return list;
  });
}

Result<TaxonomyView> CatalogService::GetTaxonomy() {
  return WithSearcher<TaxonomyView>(reader_, [&](Searcher& s) -> Result<TaxonomyView> {
    TaxonomyView view;
    auto fill = [&](Vocabulary v, const char* prefix, std::vector<TaxonomyCount>* out) {
      for (const auto& e : taxonomy_.entries(v)) {
        out->push_back({e.id, e.label, e.description, s.db.get_termfreq(prefix + e.id)});
      }
    };
    fill(Vocabulary::kFocusArea, schema::kFocusAreaPrefix, &view.focus_areas);
    fill(Vocabulary::kTopic, schema::kTopicPrefix, &view.topics);
    fill(Vocabulary::kType, schema::kTypePrefix, &view.types);
    fill(Vocabulary::kAudience, schema::kAudiencePrefix, &view.audiences);
    view.partial = !s.missing_shards.empty();
    view.missing_shards = s.missing_shards;
    return view;
  });
}

Result<ChangeSet> CatalogService::Changes(uint64_t since) {
  return WithSearcher<ChangeSet>(reader_, [&](Searcher& s) -> Result<ChangeSet> {
    // An offline copy stores what this answers and never asks for it again: without every shard
    // (removals are recorded on shard 0, the documents on all) it would silently miss some.
    if (!s.missing_shards.empty()) {
      std::string names;
      for (const auto& n : s.missing_shards) names += (names.empty() ? "" : ", ") + n;
      return Status::Unavailable("the changes feed needs every shard, and " + names +
                                 " is not answering; try again shortly");
    }
    ChangeSet out;
    out.since = since;
    out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
    if (since > out.generation) {
      return Status::InvalidArgument("since=" + std::to_string(since) +
                                     " is ahead of the index's generation " +
                                     std::to_string(out.generation))
          .WithField("since");
    }
    Xapian::Enquire enquire(s.db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotChangedGeneration,
                                    schema::GenerationValue(since + 1)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::kSlotChangedGeneration, false);
    // Oldest changes first. A long answer stops at a generation boundary, so that asking again
    // with since=generation misses nothing; one generation is never split, however large.
    const Xapian::doccount page = 1000;
    uint64_t last_generation = 0;
    size_t listed = 0;
    for (Xapian::doccount first = 0;; first += page) {
      Xapian::MSet mset = enquire.get_mset(first, page);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document doc = it.get_document();
        uint64_t changed = schema::ParseGeneration(doc.get_value(schema::kSlotChangedGeneration));
        if (listed >= options_.max_changes && changed != last_generation) {
          out.more = true;
          break;
        }
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(schema::kIdPrefix);
        if (t == doc.termlist_end() || (*t).rfind(schema::kIdPrefix, 0) != 0) continue;
        uint64_t created = schema::ParseGeneration(doc.get_value(schema::kSlotCreatedGeneration));
        (created > since ? out.added : out.changed).push_back((*t).substr(1));
        last_generation = changed;
        ++listed;
      }
      if (out.more || mset.size() < page) break;
    }
    uint64_t covered = out.more ? last_generation : out.generation;
    const std::string prefix = schema::kMetaRemovedPrefix;
    for (auto k = s.db.metadata_keys_begin(prefix); k != s.db.metadata_keys_end(prefix); ++k) {
      uint64_t removed = schema::ParseGeneration(s.db.get_metadata(*k));
      if (removed > since && removed <= covered) out.removed.push_back((*k).substr(prefix.size()));
    }
    out.generation = covered;
    return out;
  });
}

Result<std::unordered_map<std::string, ResourceSummary>> CatalogService::Summaries(
    const std::vector<std::string>& ids) {
  using Map = std::unordered_map<std::string, ResourceSummary>;
  return WithSearcher<Map>(reader_, [&](Searcher& s) -> Result<Map> {
    Map out;
    for (const auto& id : ids) {
      if (out.count(id)) continue;
      Result<Resource> r = LoadById(s, id);
      if (r.ok()) out.emplace(id, SummaryOf(*r));
    }
    return out;
  });
}

Result<std::pair<uint64_t, uint64_t>> CatalogService::CurrentVersion() {
  using Version = std::pair<uint64_t, uint64_t>;
  return WithSearcher<Version>(reader_, [&](Searcher& s) -> Result<Version> {
    if (!s.missing_shards.empty()) {
      return Status::Unavailable("some shards are down: partial answers have no version");
    }
    return Version{std::strtoull(s.db.get_metadata(schema::kMetaBuild).c_str(), nullptr, 10),
                   schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration))};
  });
}

IndexStatus CatalogService::CheckIndex() {
  std::vector<ShardHealth> shards;
  for (const ShardStatus& shard : reader_.ShardStatuses()) {
    shards.push_back({shard.name, shard.up, shard.error, shard.failures});
  }
  const bool partial =
      std::any_of(shards.begin(), shards.end(), [](const ShardHealth& h) { return !h.up; });
  Result<IndexStatus> status =
      WithSearcher<IndexStatus>(reader_, [&](Searcher& s) -> Result<IndexStatus> {
        IndexStatus out;
        out.documents = s.db.get_doccount();
        out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
        out.build = std::strtoull(s.db.get_metadata(schema::kMetaBuild).c_str(), nullptr, 10);
        // Searchable: a real (tiny) match runs.
        Xapian::Enquire enquire(s.db);
        enquire.set_query(MatchAllQuery());
        enquire.get_mset(0, 1);
        out.ready = true;
        out.message = "index open and searchable";
        return out;
      });
  if (status.ok()) {
    status->shards = shards;
    status->partial = partial;
    if (partial) status->message = "index open and searchable; some shards are down";
    return *status;
  }
  IndexStatus down;
  down.message = status.status().message();
  down.shards = std::move(shards);
  down.partial = partial;
  return down;
}

}  // namespace ch
