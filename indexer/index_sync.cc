// IndexWriter::Sync (index_writer.h): bring the live build in line with the corpus folder,
// reading only the files whose stat the manifest cannot vouch for (corpus_manifest.h).
//
// Steps: PrepareSync lists and stats the corpus and takes the index's stored entries from the
// manifest (or from the index when the manifest is not in step); ReadChangedFiles hashes the
// files the manifest cannot vouch for and parses those whose hash differs from the indexed one;
// WriteChanges checks them across files and writes them; FinishSync removes the resources whose
// files are gone, commits and saves the manifest. A stop request is honoured between files and
// between documents; a stopped sync still commits what it wrote and removes nothing.
//
// Memory: the cross-file checks need every changed file's id and references before any is
// written, but not their text. So ReadChangedFiles keeps each parsed file without its body
// (Slim), and WriteChanges reads and parses a file again just before writing it. A first sync of
// a 250,000-file corpus held 3.4 GB of parsed text before this; it now holds about 1 KB a file.
#include <filesystem>
#include <unordered_set>

#include "base/file_util.h"
#include "base/hash.h"
#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "indexer/index_writer_internal.h"
#include "indexer/schema.h"
#include "indexer/xapian_status.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

// The whole resource of a file that ReadChangedFiles parsed and slimmed, read again. NotFound when
// the file changed or went in the meantime (the caller then makes the next sync read it again).
Result<Resource> ReadAgain(const std::string& corpus_dir, const ParsedResource& slim,
                           const Taxonomy& taxonomy) {
  const std::string& path = slim.resource.source_path;
  const std::string full = (fs::path(corpus_dir) / path).string();
  Result<std::string> bytes = ReadFile(full, ResourceLimits().max_file_bytes);
  if (bytes.ok() && Sha256Hex(*bytes) == slim.resource.content_hash) {
    ParsedResource parsed = ParseResource(*bytes, full, path, taxonomy, ResourceLimits());
    if (parsed.ok()) return std::move(parsed.resource);
  }
  return Status::NotFound(full + " changed while the corpus was synced; the next sync reads it");
}

}  // namespace

struct IndexWriter::SyncState {
  IndexReport* report = nullptr;
  std::string corpus_dir;
  int64_t started = 0;             // wall clock before the first stat: the manifest's time
  std::vector<std::string> paths;  // corpus files, sorted
  std::vector<FileStat> stats;     // one per path
  size_t visited = 0;              // paths[0, visited) were checked
  bool rules_changed = false;      // another taxonomy or schema version: every file is re-indexed
  std::unordered_map<std::string, StoredEntry> stored;  // by id: source path and content hash
  std::unordered_map<std::string, std::string> id_at_path;
  std::vector<ParsedResource> changed;       // files to write (or to report)
  std::unordered_set<std::string> kept_ids;  // ids that stay: unchanged, written, kept
  std::unordered_set<std::string> unchanged_ids;
  bool stopped = false;
};

Status IndexWriter::PrepareSync(const std::string& corpus_dir, SyncState& state,
                                const RunControl& control) {
  state.started = WallClockNanos();
  control.Begin(IndexPhase::kScanning, 0);
  CH_ASSIGN_OR_RETURN(state.paths, ListCorpusFiles(corpus_dir));
  state.stats.reserve(state.paths.size());
  for (const auto& relative : state.paths) {
    if (control.stop_requested()) {
      state.stopped = true;
      return Status::Ok();
    }
    Result<FileStat> stat = StatFile((fs::path(corpus_dir) / relative).string());
    state.stats.push_back(stat.ok() ? *stat : FileStat{});  // unknown: read it (and report)
    control.Advance();
  }
  try {
    const Xapian::Database& first = shards_.front();
    // A document indexed under another schema version lacks terms this version searches (for
    // example the evidence pair terms of version 2), so nothing it holds is vouched for.
    state.rules_changed =
        first.get_metadata(schema::kMetaTaxonomyHash) != taxonomy_.content_hash() ||
        first.get_metadata(schema::kMetaSchemaVersion) != std::to_string(schema::kSchemaVersion);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading " + layout_.db_dir());
  }
  if (!manifest_in_step_) CH_RETURN_IF_ERROR(ReloadManifestIndexSide());
  for (const auto& [path, entry] : manifest_.entries()) {
    if (entry.id.empty()) continue;
    state.stored[entry.id] = StoredEntry{path, entry.indexed_hash, 0, 0};
    state.id_at_path[path] = entry.id;
  }
  return Status::Ok();
}

Status IndexWriter::ReadChangedFiles(const std::string& corpus_dir, SyncState& state,
                                     const RunControl& control) {
  const ResourceLimits limits;
  control.Begin(IndexPhase::kReading, state.paths.size());
  for (; state.visited < state.paths.size() && !state.stopped; ++state.visited) {
    if (control.stop_requested()) {
      state.stopped = true;
      break;
    }
    control.Advance();
    const std::string& path = state.paths[state.visited];
    const FileStat& stat = state.stats[state.visited];
    auto at = state.id_at_path.find(path);
    const StoredEntry* old = at == state.id_at_path.end() ? nullptr : &state.stored[at->second];
    const bool same_rules = !state.rules_changed;
    const std::string* trusted = manifest_.TrustedHash(path, stat, options_.racy_window);
    if (trusted && old && same_rules && *trusted == old->content_hash) {
      state.unchanged_ids.insert(at->second);
      continue;
    }
    const std::string full = (fs::path(corpus_dir) / path).string();
    Result<std::string> bytes = ReadFile(full, limits.max_file_bytes);
    if (!bytes.ok()) {  // reported by ReadResourceFile, with the limit in the message
      state.changed.push_back(ReadResourceFile(corpus_dir, path, taxonomy_, limits));
      continue;
    }
    ++state.report->hashed;
    std::string hash = Sha256Hex(*bytes);
    manifest_.SetFile(path, stat, hash);
    manifest_unsaved_ = true;
    if (old && same_rules && hash == old->content_hash) {
      state.unchanged_ids.insert(at->second);
      continue;
    }
    state.changed.push_back(ParseResource(*bytes, full, path, taxonomy_, limits));
    DropText(state.changed.back());  // parsed again when written (ReadAgain)
  }
  return Status::Ok();
}

Status IndexWriter::WriteChanges(SyncState& state, const RunControl& control) {
  IndexReport* report = state.report;
  // Ids that stay in the index whatever happens to the changed files: unchanged ones, and the
  // previous versions of the changed files (kept if the new version turns out to be invalid).
  std::unordered_set<std::string> present(state.paths.begin(), state.paths.end());
  std::unordered_set<std::string> other_ids;
  for (const auto& [id, entry] : state.stored) {
    if (present.count(entry.source_path)) other_ids.insert(id);
  }
  if (control.stop_requested()) {
    state.stopped = true;
    return Status::Ok();
  }
  CheckAcrossFiles(state.changed, other_ids);
  state.kept_ids = state.unchanged_ids;
  auto keep_previous_version = [&](const std::string& path) {
    auto it = state.id_at_path.find(path);
    if (it != state.id_at_path.end()) state.kept_ids.insert(it->second);
  };
  control.Begin(IndexPhase::kIndexing, state.changed.size());
  for (const auto& file : state.changed) {
    if (state.stopped || control.stop_requested()) {
      state.stopped = true;
      break;
    }
    control.Advance();
    report->diagnostics.insert(report->diagnostics.end(), file.diagnostics.begin(),
                               file.diagnostics.end());
    const Resource& r = file.resource;
    auto same_id = state.stored.find(r.id);
    const bool duplicate = file.ok() && same_id != state.stored.end() &&
                           same_id->second.source_path != r.source_path &&
                           present.count(same_id->second.source_path);
    if (duplicate) {
      report->diagnostics.push_back(
          Diagnostic{file.path,
                     file.id_line,
                     file.id_column,
                     Severity::kError,
                     "id",
                     "duplicate id '" + r.id + "', already used by " + same_id->second.source_path,
                     {}});
    }
    if (!file.ok() || duplicate) {
      keep_previous_version(r.source_path);
      continue;
    }
    Result<Resource> whole = ReadAgain(state.corpus_dir, file, taxonomy_);
    if (!whole.ok()) {
      manifest_.SetFile(r.source_path, FileStat{}, "");
      report->diagnostics.push_back(
          Diagnostic{file.path, 1, 1, Severity::kWarning, "file", whole.status().message(), {}});
      keep_previous_version(r.source_path);
      continue;
    }
    (same_id != state.stored.end() ? report->changed : report->added)++;
    CH_RETURN_IF_ERROR(Put(*whole));
    state.kept_ids.insert(r.id);
    if (options_.progress) options_.progress(report->added + report->changed, state.changed.size());
  }
  return Status::Ok();
}

Status IndexWriter::FinishSync(SyncState& state, bool stopped, const RunControl& control) {
  IndexReport* report = state.report;
  if (!stopped) {
    for (const auto& [id, entry] : state.stored) {
      if (state.kept_ids.count(id)) continue;
      CH_RETURN_IF_ERROR(Remove(id));
      ++report->removed;
    }
  }
  control.Begin(IndexPhase::kCommitting, 1);
  CH_RETURN_IF_ERROR(Commit());
  // Only a run that checked every file may stamp the manifest with its start: entries it did not
  // check stay valid under the previous stamp only (and those it hashed stay safe under it: their
  // stat was taken later still).
  if (state.visited == state.paths.size()) {
    manifest_.KeepFilesOnly(
        std::unordered_set<std::string>(state.paths.begin(), state.paths.end()));
    manifest_.set_recorded_at_ns(state.started);
  }
  // A cache: failing to save only slows the next sync. A stopped run skips it (at 250,000 files
  // writing it takes longer than the stop may), and the next run reads again what it wrote.
  if (!stopped) (void)SaveManifest();
  CH_ASSIGN_OR_RETURN(report->documents, DocumentCount());
  report->build = layout_.build();
  internal::CountDiagnostics(report);
  return Status::Ok();
}

Status IndexWriter::Sync(const std::string& corpus_dir, IndexReport* report,
                         const RunControl& control) {
  *report = IndexReport();
  SyncState state;
  state.report = report;
  state.corpus_dir = corpus_dir;
  Status status = CheckCorpus(corpus_dir);
  if (status.ok()) status = PrepareSync(corpus_dir, state, control);
  if (status.ok()) status = ReadChangedFiles(corpus_dir, state, control);
  // Stopped before anything was written: nothing to check, commit or save (the manifest on disk
  // still vouches for what it did), so the stop is not held up by the cross-file checks of a
  // large corpus (they took seconds at 250,000 files).
  const bool stopped_before_writing = state.stopped;
  if (status.ok() && !stopped_before_writing) status = WriteChanges(state, control);
  if (status.ok() && !stopped_before_writing) status = FinishSync(state, state.stopped, control);
  control.Begin(IndexPhase::kDone, 0);
  if (!status.ok()) return status;
  report->unchanged = state.unchanged_ids.size();
  if (state.stopped) {
    stopped_ = true;
    return Status::Cancelled("sync stopped after writing " +
                             std::to_string(report->added + report->changed) +
                             " document(s); the next sync carries on");
  }
  if (report->errors > 0) {
    return Status::InvalidArgument(
        std::to_string(report->errors) +
        " error(s); those files keep their previous version in the index");
  }
  return Status::Ok();
}

}  // namespace ch
