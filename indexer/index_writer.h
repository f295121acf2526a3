// index_writer.h: building, changing and syncing the index from resource files.
//
// BuildIndex validates the whole corpus, writes a fresh build beside the live one and publishes
// it atomically (index_layout.h). If any file has an error, or the run is stopped, nothing is
// published and the live index keeps serving exactly as before. It streams the corpus (read,
// check and write each file in one pass, committing every IndexOptions::batch_size documents;
// the checks across files use streamed_checks.h, the manifest manifest_stream.h), so its memory
// grows only with a few dozen bytes per id, not with the corpus's text; progress (RunControl) is
// one "indexing" phase over the files.
//
// IndexWriter changes the live build in place: Put (add or replace by id), Remove, Sync (re-index
// only the files whose content hash changed, remove those deleted), AddFiles and RemoveIds (the
// CLI's add and remove), then Commit. Each commit that changed something bumps the change
// generation (schema.h) that the changes feed reports (by one, or by more when it writes more than
// documents_per_generation documents); a rebuild continues the count and keeps each unchanged
// resource's generations, and the index's epoch (schema.h). A build in a folder with no live
// index (or one of another schema version) has no history to continue: it makes a new epoch. It
// holds the index folder's writer lock (index_lock.h) from Open until destruction, so a second
// writer, such as the CLI while the server runs, fails at Open with a message naming the holder.
//
// Start-up cost: BuildIndex and Sync keep DB_DIR/corpus-manifest (corpus_manifest.h), a stat
// cache of every corpus file plus a copy of the index's stored entries. A sync of an unchanged
// corpus then costs one stat(2) per file: it reads no file and no document. The writer keeps the
// manifest in step with Put and Remove and saves it when destroyed; after a crash the manifest no
// longer matches the index's generation and the next sync reads the stored entries from the
// index instead (slower, still correct).
//
// Long runs (BuildIndex, Sync) take a RunControl (index_progress.h): progress readable from other
// threads and a stop token checked between documents.
//
// Errors: InvalidArgument with diagnostics for bad files; Unavailable when locked; Cancelled
// when stopped; IOError or Corruption for Xapian failures (Xapian exceptions never escape).
// Not thread-safe: one thread at a time (the server serialises writes through one queue).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "base/status.h"
#include "indexer/corpus_manifest.h"
#include "indexer/diagnostic.h"
#include "indexer/document_builder.h"
#include "indexer/index_layout.h"
#include "indexer/index_lock.h"
#include "indexer/index_progress.h"
#include "indexer/resource.h"
#include "indexer/schema.h"
#include "indexer/taxonomy.h"

namespace ch {

// Called on the indexing thread with (documents done, documents to write) after each document
// that BuildIndex or Sync writes. To watch a run from another thread, use RunControl instead.
using ProgressFn = std::function<void(size_t, size_t)>;

struct IndexOptions {
  size_t shards = 1;     // BuildIndex only: how many shard databases to split into
  bool spelling = true;  // record spelling data for "did you mean"
  // BuildIndex only: turn resources into Xapian documents on a second thread while this one
  // writes them (Xapian's inverter is single-threaded per database). Off: all on this thread.
  bool second_thread = true;
  // BuildIndex only: write each database, then compact it (Xapian::Database::compact) into the
  // published folder. About 35% smaller at 100k documents (B-tree blocks written full instead of
  // the part-filled ones that flushes leave); needs room for both copies while it runs. With it,
  // the build writes each batch into a fresh part database and the compaction merges the parts
  // (index_build.cc), which keeps each commit's cost from growing with the index.
  bool compact = true;
  // BuildIndex only: documents written between commits. The build streams the corpus (read,
  // check, write, one file at a time), so this batch, held by Xapian until the commit, is what
  // its memory grows with: measured in benchmarks/RESULTS.md ("Streaming build"). Smaller
  // batches use less memory and commit more often; the index written is the same.
  size_t batch_size = 5000;
  schema::FieldWeights field_weights;          // wdf per word occurrence, by field (schema.h)
  // Index hyphenated compounds joined as well as split (DocumentBuilderOptions, compounds.h).
  bool joined_compounds = true;
  std::string holder = "clearinghouse-index";  // named in lock messages
  // Sync and AddFiles: record the corpus folder's identity instead of refusing a corpus other
  // than the one the index was built from (corpus_identity.h). Off by default.
  bool adopt_corpus = false;
  ProgressFn progress;  // may be empty
  // A corpus file whose mtime or ctime is within this window of the start of the run that hashed
  // it is hashed again by the next sync (the racy rule, corpus_manifest.h). Covers the file
  // system's timestamp granularity; raise it for a network file system with clock drift.
  std::chrono::nanoseconds racy_window = kDefaultRacyWindow;
  // At most this many written documents share one change generation: a commit (or build) that
  // writes more spreads them over consecutive generations, so that a changes-feed page with full
  // resources (which never splits a generation) stays about this size. 0 means 1.
  size_t documents_per_generation = 100;
};

// Replication (docs/deployment.md): keep the last `count` changesets of every database this
// process writes, so that xapian-replicate brings replicas up to date by sending changes instead
// of whole copies. Sets XAPIAN_MAX_CHANGESETS unless the environment already sets it; call it
// before any WritableDatabase is opened, while the process has one thread.
inline constexpr int kDefaultReplicationChangesets = 50;
void KeepReplicationChangesets(int count = kDefaultReplicationChangesets);

struct IndexReport {
  uint64_t build = 0;    // the live build after the run
  size_t documents = 0;  // documents in the index after the run
  size_t added = 0, changed = 0, removed = 0, unchanged = 0;
  // Files read and hashed; Sync trusts the manifest for the others (corpus_manifest.h).
  size_t hashed = 0;
  Diagnostics diagnostics;  // every problem found
  size_t errors = 0, warnings = 0;
};

// Stopped (Cancelled), it deletes its unfinished build: the live index is left exactly as it was.
Status BuildIndex(const std::string& corpus_dir, const std::string& db_dir,
                  const Taxonomy& taxonomy, const IndexOptions& options, IndexReport* report,
                  const RunControl& control = {});

// What the index knows of one stored resource, for change detection.
struct StoredEntry {
  std::string source_path;
  std::string content_hash;
  uint64_t created_generation = 0;
  uint64_t changed_generation = 0;
};

// Every stored resource of `db` by id. Throws Xapian::Error.
std::unordered_map<std::string, StoredEntry> ReadStoredEntries(const Xapian::Database& db);

class IndexWriter {
 public:
  // Saves the manifest if it is in step with the last commit (a failure only costs the next
  // start a slower sync).
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Opens the live build for writing, creating build 1 (empty) when there is no index yet.
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& db_dir,
                                                   const Taxonomy& taxonomy,
                                                   const IndexOptions& options);

  // Every stored resource by id.
  Result<std::unordered_map<std::string, StoredEntry>> Entries();
  // Adds or replaces the resource with r.id. Not visible to readers until Commit.
  Status Put(const Resource& r);
  // NotFound when no resource has the id.
  Status Remove(const std::string& id);
  // Whether a resource with this id is in the index (committed or not).
  Result<bool> Contains(const std::string& id);
  // Its stored entry (source path, content hash, generations); NotFound when absent.
  Result<StoredEntry> Find(const std::string& id);
  // The stored resources (without their Markdown body) whose `related` lists `id`, in id order.
  // Reads every document: meant for the rare curator delete, not for requests.
  Result<std::vector<Resource>> ResourcesRelatedTo(const std::string& id);
  Status Commit();
  // Refuses (FailedPrecondition, naming both) a `corpus_dir` that is not the corpus the index was
  // built from, unless options.adopt_corpus (corpus_identity.h); records the folder's identity
  // when adopting (a metadata-only commit). Sync and AddFiles call it first; the server calls it
  // at start before anything else.
  Status CheckCorpus(const std::string& corpus_dir);
  // Brings the index in line with `corpus_dir` and commits. Files with errors keep their previous
  // version in the index (or stay out of it) and are reported; returns InvalidArgument if any.
  // Stopped (Cancelled), it commits the documents written so far and removes nothing: every
  // document is a whole version of its file, and the next Sync carries on from there.
  Status Sync(const std::string& corpus_dir, IndexReport* report, const RunControl& control = {});
  // Indexes `files` (paths as a user gives them; they must lie inside `corpus_dir`, the source of
  // truth) and commits. Files outside the corpus, invalid files and ids already used by another
  // file are reported in `report` and skipped; returns InvalidArgument if any.
  Status AddFiles(const std::string& corpus_dir, const std::vector<std::string>& files,
                  IndexReport* report);
  // Removes the resources with these ids and commits; ids not in the index are reported as
  // errors (InvalidArgument), the others are still removed.
  Status RemoveIds(const std::vector<std::string>& ids, IndexReport* report);

  uint64_t build() const { return layout_.build(); }
  // The index's epoch (schema.h): kept by every change this writer makes.
  const std::string& epoch() const { return epoch_; }
  // Forgets the tombstones of removals at or before `generation` (their ids only ever grow the
  // index) and commits; a changes feed asked for an older `since` then answers resync_required.
  Status PruneTombstones(uint64_t generation);
  // The change generation of the last commit (bumped by each commit that changed something).
  uint64_t generation() const { return generation_; }
  Result<size_t> DocumentCount();

 private:
  IndexWriter(IndexLock lock, IndexLayout layout, const Taxonomy& taxonomy, IndexOptions options);
  Xapian::WritableDatabase& ShardOf(const std::string& id);
  // The generation the next written document gets: one more than the last commit's, plus one
  // per documents_per_generation documents already written since it.
  uint64_t next_generation() const;
  // The generation this commit ends at (the last one given out; for removals only, the first).
  uint64_t current_write_generation() const;
  // Sync's steps (index_sync.cc).
  struct SyncState;
  Status PrepareSync(const std::string& corpus_dir, SyncState& state, const RunControl& control);
  Status ReadChangedFiles(const std::string& corpus_dir, SyncState& state,
                          const RunControl& control);
  Status WriteChanges(SyncState& state, const RunControl& control);
  Status FinishSync(SyncState& state, bool stopped, const RunControl& control);
  // Makes the manifest's index side a copy of the index's stored entries.
  Status ReloadManifestIndexSide();
  Status SaveManifest();

  IndexLock lock_;
  IndexLayout layout_;
  const Taxonomy& taxonomy_;
  IndexOptions options_;
  std::vector<Xapian::WritableDatabase> shards_;
  std::vector<std::unique_ptr<DocumentBuilder>> builders_;  // one per shard (spelling target)
  uint64_t generation_ = 0;
  std::string epoch_;
  size_t written_ = 0;  // documents written since the last commit
  bool dirty_ = false;  // something changed since the last commit
  CorpusManifest manifest_;
  // The manifest's index side matches the index (with the uncommitted changes); only then is it
  // saved, stamped with the generation of the last commit.
  bool manifest_in_step_ = false;
  bool manifest_unsaved_ = false;  // changed since loaded or saved
  bool stopped_ = false;           // a run was stopped: the process is going, skip the save
};

}  // namespace ch
