#include "indexer/index_writer.h"

#include <cstdlib>

#include <filesystem>
#include <system_error>

#include "indexer/corpus.h"
#include "indexer/ordered_pipeline.h"
#include "indexer/schema.h"
#include "indexer/spelling_tally.h"
#include "indexer/synonyms.h"
#include "indexer/xapian_status.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

// Documents built ahead of the writer: enough to ride out a long one, few enough (at most a
// few MiB) not to matter for memory.
constexpr size_t kBuildPipelineDepth = 64;

void WriteMetadata(Xapian::WritableDatabase& db, const Taxonomy& taxonomy, uint64_t build,
                   uint64_t generation) {
  db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
  db.set_metadata(schema::kMetaTaxonomyHash, taxonomy.content_hash());
  db.set_metadata(schema::kMetaBuild, std::to_string(build));
  db.set_metadata(schema::kMetaGeneration, schema::GenerationValue(generation));
}

void SetGenerations(Xapian::Document& doc, uint64_t created, uint64_t changed) {
  doc.add_value(schema::kSlotCreatedGeneration, schema::GenerationValue(created));
  doc.add_value(schema::kSlotChangedGeneration, schema::GenerationValue(changed));
}

StoredEntry EntryOf(const Xapian::Document& doc) {
  return StoredEntry{doc.get_value(schema::kSlotSourcePath),
                     doc.get_value(schema::kSlotContentHash),
                     schema::ParseGeneration(doc.get_value(schema::kSlotCreatedGeneration)),
                     schema::ParseGeneration(doc.get_value(schema::kSlotChangedGeneration))};
}

void Count(IndexReport* report) {
  report->errors = report->warnings = 0;
  for (const auto& d : report->diagnostics) (d.is_error() ? report->errors : report->warnings)++;
}

// What a rebuild carries over from the live build: generations and removals.
struct PreviousBuild {
  uint64_t generation = 0;
  std::unordered_map<std::string, StoredEntry> entries;
  std::vector<std::pair<std::string, std::string>> removed;  // (id, generation value)
};

PreviousBuild ReadPreviousBuild(const IndexLayout& live) {
  PreviousBuild previous;
  if (!live.exists()) return previous;
  Xapian::Database db(live.db_dir());
  previous.generation = schema::ParseGeneration(db.get_metadata(schema::kMetaGeneration));
  previous.entries = ReadStoredEntries(db);
  const std::string prefix = schema::kMetaRemovedPrefix;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    previous.removed.emplace_back((*k).substr(prefix.size()), db.get_metadata(*k));
  }
  return previous;
}

}  // namespace

std::unordered_map<std::string, StoredEntry> ReadStoredEntries(const Xapian::Database& db) {
  std::unordered_map<std::string, StoredEntry> out;
  const std::string prefix = schema::kIdPrefix;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    Xapian::PostingIterator p = db.postlist_begin(*t);
    if (p == db.postlist_end(*t)) continue;
    out[(*t).substr(prefix.size())] = EntryOf(db.get_document(*p));
  }
  return out;
}

void KeepReplicationChangesets(int count) {
  ::setenv("XAPIAN_MAX_CHANGESETS", std::to_string(count).c_str(), /*overwrite=*/0);
}

Status BuildIndex(const std::string& corpus_dir, const std::string& db_dir,
                  const Taxonomy& taxonomy, const IndexOptions& options, IndexReport* report) {
  Result<IndexLock> lock = IndexLock::Acquire(db_dir, options.holder);
  if (!lock.ok()) return lock.status();
  Result<IndexLayout> live = IndexLayout::Read(db_dir);
  if (!live.ok()) return live.status();

  Result<CorpusCheck> check = ValidateCorpus(corpus_dir, taxonomy);
  if (!check.ok()) return check.status();
  report->diagnostics = check->diagnostics;
  Count(report);
  report->build = live->build();
  if (check->error_count > 0) {
    return Status::InvalidArgument(std::to_string(check->error_count) +
                                   " error(s) in the corpus; the live index was not changed");
  }

  const uint64_t build = live->build() + 1;
  const size_t shards = std::max<size_t>(1, options.shards);
  const std::string build_dir = IndexLayout::BuildDir(db_dir, build);
  // With compaction the databases are written here first, then compacted into build_dir.
  const std::string staging_dir =
      (fs::path(db_dir) / (".staging-" + fs::path(build_dir).filename().string())).string();
  std::error_code ec;
  fs::remove_all(build_dir, ec);  // leftovers of a build that died before publishing
  fs::remove_all(staging_dir, ec);
  auto discard = [&] {
    fs::remove_all(build_dir, ec);
    fs::remove_all(staging_dir, ec);
  };
  std::vector<std::string> paths = IndexLayout::ShardPaths(db_dir, build, shards);
  std::vector<std::string> write_paths = paths;
  if (options.compact) {
    for (size_t i = 0; i < shards; ++i) {
      write_paths[i] = (fs::path(staging_dir) / ("shard-" + std::to_string(i))).string();
    }
  }
  try {
    PreviousBuild previous = ReadPreviousBuild(*live);
    const uint64_t generation = previous.generation + 1;
    std::vector<Xapian::WritableDatabase> dbs;
    for (const auto& path : write_paths) {
      fs::create_directories(fs::path(path).parent_path(), ec);
      dbs.emplace_back(path, Xapian::DB_CREATE_OR_OVERWRITE);
    }
    // Spelling is counted per shard in memory and written once before the commit
    // (spelling_tally.h), so the builders get no database.
    DocumentBuilderOptions builder_options{false, options.field_weights};
    DocumentBuilder builder(taxonomy, nullptr, builder_options);
    std::vector<SpellingTally> spelling(options.spelling ? shards : 0);
    struct Built {
      size_t shard;
      Xapian::Document doc;
    };
    auto build_one = [&](size_t i) {
      const Resource& r = check->files[i].resource;
      Built built{IndexLayout::ShardFor(r.id, shards), builder.Build(r)};
      if (options.spelling) spelling[built.shard].Add(built.doc);
      return built;
    };
    std::unordered_set<std::string> ids;
    size_t done = 0;
    auto write_one = [&](size_t i, Built built) {
      const Resource& r = check->files[i].resource;  // the worker only reads resources
      Xapian::Document& doc = built.doc;
      auto old = previous.entries.find(r.id);
      if (old == previous.entries.end()) {
        SetGenerations(doc, generation, generation);
        ++report->added;
      } else if (old->second.content_hash == r.content_hash) {
        SetGenerations(doc, old->second.created_generation, old->second.changed_generation);
        ++report->unchanged;
      } else {
        SetGenerations(doc, old->second.created_generation, generation);
        ++report->changed;
      }
      dbs[built.shard].replace_document(schema::IdTerm(r.id), doc);
      ids.insert(r.id);
      ++done;
      if (options.progress) options.progress(done, check->files.size());
    };
    const size_t count = check->files.size();
    if (options.second_thread) {
      RunOrderedPipeline<Built>(count, kBuildPipelineDepth, build_one, write_one);
    } else {
      for (size_t i = 0; i < count; ++i) write_one(i, build_one(i));
    }
    for (size_t i = 0; i < spelling.size(); ++i) spelling[i].WriteTo(dbs[i]);
    for (const auto& [id, value] : previous.removed) {
      if (!ids.count(id)) dbs[0].set_metadata(schema::kMetaRemovedPrefix + id, value);
    }
    for (const auto& [id, entry] : previous.entries) {
      if (ids.count(id)) continue;
      dbs[0].set_metadata(schema::kMetaRemovedPrefix + id, schema::GenerationValue(generation));
      ++report->removed;
    }
    for (size_t i = 0; i < dbs.size(); ++i) {
      WriteSynonyms(dbs[i], taxonomy);
      WriteMetadata(dbs[i], taxonomy, build, generation);
      dbs[i].set_metadata(schema::kMetaShard, schema::ShardValue(i, dbs.size()));
      dbs[i].commit();
      dbs[i].close();
    }
    if (options.compact) {
      for (size_t i = 0; i < shards; ++i) {
        fs::create_directories(fs::path(paths[i]).parent_path(), ec);
        Xapian::Database(write_paths[i]).compact(paths[i], Xapian::DBCOMPACT_NO_RENUMBER);
      }
      fs::remove_all(staging_dir, ec);
    }
    report->documents = done;
  } catch (const Xapian::Error& e) {
    discard();
    return StatusFromXapian(e, "building " + build_dir);
  } catch (const std::exception& e) {
    // Anything else that stops a build midway (out of memory, a progress callback) leaves the
    // live index as it was.
    discard();
    return Status::Internal("building " + build_dir + " stopped: " + e.what());
  }
  Status published = IndexLayout::Publish(db_dir, build, shards);
  if (!published.ok()) {
    fs::remove_all(build_dir, ec);
    return published;
  }
  report->build = build;
  return Status::Ok();
}

IndexWriter::IndexWriter(IndexLock lock, IndexLayout layout, const Taxonomy& taxonomy,
                         IndexOptions options)
    : lock_(std::move(lock)),
      layout_(std::move(layout)),
      taxonomy_(taxonomy),
      options_(std::move(options)) {}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& db_dir,
                                                       const Taxonomy& taxonomy,
                                                       const IndexOptions& options) {
  Result<IndexLock> lock = IndexLock::Acquire(db_dir, options.holder);
  if (!lock.ok()) return lock.status();
  Result<IndexLayout> layout = IndexLayout::Read(db_dir);
  if (!layout.ok()) return layout.status();
  bool fresh = !layout->exists();
  std::unique_ptr<IndexWriter> writer(
      new IndexWriter(std::move(lock).value(), std::move(layout).value(), taxonomy, options));
  std::vector<std::string> paths =
      fresh ? IndexLayout::ShardPaths(db_dir, 1, options.shards) : writer->layout_.shard_paths();
  try {
    for (const auto& path : paths) {
      std::error_code ec;
      fs::create_directories(fs::path(path).parent_path(), ec);
      writer->shards_.emplace_back(path, Xapian::DB_CREATE_OR_OPEN);
    }
    if (fresh) {
      for (size_t i = 0; i < writer->shards_.size(); ++i) {
        Xapian::WritableDatabase& db = writer->shards_[i];
        WriteSynonyms(db, taxonomy);
        WriteMetadata(db, taxonomy, 1, 0);
        db.set_metadata(schema::kMetaShard, schema::ShardValue(i, writer->shards_.size()));
        db.commit();
      }
      CH_RETURN_IF_ERROR(IndexLayout::Publish(db_dir, 1, paths.size()));
      Result<IndexLayout> published = IndexLayout::Read(db_dir);
      if (!published.ok()) return published.status();
      writer->layout_ = std::move(published).value();
    }
    writer->generation_ =
        schema::ParseGeneration(writer->shards_.front().get_metadata(schema::kMetaGeneration));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening " + db_dir + " for writing");
  }
  DocumentBuilderOptions builder_options{options.spelling, options.field_weights};
  for (auto& db : writer->shards_) {
    writer->builders_.push_back(std::make_unique<DocumentBuilder>(taxonomy, &db, builder_options));
  }
  return writer;
}

Xapian::WritableDatabase& IndexWriter::ShardOf(const std::string& id) {
  return shards_[IndexLayout::ShardFor(id, shards_.size())];
}

Result<std::unordered_map<std::string, StoredEntry>> IndexWriter::Entries() {
  std::unordered_map<std::string, StoredEntry> out;
  try {
    for (auto& db : shards_) out.merge(ReadStoredEntries(db));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading " + layout_.db_dir());
  }
  return out;
}

Status IndexWriter::Put(const Resource& r) {
  try {
    size_t shard = IndexLayout::ShardFor(r.id, shards_.size());
    Xapian::WritableDatabase& db = shards_[shard];
    const std::string id_term = schema::IdTerm(r.id);
    uint64_t created = next_generation();
    if (Xapian::PostingIterator p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) {
      created =
          schema::ParseGeneration(db.get_document(*p).get_value(schema::kSlotCreatedGeneration));
    }
    Xapian::Document doc = builders_[shard]->Build(r);
    SetGenerations(doc, created, next_generation());
    db.replace_document(id_term, doc);
    shards_[0].set_metadata(schema::kMetaRemovedPrefix + r.id, "");  // no longer removed
    dirty_ = true;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "indexing " + r.id);
  }
  return Status::Ok();
}

Status IndexWriter::Remove(const std::string& id) {
  try {
    Xapian::WritableDatabase& db = ShardOf(id);
    if (!db.term_exists(schema::IdTerm(id))) {
      return Status::NotFound("no resource with id '" + id + "' in the index");
    }
    db.delete_document(schema::IdTerm(id));
    shards_[0].set_metadata(schema::kMetaRemovedPrefix + id,
                            schema::GenerationValue(next_generation()));
    dirty_ = true;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "removing " + id);
  }
  return Status::Ok();
}

Result<bool> IndexWriter::Contains(const std::string& id) {
  try {
    return ShardOf(id).term_exists(schema::IdTerm(id));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "looking up " + id);
  }
}

Result<StoredEntry> IndexWriter::Find(const std::string& id) {
  try {
    Xapian::WritableDatabase& db = ShardOf(id);
    const std::string term = schema::IdTerm(id);
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return Status::NotFound("no resource with id '" + id + "'");
    return EntryOf(db.get_document(*p));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "looking up " + id);
  }
}

Status IndexWriter::Commit() {
  try {
    uint64_t generation = dirty_ ? next_generation() : generation_;
    for (auto& db : shards_) {
      if (db.get_metadata(schema::kMetaTaxonomyHash) != taxonomy_.content_hash()) {
        WriteSynonyms(db, taxonomy_);
      }
      WriteMetadata(db, taxonomy_, layout_.build(), generation);
      db.commit();
    }
    generation_ = generation;
    dirty_ = false;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "committing " + layout_.db_dir());
  }
  return Status::Ok();
}

Result<size_t> IndexWriter::DocumentCount() {
  size_t n = 0;
  try {
    for (auto& db : shards_) n += db.get_doccount();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "counting " + layout_.db_dir());
  }
  return n;
}

Status IndexWriter::Sync(const std::string& corpus_dir, IndexReport* report) {
  Result<std::vector<std::string>> paths = ListCorpusFiles(corpus_dir);
  if (!paths.ok()) return paths.status();
  Result<std::unordered_map<std::string, StoredEntry>> stored = Entries();
  if (!stored.ok()) return stored.status();

  bool taxonomy_changed = false;
  try {
    taxonomy_changed =
        shards_.front().get_metadata(schema::kMetaTaxonomyHash) != taxonomy_.content_hash();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading " + layout_.db_dir());
  }

  // Which stored resource came from which path, and its hash.
  std::unordered_map<std::string, std::pair<std::string, std::string>> by_path;  // path->(id,hash)
  for (const auto& [id, entry] : *stored) by_path[entry.source_path] = {id, entry.content_hash};

  std::vector<ParsedResource> changed;
  std::unordered_set<std::string> unchanged_ids;
  std::unordered_set<std::string> present_paths(paths->begin(), paths->end());
  for (const auto& relative : *paths) {
    ParsedResource parsed = ReadResourceFile(corpus_dir, relative, taxonomy_);
    auto it = by_path.find(relative);
    if (!taxonomy_changed && it != by_path.end() &&
        it->second.second == parsed.resource.content_hash && parsed.ok() &&
        parsed.resource.id == it->second.first) {
      unchanged_ids.insert(it->second.first);
      continue;
    }
    changed.push_back(std::move(parsed));
  }
  // Ids that stay in the index whatever happens to the changed files: unchanged ones, and the
  // previous versions of changed files that turn out to be invalid.
  std::unordered_set<std::string> other_ids = unchanged_ids;
  for (const auto& [id, entry] : *stored) {
    if (present_paths.count(entry.source_path) && !unchanged_ids.count(id)) other_ids.insert(id);
  }
  CheckAcrossFiles(changed, other_ids);

  report->added = report->changed = report->removed = 0;
  report->unchanged = unchanged_ids.size();
  report->diagnostics.clear();
  std::unordered_set<std::string> kept_ids = unchanged_ids;
  auto keep_previous_version = [&](const std::string& path) {
    auto it = by_path.find(path);
    if (it != by_path.end()) kept_ids.insert(it->second.first);
  };
  for (const auto& file : changed) {
    report->diagnostics.insert(report->diagnostics.end(), file.diagnostics.begin(),
                               file.diagnostics.end());
    const Resource& r = file.resource;
    if (!file.ok()) {
      keep_previous_version(r.source_path);
      continue;
    }
    auto same_id = stored->find(r.id);
    if (same_id != stored->end() && same_id->second.source_path != r.source_path &&
        present_paths.count(same_id->second.source_path)) {
      report->diagnostics.push_back(
          Diagnostic{file.path,
                     file.id_line,
                     file.id_column,
                     Severity::kError,
                     "id",
                     "duplicate id '" + r.id + "', already used by " + same_id->second.source_path,
                     {}});
      keep_previous_version(r.source_path);
      continue;
    }
    (same_id != stored->end() ? report->changed : report->added)++;
    CH_RETURN_IF_ERROR(Put(r));
    kept_ids.insert(r.id);
    if (options_.progress) options_.progress(report->added + report->changed, changed.size());
  }
  for (const auto& [id, entry] : *stored) {
    if (kept_ids.count(id)) continue;
    CH_RETURN_IF_ERROR(Remove(id));
    ++report->removed;
  }
  CH_RETURN_IF_ERROR(Commit());
  Result<size_t> count = DocumentCount();
  if (!count.ok()) return count.status();
  report->documents = *count;
  report->build = layout_.build();
  Count(report);
  if (report->errors > 0) {
    return Status::InvalidArgument(
        std::to_string(report->errors) +
        " error(s); those files keep their previous version in the index");
  }
  return Status::Ok();
}

}  // namespace ch
