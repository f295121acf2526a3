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

// `docid`, when given, gets the document's id in the (possibly sharded) database.
Result<Xapian::Document> DocumentById(const Searcher& s, const std::string& id,
                                      Xapian::docid* docid = nullptr) {
  const Xapian::Database& db = s.db;
  const std::string term = schema::IdTerm(id);
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return MissingOrUnavailable(s, id);
  if (docid) *docid = *p;
  return db.get_document(*p);
}

Result<Resource> LoadById(const Searcher& s, const std::string& id) {
  CH_ASSIGN_OR_RETURN(Xapian::Document doc, DocumentById(s, id));
  return schema::DecodeResource(doc.get_data());
}

// A resource page from its document: the resource and its own change generation.
Result<ResourcePage> PageOf(const Xapian::Document& doc, const std::string& epoch) {
  ResourcePage page;
  CH_ASSIGN_OR_RETURN(page.resource, schema::DecodeResource(doc.get_data()));
  page.generation = schema::ParseGeneration(doc.get_value(schema::kSlotChangedGeneration));
  page.epoch = epoch;
  return page;
}

// One side of the changes feed: the documents `query` matches, in ascending order of the value
// in `slot`, fetched a chunk at a time.
class FeedStream {
 public:
  FeedStream(const Xapian::Database& db, const Xapian::Query& query, Xapian::valueno slot)
      : enquire_(db), slot_(slot) {
    enquire_.set_query(query);
    enquire_.set_weighting_scheme(Xapian::BoolWeight());
    enquire_.set_sort_by_value(slot, false);
    Fill();
  }
  bool done() const { return done_; }
  const std::string& key() const { return key_; }  // the sort value of the current document
  const Xapian::Document& doc() const { return doc_; }
  void Next() {
    ++pos_;
    Fill();
  }

 private:
  static constexpr Xapian::doccount kChunk = 1000;
  void Fill() {
    if (pos_ >= mset_.size()) {
      if (fetched_ && mset_.size() < kChunk) {
        done_ = true;
        return;
      }
      mset_ = enquire_.get_mset(first_, kChunk);
      first_ += kChunk;
      fetched_ = true;
      pos_ = 0;
      if (mset_.empty()) {
        done_ = true;
        return;
      }
    }
    doc_ = mset_[pos_].get_document();
    key_ = doc_.get_value(slot_);
  }

  Xapian::Enquire enquire_;
  Xapian::valueno slot_;
  Xapian::MSet mset_;
  Xapian::doccount first_ = 0, pos_ = 0;
  bool fetched_ = false, done_ = false;
  Xapian::Document doc_;
  std::string key_;
};

// The ids of the tombstones with a generation in (after, upto], in id order.
std::vector<std::string> RemovedBetween(const Xapian::Database& db, uint64_t after, uint64_t upto) {
  std::vector<std::string> out;
  const std::string prefix = schema::kMetaRemovedPrefix;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    uint64_t removed = schema::ParseGeneration(db.get_metadata(*k));
    if (removed > after && removed <= upto) out.push_back((*k).substr(prefix.size()));
  }
  return out;
}

std::string IdOf(const Xapian::Document& doc) {
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to(schema::kIdPrefix);
  if (t == doc.termlist_end() || (*t).rfind(schema::kIdPrefix, 0) != 0) return "";
  return (*t).substr(1);
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

// Said by /readyz and at start when the index was built by another version of the indexer.
std::string StaleSchemaMessage(const IndexStatus& status) {
  return "index open and searchable, but built with schema version " +
         std::to_string(status.schema_version) + " and this server expects " +
         std::to_string(schema::kSchemaVersion) +
         ": some filters may find nothing until it is rebuilt (clearinghouse-index build CORPUS "
         "--db DB, or start the server with its corpus to sync)";
}

}  // namespace

CatalogService::CatalogService(IndexReader& reader, const Taxonomy& taxonomy,
                               CatalogServiceOptions options)
    : reader_(reader), taxonomy_(taxonomy), options_(std::move(options)) {}

Result<Comparison> CatalogService::Compare(const std::vector<std::string>& ids) {
  if (ids.size() < 2 || ids.size() > kMaxCompared) {
    return Status::InvalidArgument("give 2 to " + std::to_string(kMaxCompared) +
                                   " resource ids separated by commas; got " +
                                   std::to_string(ids.size()))
        .WithField("ids");
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (std::find(ids.begin(), ids.begin() + i, ids[i]) != ids.begin() + i) {
      return Status::InvalidArgument("'" + ids[i] + "' is listed twice").WithField("ids");
    }
  }
  return WithSearcher<Comparison>(reader_, [&](Searcher& s) -> Result<Comparison> {
    Comparison out;
    out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
    for (const auto& id : ids) {
      CH_ASSIGN_OR_RETURN(Resource r, LoadById(s, id));
      r.body_html.clear();
      r.body_text.clear();
      out.resources.push_back(std::move(r));
    }
    for (const auto& outcome : taxonomy_.entries(Vocabulary::kOutcome)) {
      for (const auto& r : out.resources) {
        const auto& ratings = r.evidence.ratings;
        if (std::any_of(ratings.begin(), ratings.end(),
                        [&](const EvidenceRating& x) { return x.outcome == outcome.id; })) {
          out.outcomes.push_back(outcome.id);
          break;
        }
      }
    }
    return out;
  });
}

Result<ResourcePage> CatalogService::GetResource(const std::string& id) {
  return WithSearcher<ResourcePage>(reader_, [&](Searcher& s) -> Result<ResourcePage> {
    CH_ASSIGN_OR_RETURN(Xapian::Document doc, DocumentById(s, id));
    return PageOf(doc, schema::ReadEpoch(s.db));
  });
}

Result<RelatedList> CatalogService::Related(const std::string& id) {
  return WithSearcher<RelatedList>(reader_, [&](Searcher& s) -> Result<RelatedList> {
    Xapian::docid docid = 0;
    CH_ASSIGN_OR_RETURN(Xapian::Document doc, DocumentById(s, id, &docid));
    CH_ASSIGN_OR_RETURN(Resource resource, schema::DecodeResource(doc.get_data()));
    RelatedList out;
    out.id = id;
    out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
    for (const auto& translation_id : resource.translations) {
      Result<Resource> translation = LoadById(s, translation_id);
      if (!translation.ok()) continue;  // removed since: the page simply does not offer it
      out.translations.push_back({translation->id, translation->language, translation->title});
    }
    std::set<std::string> listed = {id};
    for (const auto& related_id : resource.related) {
      if (out.related.size() >= options_.related_count) break;
      Result<Resource> related = LoadById(s, related_id);
      if (!related.ok() || !listed.insert(related_id).second) continue;
      out.related.push_back(SummaryOf(*related));
    }
    if (out.related.size() >= options_.related_count) return out;
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
      if (out.related.size() >= options_.related_count) break;
      Result<Resource> related = schema::DecodeResource(it.get_document().get_data());
      if (!related.ok() || !listed.insert(related->id).second) continue;
      out.related.push_back(SummaryOf(*related));
    }
    return out;
  });
}

Result<ResourceBatch> CatalogService::Resources(const std::vector<std::string>& ids) {
  if (ids.empty() || ids.size() > options_.max_batch_ids) {
    return Status::InvalidArgument("ids must list 1 to " + std::to_string(options_.max_batch_ids) +
                                   " resource ids, comma-separated; got " +
                                   std::to_string(ids.size()))
        .WithField("ids");
  }
  return WithSearcher<ResourceBatch>(reader_, [&](Searcher& s) -> Result<ResourceBatch> {
    ResourceBatch out;
    out.epoch = schema::ReadEpoch(s.db);
    out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
    std::set<std::string> seen;
    for (const auto& id : ids) {
      if (!seen.insert(id).second) continue;
      Result<Xapian::Document> doc = DocumentById(s, id);
      if (doc.status().code() == Status::Code::kNotFound) {
        out.missing.push_back(id);
        continue;
      }
      if (!doc.ok()) return doc.status();
      CH_ASSIGN_OR_RETURN(ResourcePage page, PageOf(*doc, out.epoch));
      out.resources.push_back(std::move(page));
    }
    return out;
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

Result<TaxonomyView> CatalogService::GetTaxonomy(std::string_view lang) {
  return WithSearcher<TaxonomyView>(reader_, [&](Searcher& s) -> Result<TaxonomyView> {
    TaxonomyView view;
    view.language = LanguageFor(lang).code;
    auto fill = [&](Vocabulary v, const char* prefix, std::vector<TaxonomyCount>* out) {
      for (const auto& e : taxonomy_.entries(v)) {
        out->push_back({e.id, e.LabelIn(view.language), e.DescriptionIn(view.language),
                        s.db.get_termfreq(prefix + e.id), e.rated});
      }
    };
    fill(Vocabulary::kFocusArea, schema::kFocusAreaPrefix, &view.focus_areas);
    fill(Vocabulary::kTopic, schema::kTopicPrefix, &view.topics);
    fill(Vocabulary::kType, schema::kTypePrefix, &view.types);
    fill(Vocabulary::kAudience, schema::kAudiencePrefix, &view.audiences);
    fill(Vocabulary::kOutcome, schema::kEvidenceOutcomePrefix, &view.outcomes);
    fill(Vocabulary::kRating, schema::kEvidenceRatingPrefix, &view.evidence_ratings);
    fill(Vocabulary::kEvidenceBase, schema::kEvidenceBasePrefix, &view.evidence_bases);
    fill(Vocabulary::kEmmie, schema::kEmmiePrefix, &view.emmie);
    view.partial = !s.missing_shards.empty();
    view.missing_shards = s.missing_shards;
    return view;
  });
}

Status CatalogService::CheckChangesCursor(const Searcher& s, const ChangesRequest& request,
                                          const std::string& epoch, uint64_t generation) {
  if (!request.epoch.empty() && request.epoch != epoch) {
    return Status::Gone("epoch " + request.epoch +
                        " is not this index's: it was rebuilt from scratch since; start again "
                        "from since=0");
  }
  if (request.since > generation) {
    return Status::Gone("since=" + std::to_string(request.since) +
                        " is ahead of the index's generation " + std::to_string(generation) +
                        ": it comes from another index; start again from since=0");
  }
  uint64_t tombstones_from =
      schema::ParseGeneration(s.db.get_metadata(schema::kMetaTombstonesFrom));
  if (request.since > 0 && request.since < tombstones_from) {
    return Status::Gone("since=" + std::to_string(request.since) +
                        " is older than the removals this index keeps (from generation " +
                        std::to_string(tombstones_from) + "); start again from since=0");
  }
  return Status::Ok();
}

Result<ChangeSet> CatalogService::Changes(const ChangesRequest& request) {
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
    out.epoch = schema::ReadEpoch(s.db);
    out.since = request.since;
    out.include_resources = request.include_resources;
    out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));
    CH_RETURN_IF_ERROR(CheckChangesCursor(s, request, out.epoch, out.generation));
    const std::string after = schema::GenerationValue(request.since + 1);
    // Each document's place in the feed: its creation when that is after `since` (then it is
    // "added"), else its last change. Two streams in that order, merged.
    Xapian::Query created(Xapian::Query::OP_VALUE_GE, schema::kSlotCreatedGeneration, after);
    Xapian::Query changed(Xapian::Query::OP_VALUE_GE, schema::kSlotChangedGeneration, after);
    FeedStream added_stream(s.db, created, schema::kSlotCreatedGeneration);
    FeedStream changed_stream(s.db, Xapian::Query(Xapian::Query::OP_AND_NOT, changed, created),
                              schema::kSlotChangedGeneration);
    const size_t limit =
        request.include_resources ? options_.max_change_resources : options_.max_changes;
    std::vector<ResourcePage> added_pages, changed_pages;
    std::string last_key;
    size_t listed = 0;
    while (!added_stream.done() || !changed_stream.done()) {
      const bool take_added = changed_stream.done() ||
                              (!added_stream.done() && added_stream.key() <= changed_stream.key());
      FeedStream& stream = take_added ? added_stream : changed_stream;
      // A long answer stops at a generation boundary, so that asking again with
      // since=generation misses nothing; one generation is never split.
      if (listed >= limit && stream.key() != last_key) {
        out.more = true;
        break;
      }
      std::string id = IdOf(stream.doc());
      if (!id.empty()) {
        (take_added ? out.added : out.changed).push_back(id);
        if (request.include_resources) {
          CH_ASSIGN_OR_RETURN(ResourcePage page, PageOf(stream.doc(), out.epoch));
          (take_added ? added_pages : changed_pages).push_back(std::move(page));
        }
        ++listed;
      }
      last_key = stream.key();
      stream.Next();
    }
    out.generation = out.more ? schema::ParseGeneration(last_key) : out.generation;
    out.removed = RemovedBetween(s.db, request.since, out.generation);
    out.resources = std::move(added_pages);
    for (auto& page : changed_pages) out.resources.push_back(std::move(page));
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

Result<IndexVersion> CatalogService::CurrentVersion() {
  return WithSearcher<IndexVersion>(reader_, [&](Searcher& s) -> Result<IndexVersion> {
    if (!s.missing_shards.empty()) {
      return Status::Unavailable("some shards are down: partial answers have no version");
    }
    return IndexVersion{schema::ReadEpoch(s.db),
                        std::strtoull(s.db.get_metadata(schema::kMetaBuild).c_str(), nullptr, 10),
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
        out.epoch = schema::ReadEpoch(s.db);
        out.schema_version = std::atoi(s.db.get_metadata(schema::kMetaSchemaVersion).c_str());
        out.schema_current = out.schema_version == schema::kSchemaVersion;
        // Searchable: a real (tiny) match runs.
        Xapian::Enquire enquire(s.db);
        enquire.set_query(MatchAllQuery());
        enquire.get_mset(0, 1);
        out.ready = true;
        out.message = out.schema_current ? "index open and searchable" : StaleSchemaMessage(out);
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
