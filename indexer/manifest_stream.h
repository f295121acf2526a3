// manifest_stream.h: a corpus manifest (corpus_manifest.h) written entry by entry, for a full
// build, so that its memory does not grow with the corpus.
//
// A full build knows each file's entry once, as it writes the file, and the manifest's stamp (the
// build's last change generation) only at the end. CorpusManifest keeps every entry in maps (about
// 500 bytes per file: a quarter of a full build's peak memory at 250,000 files); ManifestStream
// appends each entry's line to a body file as it comes, and Finish writes the manifest (header,
// then the body) atomically. The file is the one CorpusManifest::Save writes for the same entries,
// with the lines in the order they were added.
//
//   ManifestStream stream(db_dir + "/.corpus-manifest.building");
//   stream.Add(path, stat, hash, id, hash);  // for each file indexed
//   Status s = stream.Finish(CorpusManifest::PathFor(db_dir), build, generation, started_ns);
//
// Errors: the manifest is only a cache, so a failure to write the body (disk full) is remembered
// and reported by Finish (IOError), which then writes nothing. The body file is deleted by Finish
// and by the destructor. Not thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/status.h"
#include "indexer/corpus_manifest.h"

namespace ch {

class ManifestStream {
 public:
  // Creates (or truncates) `body_path`; a failure is reported by Finish.
  explicit ManifestStream(std::string body_path);
  ~ManifestStream();
  ManifestStream(const ManifestStream&) = delete;
  ManifestStream& operator=(const ManifestStream&) = delete;

  // One corpus path's entry (CorpusManifest::SetFile and SetIndexed in one). Each path once.
  void Add(std::string_view path, const ManifestEntry& entry);
  size_t entries() const { return entries_; }

  // Writes the manifest to `path` atomically (temporary file, fsync, rename), stamped with
  // `build`, `generation` and `recorded_at_ns`, and deletes the body file.
  Status Finish(const std::string& path, uint64_t build, uint64_t generation,
                int64_t recorded_at_ns);

 private:
  void Close();

  std::string body_path_;
  std::FILE* body_ = nullptr;
  std::string line_;  // reused for each entry
  size_t entries_ = 0;
  bool failed_ = false;
};

}  // namespace ch
