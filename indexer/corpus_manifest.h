// corpus_manifest.h: what the index knows of each corpus file, so that a sync of an unchanged
// corpus costs one stat(2) per file and reads nothing.
//
// The manifest lives beside the index, in DB_DIR/corpus-manifest (docs/index-schema.md gives the
// format). For every corpus path it records two things:
//   - a stat cache: the file's size, mtime and ctime (nanoseconds) when it was last hashed, and
//     that SHA-256. Sync trusts the hash instead of reading the file when the stat is the same and
//     the entry is not "racy" (below);
//   - the index's side: the id and content hash of the resource the index holds for that path.
//     This is a copy of the index's stored entries, valid only when the manifest's stamp (build
//     and change generation) is the index's; otherwise sync reads them from the index instead.
//
// Why a changed file is never missed:
//   - ctime is part of the stat. Nobody can set it: any write, rename or utimensat(2) (which is how
//     `touch -d` or `cp -p` restore an mtime) sets it to the current time. So a file rewritten
//     with the same size and its old mtime put back still differs.
//   - The racy rule (git's): a file changed in the same timestamp tick in which it was hashed could
//     keep its stat. An entry is trusted only when the file's mtime and ctime are older than the
//     moment the run that hashed it started (`recorded_at`), by more than `racy_window`: the
//     filesystem's timestamp granularity plus the kernel's coarse-clock lag (a few ms on ext4 and
//     xfs, 2 s on FAT). Later changes then get a later ctime. Racy entries are hashed again at the
//     next sync; files changed within the window before a sync are re-hashed once more, nothing
//     else. On a network filesystem whose clock can drift from this machine's, raise the window
//     to cover the drift.
//
// Errors: Load gives NotFound when there is no manifest and Corruption when it cannot be read
// (callers then do without it); Save gives IOError. Thread-safety: a plain value.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "base/status.h"

namespace ch {

struct FileStat {
  int64_t size = -1;  // -1: unknown (the file must be hashed)
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  bool known() const { return size >= 0; }
  bool operator==(const FileStat&) const = default;
};

// stat(2) of `path`. NotFound when it does not exist, IOError otherwise.
Result<FileStat> StatFile(const std::string& path);
// The wall clock in nanoseconds since the epoch (the clock file times use).
int64_t WallClockNanos();

// Default racy window: covers 2-second FAT timestamps and any coarse-clock lag.
inline constexpr std::chrono::milliseconds kDefaultRacyWindow{2000};

struct ManifestEntry {
  FileStat stat;             // when file_hash was taken
  std::string file_hash;     // SHA-256 (hex) of the file's bytes at `stat`; "" = unknown
  std::string id;            // the resource the index holds for this path; "" = none
  std::string indexed_hash;  // the content hash of that resource in the index
};

class CorpusManifest {
 public:
  // The manifest file of the index in `db_dir`.
  static std::string PathFor(const std::string& db_dir);
  static Result<CorpusManifest> Load(const std::string& path);
  // Writes atomically (temporary file, fsync, rename).
  Status Save(const std::string& path) const;
  // The file format, for writers that stream it (manifest_stream.h): the header lines, and one
  // entry's line (nothing for an entry with neither a hash nor an id).
  static std::string HeaderText(uint64_t build, uint64_t generation, int64_t recorded_at_ns);
  static void AppendEntryLine(std::string_view path, const ManifestEntry& e, std::string* out);

  // Whether the index side describes the index at this build and change generation.
  bool Describes(uint64_t build, uint64_t generation) const {
    return build_ == build && generation_ == generation;
  }
  void Stamp(uint64_t build, uint64_t generation) {
    build_ = build;
    generation_ = generation;
  }
  int64_t recorded_at_ns() const { return recorded_at_ns_; }
  void set_recorded_at_ns(int64_t t) { recorded_at_ns_ = t; }

  // The hash of the file at `path` if this manifest can vouch for it: a known hash taken at the
  // same stat, and the file's times older than recorded_at - racy_window. nullptr otherwise.
  const std::string* TrustedHash(const std::string& path, const FileStat& now,
                                 std::chrono::nanoseconds racy_window) const;

  const std::unordered_map<std::string, ManifestEntry>& entries() const { return entries_; }
  const ManifestEntry* Find(const std::string& path) const;
  // The stat cache side.
  void SetFile(const std::string& path, const FileStat& stat, const std::string& file_hash);
  // The index side: the index now holds resource `id` with `hash` for `path` (and no longer
  // holds `id` anywhere else). Leaves the stat cache as it was.
  void SetIndexed(const std::string& path, const std::string& id, const std::string& hash);
  // Forgets the whole index side (before copying it again from the index).
  void ClearIndexSide();
  // The index no longer holds `id` (its path keeps its stat cache entry).
  void RemoveId(const std::string& id);
  // Drops the stat cache of every path not in `paths` (and entries left with nothing); returns
  // whether it changed anything.
  bool KeepFilesOnly(const std::unordered_set<std::string>& paths);
  // Forgets `path` entirely.
  void Erase(const std::string& path);

 private:
  uint64_t build_ = 0, generation_ = 0;
  int64_t recorded_at_ns_ = 0;
  std::unordered_map<std::string, ManifestEntry> entries_;  // by corpus-relative path
  std::unordered_map<std::string, std::string> path_of_id_;
};

}  // namespace ch
