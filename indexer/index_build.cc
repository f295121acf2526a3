// BuildIndex (index_writer.h): a fresh build beside the live one, published atomically. The corpus
// is streamed: each file is read, checked and written in one pass, two threads deep, so memory is
// bounded by the pipeline, Xapian's batch (IndexOptions::batch_size) and a few compact per-id
// records (ids, `related` references, the manifest), not by the corpus.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <system_error>

#include "base/hash.h"
#include "indexer/corpus.h"
#include "indexer/corpus_identity.h"
#include "indexer/index_writer.h"
#include "indexer/index_writer_internal.h"
#include "indexer/manifest_stream.h"
#include "indexer/ordered_pipeline.h"
#include "indexer/schema.h"
#include "indexer/spelling_tally.h"
#include "indexer/streamed_checks.h"
#include "indexer/synonyms.h"
#include "indexer/xapian_status.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

// Documents built ahead of the writer: enough to ride out a long one, few enough (at most a
// few MiB) not to matter for memory.
constexpr size_t kBuildPipelineDepth = 64;

// With compaction, each shard is written as a series of parts (fresh databases) that the final
// compaction merges: a commit into one growing database rewrites the B-tree blocks its batch
// touches, nearly all of them, so that cost grows with the index; a fresh part stays small. At
// most this many parts per shard (the compaction opens them all at once: ~7 files each); a part
// then holds several batches.
constexpr size_t kMaxPartsPerShard = 64;

// Thrown by the writer loop when a stop is requested; never escapes BuildIndex.
struct StopRequested {};

// What a rebuild carries over from the live build: generations, removals and the epoch.
struct PreviousBuild {
  uint64_t generation = 0;
  std::string epoch;            // "" when there is no history to continue (a new epoch then)
  std::string tombstones_from;  // kMetaTombstonesFrom, carried with the tombstones
  std::unordered_map<std::string, StoredEntry> entries;
  std::vector<std::pair<std::string, std::string>> removed;  // (id, generation value)
};

PreviousBuild ReadPreviousBuild(const IndexLayout& live) {
  PreviousBuild previous;
  if (!live.exists()) return previous;
  Xapian::Database db(live.db_dir());
  previous.generation = schema::ParseGeneration(db.get_metadata(schema::kMetaGeneration));
  previous.entries = ReadStoredEntries(db);
  // Another schema version: its stored documents may render differently, so the history (and
  // with it every client's copy) is not continued.
  if (db.get_metadata(schema::kMetaSchemaVersion) == std::to_string(schema::kSchemaVersion)) {
    previous.epoch = schema::ReadEpoch(db);
  }
  previous.tombstones_from = db.get_metadata(schema::kMetaTombstonesFrom);
  const std::string prefix = schema::kMetaRemovedPrefix;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    previous.removed.emplace_back((*k).substr(prefix.size()), db.get_metadata(*k));
  }
  return previous;
}

// Where build `n` is written: its published shard paths and, with compaction, the staging folders
// the shards' parts are first written to.
struct BuildPaths {
  std::string build_dir, staging_dir;
  std::string manifest_body;  // the corpus manifest's entries while they are written
  std::vector<std::string> paths, write_paths;

  BuildPaths(const std::string& db_dir, uint64_t n, size_t shards, bool compact)
      : build_dir(IndexLayout::BuildDir(db_dir, n)),
        staging_dir(
            (fs::path(db_dir) / (".staging-" + fs::path(build_dir).filename().string())).string()),
        manifest_body((fs::path(db_dir) / ".corpus-manifest.building").string()),
        paths(IndexLayout::ShardPaths(db_dir, n, shards)),
        write_paths(paths) {
    if (!compact) return;
    for (size_t i = 0; i < shards; ++i) {
      write_paths[i] = (fs::path(staging_dir) / ("shard-" + std::to_string(i))).string();
    }
  }
  void Discard() const {
    std::error_code ec;
    fs::remove_all(build_dir, ec);
    fs::remove_all(staging_dir, ec);
    fs::remove(manifest_body, ec);
  }
};

// What a streamed build keeps between files: compact, whatever the corpus size (the parsed files
// themselves live only in the pipeline, kBuildPipelineDepth at a time; the manifest's entries go
// to a file as they come).
struct StreamState {
  StreamState(const std::string& corpus_dir, const std::vector<std::string>& paths,
              const std::string& manifest_body)
      : checks(corpus_dir, paths), manifest(manifest_body) {}
  StreamedChecks checks;  // duplicate ids, `related` and `translations` ids, diagnostics
  size_t written = 0;
  ManifestStream manifest;
};

// The databases a build writes into: per shard, the database itself or (with compaction) its
// current part; a new part of every shard every `per_part` documents.
class BuildDatabases {
 public:
  BuildDatabases(const BuildPaths& where, bool parts, size_t per_part)
      : where_(where), parted_(parts), per_part_(std::max<size_t>(per_part, 1)) {
    OpenParts();
  }
  std::vector<Xapian::WritableDatabase>& dbs() { return dbs_; }
  size_t parts() const { return parts_; }
  // The folder of part `k` of shard `shard`.
  std::string PartPath(size_t shard, size_t k) const {
    return (fs::path(where_.write_paths[shard]) / ("part-" + std::to_string(k))).string();
  }
  // After each document written (`written` so far): commit every `batch`, start new parts.
  void Written(size_t written, size_t batch) {
    if (parted_ && written % per_part_ == 0) {
      for (auto& db : dbs_) {
        db.commit();
        db.close();
      }
      OpenParts();
    } else if (written % batch == 0) {
      for (auto& db : dbs_) db.commit();
    }
  }

 private:
  void OpenParts() {
    dbs_.clear();
    std::error_code ec;
    for (size_t i = 0; i < where_.write_paths.size(); ++i) {
      const std::string path = parted_ ? PartPath(i, parts_) : where_.write_paths[i];
      fs::create_directories(fs::path(path).parent_path(), ec);
      dbs_.emplace_back(path, Xapian::DB_CREATE_OR_OVERWRITE);
    }
    ++parts_;
  }

  const BuildPaths& where_;
  bool parted_;
  size_t per_part_;
  size_t parts_ = 0;
  std::vector<Xapian::WritableDatabase> dbs_;
};

// One file on its way through the pipeline: read, parsed and, when it is valid, built.
struct StreamedFile {
  FileStat stat;
  ParsedResource file;
  size_t shard = 0;
  std::optional<Xapian::Document> doc;
};

// The generations of a document from the previous build (added, unchanged or changed).
// Hands out the generations of a build's new and changed documents: `first` and the ones after
// it, IndexOptions::documents_per_generation documents each, so that no generation holds more
// than that many written documents (a page of the changes feed never splits a generation).
class GenerationCounter {
 public:
  GenerationCounter(uint64_t first, size_t per_generation)
      : first_(first), per_(std::max<size_t>(1, per_generation)) {}
  uint64_t Next() { return first_ + written_++ / per_; }
  // The last generation given out (`first` when none was).
  uint64_t Last() const { return written_ == 0 ? first_ : first_ + (written_ - 1) / per_; }

 private:
  uint64_t first_;
  size_t per_;
  size_t written_ = 0;
};

void SetGenerationsFrom(const PreviousBuild& previous, GenerationCounter& generations,
                        const Resource& r, Xapian::Document& doc, IndexReport* report) {
  auto old = previous.entries.find(r.id);
  if (old == previous.entries.end()) {
    const uint64_t g = generations.Next();
    internal::SetGenerations(doc, g, g);
    ++report->added;
  } else if (old->second.content_hash == r.content_hash) {
    internal::SetGenerations(doc, old->second.created_generation, old->second.changed_generation);
    ++report->unchanged;
  } else {
    internal::SetGenerations(doc, old->second.created_generation, generations.Next());
    ++report->changed;
  }
}

// Reads, validates and writes every file of `paths` into `dbs` in one streamed pass, committing
// every IndexOptions::batch_size documents, so that memory does not grow with the corpus. Once a
// file has an error nothing more is written (the build is discarded) but every file is still
// checked, so that every problem is reported. Throws Xapian::Error, or StopRequested.
void StreamDocuments(const std::string& corpus_dir, const std::vector<std::string>& paths,
                     const PreviousBuild& previous, GenerationCounter& generations,
                     const Taxonomy& taxonomy, const IndexOptions& options,
                     const RunControl& control, BuildDatabases& out, StreamState* state,
                     IndexReport* report) {
  const size_t shards = out.dbs().size();
  DocumentBuilder builder(taxonomy, nullptr, internal::BuilderOptions(options, /*spelling=*/false));
  std::vector<SpellingTally> spelling(options.spelling ? shards : 0);
  std::atomic<bool> failed{false};  // set by the writer, read by the worker: stop building
  auto read_one = [&](size_t i) {
    StreamedFile item;
    Result<FileStat> stat = StatFile((fs::path(corpus_dir) / paths[i]).string());
    item.stat = stat.ok() ? *stat : FileStat{};
    item.file = ReadResourceFile(corpus_dir, paths[i], taxonomy);
    if (item.file.ok() && !failed.load(std::memory_order_relaxed)) {
      item.shard = IndexLayout::ShardFor(item.file.resource.id, shards);
      item.doc = builder.Build(item.file.resource);
      if (options.spelling) spelling[item.shard].Add(*item.doc);
    }
    Resource& r = item.file.resource;  // the document holds what is needed from here on
    r.body_markdown = r.body_html = r.body_text = std::string();
    return item;
  };
  const size_t count = paths.size();
  const size_t batch = std::max<size_t>(options.batch_size, 1);
  control.Begin(IndexPhase::kIndexing, count);
  auto write_one = [&](size_t i, StreamedFile item) {
    if (control.stop_requested()) throw StopRequested{};
    ParsedResource& file = item.file;
    state->checks.Add(static_cast<uint32_t>(i), file);
    if (state->checks.errors() > 0) failed.store(true, std::memory_order_relaxed);
    const Resource& r = file.resource;
    if (state->checks.errors() == 0 && item.doc) {
      SetGenerationsFrom(previous, generations, r, *item.doc, report);
      // A new database, and a duplicate id stops the writing (StreamedChecks above): the id
      // cannot be there yet, so add rather than look the id term up for every document.
      out.dbs()[item.shard].add_document(*item.doc);
      state->manifest.Add(r.source_path,
                          ManifestEntry{item.stat, r.content_hash, r.id, r.content_hash});
      out.Written(++state->written, batch);
    }
    control.Advance();
    if (options.progress) options.progress(i + 1, count);
  };
  if (options.second_thread) {
    RunOrderedPipeline<StreamedFile>(count, kBuildPipelineDepth, read_one, write_one);
  } else {
    for (size_t i = 0; i < count; ++i) write_one(i, read_one(i));
  }
  state->checks.Finish();
  if (state->checks.errors() == 0) {
    for (size_t i = 0; i < spelling.size(); ++i) spelling[i].WriteTo(out.dbs()[i]);
  }
}

// Carries the previous build's removals over and records the ids this build drops.
void RecordRemovals(const PreviousBuild& previous, const CompactIdSet& ids, uint64_t generation,
                    Xapian::WritableDatabase& shard0, IndexReport* report) {
  for (const auto& [id, value] : previous.removed) {
    if (!ids.Contains(id)) shard0.set_metadata(schema::kMetaRemovedPrefix + id, value);
  }
  for (const auto& [id, entry] : previous.entries) {
    if (ids.Contains(id)) continue;
    shard0.set_metadata(schema::kMetaRemovedPrefix + id, schema::GenerationValue(generation));
    ++report->removed;
  }
}

// Streams the corpus into build `build` (and compacts it into place) when it has no errors;
// throws Xapian::Error or StopRequested, leaving the cleanup to the caller. `state` says what was
// found.
void WriteBuild(const std::string& corpus_dir, const std::vector<std::string>& paths,
                const CorpusIdentity& corpus, const BuildPaths& where, uint64_t build,
                const IndexLayout& live, const Taxonomy& taxonomy, const IndexOptions& options,
                const RunControl& control, uint64_t* generation_out, StreamState* state,
                IndexReport* report) {
  PreviousBuild previous = ReadPreviousBuild(live);
  const std::string epoch = previous.epoch.empty() ? RandomHexId() : previous.epoch;
  GenerationCounter generations(previous.generation + 1, options.documents_per_generation);
  std::error_code ec;
  const size_t batch = std::max<size_t>(options.batch_size, 1);
  const size_t per_shard = (paths.size() + where.paths.size() - 1) / where.paths.size();
  BuildDatabases out(where, options.compact,
                     std::max(batch, (per_shard + kMaxPartsPerShard - 1) / kMaxPartsPerShard));
  std::vector<Xapian::WritableDatabase>& dbs = out.dbs();
  StreamDocuments(corpus_dir, paths, previous, generations, taxonomy, options, control, out, state,
                  report);
  if (state->checks.errors() > 0) return;
  const uint64_t generation = generations.Last();
  RecordRemovals(previous, state->checks.ids(), generation, dbs[0], report);
  if (!previous.tombstones_from.empty()) {
    dbs[0].set_metadata(schema::kMetaTombstonesFrom, previous.tombstones_from);
  }
  dbs[0].set_metadata(schema::kMetaCorpusId, corpus.id);
  dbs[0].set_metadata(schema::kMetaCorpusPath, corpus.path);
  control.Begin(IndexPhase::kCommitting, dbs.size());
  for (size_t i = 0; i < dbs.size(); ++i) {
    if (control.stop_requested()) throw StopRequested{};
    WriteSynonyms(dbs[i], taxonomy);
    internal::WriteMetadata(dbs[i], taxonomy, build, generation, epoch);
    dbs[i].set_metadata(schema::kMetaShard, schema::ShardValue(i, dbs.size()));
    dbs[i].commit();
    dbs[i].close();
  }
  if (options.compact) {
    for (size_t i = 0; i < dbs.size(); ++i) {
      if (control.stop_requested()) throw StopRequested{};
      fs::create_directories(fs::path(where.paths[i]).parent_path(), ec);
      // The parts in order, each numbered on from the one before: the docids a single database
      // would have given (1, 2, ... in the order written).
      Xapian::Database parts;
      for (size_t k = 0; k < out.parts(); ++k) {
        parts.add_database(Xapian::Database(out.PartPath(i, k)));
      }
      parts.compact(where.paths[i]);
    }
    fs::remove_all(where.staging_dir, ec);
  }
  report->documents = state->written;
  *generation_out = generation;
}

}  // namespace

Status BuildIndex(const std::string& corpus_dir, const std::string& db_dir,
                  const Taxonomy& taxonomy, const IndexOptions& options, IndexReport* report,
                  const RunControl& control) {
  CH_ASSIGN_OR_RETURN(IndexLock lock, IndexLock::Acquire(db_dir, options.holder));
  CH_ASSIGN_OR_RETURN(IndexLayout live, IndexLayout::Read(db_dir));
  CH_ASSIGN_OR_RETURN(CorpusIdentity corpus, ReadCorpusIdentity(corpus_dir));
  const int64_t started = WallClockNanos();
  control.Begin(IndexPhase::kScanning, 0);
  Result<std::vector<std::string>> paths = ListCorpusFiles(corpus_dir);
  if (!paths.ok()) {
    control.Begin(IndexPhase::kDone, 0);
    return paths.status();
  }
  report->build = live.build();
  const uint64_t build = live.build() + 1;
  const BuildPaths where(db_dir, build, std::max<size_t>(1, options.shards), options.compact);
  where.Discard();  // leftovers of a build that died before publishing
  uint64_t generation = 0;
  StreamState state(corpus_dir, *paths, where.manifest_body);
  Status written;
  try {
    WriteBuild(corpus_dir, *paths, corpus, where, build, live, taxonomy, options, control,
               &generation, &state, report);
  } catch (const StopRequested&) {
    written = Status::Cancelled("build stopped; the live index was not changed");
  } catch (const Xapian::Error& e) {
    written = StatusFromXapian(e, "building " + where.build_dir);
  } catch (const std::exception& e) {
    // Anything else that stops a build midway (out of memory, a progress callback) leaves the
    // live index as it was.
    written = Status::Internal("building " + where.build_dir + " stopped: " + e.what());
  }
  control.Begin(IndexPhase::kDone, 0);
  report->diagnostics = state.checks.TakeDiagnostics();
  report->hashed = paths->size();
  internal::CountDiagnostics(report);
  if (written.ok() && state.checks.errors() > 0) {
    report->added = report->changed = report->unchanged = 0;
    written = Status::InvalidArgument(std::to_string(state.checks.errors()) +
                                      " error(s) in the corpus; the live index was not changed");
  }
  if (!written.ok()) {
    where.Discard();
    return written;
  }
  Status published = IndexLayout::Publish(db_dir, build, where.paths.size());
  if (!published.ok()) {
    where.Discard();
    return published;
  }
  report->build = build;
  // Only a cache: a failure costs the next sync some reading, so it is not an error.
  (void)state.manifest.Finish(CorpusManifest::PathFor(db_dir), build, generation, started);
  return Status::Ok();
}

}  // namespace ch
