// BuildIndex (index_writer.h): a fresh build beside the live one, published atomically.
#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include "base/hash.h"
#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "indexer/index_writer_internal.h"
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
  // Another schema version: its stored documents may render differently, so the history (and
  // with it every client's copy) is not continued.
  if (db.get_metadata(schema::kMetaSchemaVersion) == std::to_string(schema::kSchemaVersion)) {
    previous.epoch = schema::ReadEpoch(db);
  }
  previous.tombstones_from = db.get_metadata(schema::kMetaTombstonesFrom);
  previous.entries = ReadStoredEntries(db);
  const std::string prefix = schema::kMetaRemovedPrefix;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    previous.removed.emplace_back((*k).substr(prefix.size()), db.get_metadata(*k));
  }
  return previous;
}

// ValidateCorpus (corpus.h) with a stop check between files, keeping each file's stat (taken
// before reading it) for the manifest.
Result<CorpusCheck> ReadCorpus(const std::string& corpus_dir, const Taxonomy& taxonomy,
                               const RunControl& control, std::vector<FileStat>* stats) {
  control.Begin(IndexPhase::kScanning, 0);
  CH_ASSIGN_OR_RETURN(std::vector<std::string> paths, ListCorpusFiles(corpus_dir));
  control.Begin(IndexPhase::kReading, paths.size());
  CorpusCheck check;
  check.files.reserve(paths.size());
  for (const auto& relative : paths) {
    if (control.stop_requested()) return Status::Cancelled("build stopped while reading files");
    Result<FileStat> stat = StatFile((fs::path(corpus_dir) / relative).string());
    stats->push_back(stat.ok() ? *stat : FileStat{});
    check.files.push_back(ReadResourceFile(corpus_dir, relative, taxonomy));
    control.Advance();
  }
  CheckAcrossFiles(check.files, {});
  Summarise(check);
  return check;
}

// Where build `n` is written: its published shard paths and, with compaction, the staging ones
// the databases are first written to.
struct BuildPaths {
  std::string build_dir, staging_dir;
  std::vector<std::string> paths, write_paths;

  BuildPaths(const std::string& db_dir, uint64_t n, size_t shards, bool compact)
      : build_dir(IndexLayout::BuildDir(db_dir, n)),
        staging_dir(
            (fs::path(db_dir) / (".staging-" + fs::path(build_dir).filename().string())).string()),
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
  }
};

// Writes every valid resource of `check` into `dbs` (spelling counted in memory), setting each
// document's generations from the previous build: new and changed documents get `generation`
// and the ones after it, documents_per_generation documents each. Returns the last generation
// given out. Throws Xapian::Error, or StopRequested.
uint64_t WriteDocuments(const CorpusCheck& check, const PreviousBuild& previous,
                        uint64_t generation, const Taxonomy& taxonomy, const IndexOptions& options,
                        const RunControl& control, std::vector<Xapian::WritableDatabase>& dbs,
                        std::unordered_set<std::string>* ids, IndexReport* report) {
  const size_t per_generation = std::max<size_t>(1, options.documents_per_generation);
  size_t written = 0;  // new and changed documents so far
  auto next = [&] { return generation + written++ / per_generation; };
  const size_t shards = dbs.size();
  DocumentBuilder builder(taxonomy, nullptr, {false, options.field_weights});
  std::vector<SpellingTally> spelling(options.spelling ? shards : 0);
  struct Built {
    size_t shard;
    Xapian::Document doc;
  };
  auto build_one = [&](size_t i) {
    const Resource& r = check.files[i].resource;
    Built built{IndexLayout::ShardFor(r.id, shards), builder.Build(r)};
    if (options.spelling) spelling[built.shard].Add(built.doc);
    return built;
  };
  const size_t count = check.files.size();
  control.Begin(IndexPhase::kIndexing, count);
  auto write_one = [&](size_t i, Built built) {
    if (control.stop_requested()) throw StopRequested{};
    const Resource& r = check.files[i].resource;  // the worker only reads resources
    auto old = previous.entries.find(r.id);
    if (old == previous.entries.end()) {
      uint64_t g = next();
      internal::SetGenerations(built.doc, g, g);
      ++report->added;
    } else if (old->second.content_hash == r.content_hash) {
      internal::SetGenerations(built.doc, old->second.created_generation,
                               old->second.changed_generation);
      ++report->unchanged;
    } else {
      internal::SetGenerations(built.doc, old->second.created_generation, next());
      ++report->changed;
    }
    dbs[built.shard].replace_document(schema::IdTerm(r.id), built.doc);
    ids->insert(r.id);
    control.Advance();
    if (options.progress) options.progress(ids->size(), count);
  };
  if (options.second_thread) {
    RunOrderedPipeline<Built>(count, kBuildPipelineDepth, build_one, write_one);
  } else {
    for (size_t i = 0; i < count; ++i) write_one(i, build_one(i));
  }
  for (size_t i = 0; i < spelling.size(); ++i) spelling[i].WriteTo(dbs[i]);
  return written == 0 ? generation : generation + (written - 1) / per_generation;
}

// Carries the previous build's removals over and records the ids this build drops.
void RecordRemovals(const PreviousBuild& previous, const std::unordered_set<std::string>& ids,
                    uint64_t generation, Xapian::WritableDatabase& shard0, IndexReport* report) {
  for (const auto& [id, value] : previous.removed) {
    if (!ids.count(id)) shard0.set_metadata(schema::kMetaRemovedPrefix + id, value);
  }
  for (const auto& [id, entry] : previous.entries) {
    if (ids.count(id)) continue;
    shard0.set_metadata(schema::kMetaRemovedPrefix + id, schema::GenerationValue(generation));
    ++report->removed;
  }
}

// Writes every shard of build `build` (and compacts it into place); throws Xapian::Error or
// StopRequested, leaving the cleanup to the caller.
void WriteBuild(const CorpusCheck& check, const BuildPaths& where, uint64_t build,
                const IndexLayout& live, const Taxonomy& taxonomy, const IndexOptions& options,
                const RunControl& control, uint64_t* generation_out, IndexReport* report) {
  PreviousBuild previous = ReadPreviousBuild(live);
  const std::string epoch = previous.epoch.empty() ? RandomHexId() : previous.epoch;
  std::error_code ec;
  std::vector<Xapian::WritableDatabase> dbs;
  for (const auto& path : where.write_paths) {
    fs::create_directories(fs::path(path).parent_path(), ec);
    dbs.emplace_back(path, Xapian::DB_CREATE_OR_OVERWRITE);
  }
  std::unordered_set<std::string> ids;
  const uint64_t generation = WriteDocuments(check, previous, previous.generation + 1, taxonomy,
                                             options, control, dbs, &ids, report);
  RecordRemovals(previous, ids, generation, dbs[0], report);
  if (!previous.tombstones_from.empty()) {
    dbs[0].set_metadata(schema::kMetaTombstonesFrom, previous.tombstones_from);
  }
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
      Xapian::Database(where.write_paths[i]).compact(where.paths[i], Xapian::DBCOMPACT_NO_RENUMBER);
    }
    fs::remove_all(where.staging_dir, ec);
  }
  report->documents = ids.size();
  *generation_out = generation;
}

// The manifest of a finished build: every file's stat and hash, and what the build holds.
CorpusManifest ManifestOf(const CorpusCheck& check, const std::vector<FileStat>& stats,
                          int64_t recorded_at, uint64_t build, uint64_t generation) {
  CorpusManifest manifest;
  manifest.set_recorded_at_ns(recorded_at);
  manifest.Stamp(build, generation);
  for (size_t i = 0; i < check.files.size(); ++i) {
    const Resource& r = check.files[i].resource;
    manifest.SetFile(r.source_path, stats[i], r.content_hash);
    manifest.SetIndexed(r.source_path, r.id, r.content_hash);
  }
  return manifest;
}

}  // namespace

Status BuildIndex(const std::string& corpus_dir, const std::string& db_dir,
                  const Taxonomy& taxonomy, const IndexOptions& options, IndexReport* report,
                  const RunControl& control) {
  CH_ASSIGN_OR_RETURN(IndexLock lock, IndexLock::Acquire(db_dir, options.holder));
  CH_ASSIGN_OR_RETURN(IndexLayout live, IndexLayout::Read(db_dir));
  const int64_t started = WallClockNanos();
  std::vector<FileStat> stats;
  Result<CorpusCheck> check = ReadCorpus(corpus_dir, taxonomy, control, &stats);
  if (!check.ok()) {
    control.Begin(IndexPhase::kDone, 0);
    return check.status();
  }
  report->diagnostics = check->diagnostics;
  report->hashed = check->files.size();
  internal::CountDiagnostics(report);
  report->build = live.build();
  if (check->error_count > 0) {
    control.Begin(IndexPhase::kDone, 0);
    return Status::InvalidArgument(std::to_string(check->error_count) +
                                   " error(s) in the corpus; the live index was not changed");
  }
  const uint64_t build = live.build() + 1;
  const BuildPaths where(db_dir, build, std::max<size_t>(1, options.shards), options.compact);
  where.Discard();  // leftovers of a build that died before publishing
  uint64_t generation = 0;
  Status written;
  try {
    WriteBuild(*check, where, build, live, taxonomy, options, control, &generation, report);
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
  (void)ManifestOf(*check, stats, started, build, generation).Save(CorpusManifest::PathFor(db_dir));
  return Status::Ok();
}

}  // namespace ch
