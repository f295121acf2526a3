#include "indexer/index_writer.h"

#include <algorithm>
#include <cstdlib>

#include <filesystem>
#include <system_error>

#include "base/hash.h"
#include "indexer/corpus.h"
#include "indexer/corpus_identity.h"
#include "indexer/index_writer_internal.h"
#include "indexer/schema.h"
#include "indexer/synonyms.h"
#include "indexer/xapian_status.h"

namespace ch {
namespace fs = std::filesystem;

namespace internal {

void WriteMetadata(Xapian::WritableDatabase& db, const Taxonomy& taxonomy, uint64_t build,
                   uint64_t generation, const std::string& epoch) {
  db.set_metadata(schema::kMetaEpoch, epoch);
  db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
  db.set_metadata(schema::kMetaTaxonomyHash, taxonomy.content_hash());
  db.set_metadata(schema::kMetaBuild, std::to_string(build));
  db.set_metadata(schema::kMetaGeneration, schema::GenerationValue(generation));
}

DocumentBuilderOptions BuilderOptions(const IndexOptions& options, bool spelling) {
  return {.spelling = spelling,
          .weights = options.field_weights,
          .joined_compounds = options.joined_compounds};
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

void CountDiagnostics(IndexReport* report) {
  report->errors = report->warnings = 0;
  for (const auto& d : report->diagnostics) (d.is_error() ? report->errors : report->warnings)++;
}

}  // namespace internal

using internal::EntryOf;
using internal::SetGenerations;
using internal::WriteMetadata;

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

IndexWriter::IndexWriter(IndexLock lock, IndexLayout layout, const Taxonomy& taxonomy,
                         IndexOptions options)
    : lock_(std::move(lock)),
      layout_(std::move(layout)),
      taxonomy_(taxonomy),
      options_(std::move(options)) {}

// After a stopped run the process is on its way out: saving a large manifest (0.4 s at 250,000
// files) would hold up the exit that the stop asked for, and the next run only reads more.
IndexWriter::~IndexWriter() {
  if (!stopped_) (void)SaveManifest();
}

namespace {

// Opens (or, for a fresh index, creates and publishes as build 1) the live build's shards.
Status OpenShards(const std::string& db_dir, const Taxonomy& taxonomy, size_t shard_count,
                  IndexLayout* layout, std::vector<Xapian::WritableDatabase>* shards,
                  std::string* epoch) {
  const bool fresh = !layout->exists();
  std::vector<std::string> paths =
      fresh ? IndexLayout::ShardPaths(db_dir, 1, shard_count) : layout->shard_paths();
  try {
    for (const auto& path : paths) {
      std::error_code ec;
      fs::create_directories(fs::path(path).parent_path(), ec);
      shards->emplace_back(path, Xapian::DB_CREATE_OR_OPEN);
    }
    if (!fresh) {
      // An index written before epochs existed gets its (derived) epoch recorded, so that it
      // stays the same from now on whatever happens to the database's files.
      *epoch = schema::ReadEpoch(shards->front());
      if (shards->front().get_metadata(schema::kMetaEpoch).empty()) {
        for (auto& db : *shards) {
          db.set_metadata(schema::kMetaEpoch, *epoch);
          db.commit();
        }
      }
      return Status::Ok();
    }
    *epoch = RandomHexId();
    for (size_t i = 0; i < shards->size(); ++i) {
      Xapian::WritableDatabase& db = (*shards)[i];
      WriteSynonyms(db, taxonomy);
      WriteMetadata(db, taxonomy, 1, 0, *epoch);
      db.set_metadata(schema::kMetaShard, schema::ShardValue(i, shards->size()));
      db.commit();
    }
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening " + db_dir + " for writing");
  }
  CH_RETURN_IF_ERROR(IndexLayout::Publish(db_dir, 1, paths.size()));
  CH_ASSIGN_OR_RETURN(*layout, IndexLayout::Read(db_dir));
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& db_dir,
                                                       const Taxonomy& taxonomy,
                                                       const IndexOptions& options) {
  CH_ASSIGN_OR_RETURN(IndexLock lock, IndexLock::Acquire(db_dir, options.holder));
  CH_ASSIGN_OR_RETURN(IndexLayout layout, IndexLayout::Read(db_dir));
  const bool fresh = !layout.exists();
  std::unique_ptr<IndexWriter> writer(
      new IndexWriter(std::move(lock), std::move(layout), taxonomy, options));
  CH_RETURN_IF_ERROR(OpenShards(db_dir, taxonomy, options.shards, &writer->layout_,
                                &writer->shards_, &writer->epoch_));
  try {
    writer->generation_ =
        schema::ParseGeneration(writer->shards_.front().get_metadata(schema::kMetaGeneration));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening " + db_dir + " for writing");
  }
  const DocumentBuilderOptions builder_options =
      internal::BuilderOptions(options, options.spelling);
  for (auto& db : writer->shards_) {
    writer->builders_.push_back(std::make_unique<DocumentBuilder>(taxonomy, &db, builder_options));
  }
  // A missing or unreadable manifest only makes the next sync slower.
  if (Result<CorpusManifest> m = CorpusManifest::Load(CorpusManifest::PathFor(db_dir)); m.ok()) {
    writer->manifest_ = std::move(m).value();
    writer->manifest_in_step_ =
        writer->manifest_.Describes(writer->layout_.build(), writer->generation_);
  }
  // A fresh index is empty, and so is the manifest's index side.
  if (fresh) writer->manifest_in_step_ = writer->manifest_.entries().empty();
  return writer;
}

Status IndexWriter::SaveManifest() {
  // Unchanged, the saved one is still right: its stamp is this generation (no commit changed
  // anything) and what it trusts stays trusted under its older time stamp.
  if (!manifest_in_step_ || dirty_ || !manifest_unsaved_) return Status::Ok();
  manifest_.Stamp(layout_.build(), generation_);
  CH_RETURN_IF_ERROR(manifest_.Save(CorpusManifest::PathFor(layout_.db_dir())));
  manifest_unsaved_ = false;
  return Status::Ok();
}

Status IndexWriter::ReloadManifestIndexSide() {
  CH_ASSIGN_OR_RETURN(auto stored, Entries());
  manifest_.ClearIndexSide();
  manifest_unsaved_ = true;
  for (const auto& [id, entry] : stored) {
    manifest_.SetIndexed(entry.source_path, id, entry.content_hash);
  }
  manifest_in_step_ = true;
  return Status::Ok();
}

uint64_t IndexWriter::next_generation() const {
  return generation_ + 1 + written_ / std::max<size_t>(1, options_.documents_per_generation);
}

uint64_t IndexWriter::current_write_generation() const {
  if (written_ == 0) return generation_ + 1;
  return generation_ + 1 + (written_ - 1) / std::max<size_t>(1, options_.documents_per_generation);
}

Status IndexWriter::PruneTombstones(uint64_t generation) {
  try {
    Xapian::WritableDatabase& db = shards_[0];
    const std::string prefix = schema::kMetaRemovedPrefix;
    std::vector<std::string> forget;
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
      if (schema::ParseGeneration(db.get_metadata(*k)) <= generation) forget.push_back(*k);
    }
    for (const auto& key : forget) db.set_metadata(key, "");
    uint64_t from = schema::ParseGeneration(db.get_metadata(schema::kMetaTombstonesFrom));
    if (generation > from) {
      for (auto& shard : shards_) {
        shard.set_metadata(schema::kMetaTombstonesFrom, schema::GenerationValue(generation));
      }
    }
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "pruning tombstones in " + layout_.db_dir());
  }
  return Commit();
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
    ++written_;
    db.replace_document(id_term, doc);
    shards_[0].set_metadata(schema::kMetaRemovedPrefix + r.id, "");  // no longer removed
    dirty_ = manifest_unsaved_ = true;
    manifest_.SetIndexed(r.source_path, r.id, r.content_hash);
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
                            schema::GenerationValue(current_write_generation()));
    dirty_ = manifest_unsaved_ = true;
    manifest_.RemoveId(id);
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

Result<std::vector<Resource>> IndexWriter::ResourcesRelatedTo(const std::string& id) {
  std::vector<Resource> out;
  try {
    for (auto& db : shards_) {
      for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        Result<Resource> r = schema::DecodeResource(db.get_document(*p).get_data());
        if (!r.ok()) return r.status();
        if (std::find(r->related.begin(), r->related.end(), id) != r->related.end()) {
          out.push_back(std::move(r).value());
        }
      }
    }
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "looking for resources related to " + id);
  }
  std::sort(out.begin(), out.end(),
            [](const Resource& a, const Resource& b) { return a.id < b.id; });
  return out;
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
    uint64_t generation = dirty_ ? current_write_generation() : generation_;
    for (auto& db : shards_) {
      if (db.get_metadata(schema::kMetaTaxonomyHash) != taxonomy_.content_hash()) {
        WriteSynonyms(db, taxonomy_);
      }
      WriteMetadata(db, taxonomy_, layout_.build(), generation, epoch_);
      db.commit();
    }
    generation_ = generation;
    dirty_ = false;
    written_ = 0;
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

namespace {

// `file` as a path relative to `corpus_dir`, or "" when it lies outside it.
std::string RelativeToCorpus(const std::string& corpus_dir, const std::string& file) {
  std::error_code ec;
  fs::path relative =
      fs::weakly_canonical(file, ec).lexically_relative(fs::weakly_canonical(corpus_dir, ec));
  if (relative.empty() || *relative.begin() == "..") return "";
  return relative.generic_string();
}

Diagnostic DuplicateId(const ParsedResource& p, const std::string& other_path) {
  return Diagnostic{
      p.path,      p.id_line,
      p.id_column, Severity::kError,
      "id",        "duplicate id '" + p.resource.id + "', already used by " + other_path,
      {}};
}

}  // namespace

Status IndexWriter::CheckCorpus(const std::string& corpus_dir) {
  CH_ASSIGN_OR_RETURN(CorpusIdentity corpus, ReadCorpusIdentity(corpus_dir));
  CH_ASSIGN_OR_RETURN(size_t documents, DocumentCount());
  try {
    Xapian::WritableDatabase& db = shards_.front();
    RecordedCorpus recorded{db.get_metadata(schema::kMetaCorpusId),
                            db.get_metadata(schema::kMetaCorpusPath)};
    bool record = false;
    CH_RETURN_IF_ERROR(CheckCorpusIdentity(recorded, corpus, documents, options_.adopt_corpus,
                                           layout_.db_dir(), &record));
    if (!record) return Status::Ok();
    db.set_metadata(schema::kMetaCorpusId, corpus.id);
    db.set_metadata(schema::kMetaCorpusPath, corpus.path);
    db.commit();  // metadata only: the generation stays
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "recording the corpus of " + layout_.db_dir());
  }
  return Status::Ok();
}

Status IndexWriter::AddFiles(const std::string& corpus_dir, const std::vector<std::string>& files,
                             IndexReport* report) {
  CH_RETURN_IF_ERROR(CheckCorpus(corpus_dir));
  CH_ASSIGN_OR_RETURN(auto stored, Entries());
  std::vector<ParsedResource> parsed;
  std::vector<FileStat> stats;
  for (const auto& file : files) {
    std::string relative = RelativeToCorpus(corpus_dir, file);
    if (relative.empty()) {
      report->diagnostics.push_back(
          Diagnostic{file,
                     0,
                     0,
                     Severity::kError,
                     "file",
                     "is not inside the corpus folder " + corpus_dir +
                         "; the corpus files are the source of truth, so copy it there first",
                     {}});
      continue;
    }
    Result<FileStat> stat = StatFile((fs::path(corpus_dir) / relative).string());
    stats.push_back(stat.ok() ? *stat : FileStat{});
    parsed.push_back(ReadResourceFile(corpus_dir, relative, taxonomy_));
    ++report->hashed;
  }
  std::unordered_set<std::string> other_ids;
  for (const auto& [id, entry] : stored) other_ids.insert(id);
  CheckAcrossFiles(parsed, other_ids);
  for (size_t i = 0; i < parsed.size(); ++i) {
    const ParsedResource& p = parsed[i];
    report->diagnostics.insert(report->diagnostics.end(), p.diagnostics.begin(),
                               p.diagnostics.end());
    if (!p.ok()) continue;
    auto it = stored.find(p.resource.id);
    if (it != stored.end() && it->second.source_path != p.resource.source_path) {
      report->diagnostics.push_back(DuplicateId(p, it->second.source_path));
      continue;
    }
    (it == stored.end() ? report->added : report->changed)++;
    CH_RETURN_IF_ERROR(Put(p.resource));
    manifest_.SetFile(p.resource.source_path, stats[i], p.resource.content_hash);
  }
  CH_RETURN_IF_ERROR(Commit());
  CH_ASSIGN_OR_RETURN(report->documents, DocumentCount());
  report->build = build();
  internal::CountDiagnostics(report);
  if (report->errors > 0) {
    return Status::InvalidArgument(std::to_string(report->errors) +
                                   " error(s); files with errors were not indexed");
  }
  return Status::Ok();
}

Status IndexWriter::RemoveIds(const std::vector<std::string>& ids, IndexReport* report) {
  for (const auto& id : ids) {
    Status removed = Remove(id);
    if (removed.code() == Status::Code::kNotFound) {
      report->diagnostics.push_back(
          Diagnostic{id, 0, 0, Severity::kError, "id", removed.message(), {}});
      continue;
    }
    CH_RETURN_IF_ERROR(removed);
    ++report->removed;
  }
  CH_RETURN_IF_ERROR(Commit());
  CH_ASSIGN_OR_RETURN(report->documents, DocumentCount());
  report->build = build();
  internal::CountDiagnostics(report);
  if (report->errors > 0) {
    return Status::InvalidArgument(std::to_string(report->errors) + " id(s) not found");
  }
  return Status::Ok();
}

}  // namespace ch
