// curator_service.h: adding, replacing and removing resources while the server runs.
//
// Every change goes through one WriteQueue thread that owns the only IndexWriter (and with it the
// index folder's writer lock, so the CLI cannot write while the server does and says who holds
// it). A change is: validate the Markdown exactly as the CLI does (plus: related ids must exist,
// ids must not collide); check If-Match against the stored file's version; write the file into
// the corpus folder atomically (temporary file, fsync, rename, fsync of the folder); index it;
// commit; tell the IndexReader. Only then does the call return, so an acknowledged change is on
// disk twice. A crash between the file and the commit is healed at the next start, which syncs the
// index with the corpus (Open) and removes temporary files a crash left behind.
//
// The version of a resource is the SHA-256 of its file's bytes (the HTTP layer's ETag).
//
// Errors: Outcome.status is InvalidArgument with `problems` for invalid documents (HTTP 422),
// NotFound, AlreadyExists (create of an existing id), FailedPrecondition (stale If-Match),
// IOError/Unavailable otherwise. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "indexer/diagnostic.h"
#include "indexer/index_writer.h"
#include "indexer/resource_parser.h"
#include "indexer/taxonomy.h"
#include "server/services/index_reader.h"
#include "server/services/write_queue.h"

namespace ch {

struct CuratorOptions {
  std::string corpus_dir = "corpus";
  std::string db_dir = "data/index";
  std::string resources_folder = "resources";   // where new files go, inside the corpus
  std::string holder = "clearinghouse-server";  // named when the CLI finds the index locked
};

struct CuratorOutcome {
  Status status;
  Diagnostics problems;  // for invalid documents
  std::string id;
  std::string version;  // SHA-256 of the stored file
  bool created = false;
};

struct ResourceSource {
  std::string markdown;
  std::string version;
};

class CuratorService {
 public:
  // Takes the writer lock and cleans up temporary files; then, when `startup` is not null,
  // brings the index in line with the corpus folder (SyncWithCorpus) and puts its report there.
  // `reader` and `taxonomy` must outlive the service.
  static Result<std::unique_ptr<CuratorService>> Open(CuratorOptions options,
                                                      const Taxonomy& taxonomy, IndexReader& reader,
                                                      IndexReport* startup);

  // Brings the index in line with the corpus folder, on the writer thread (writes submitted
  // meanwhile wait for it): heals what a crash left between a file write and its commit and picks
  // up edits made while the server was down. Files with errors are reported and keep their old
  // version (that is not an error here). Cancelled when `control` stops it: what it wrote is
  // committed and the next start carries on.
  Status SyncWithCorpus(IndexReport* report, const RunControl& control = {});

  // Dry run: every problem the document has, and its body rendered as the resource page shows
  // it (body_html, sanitised); nothing changed.
  struct Validation {
    Diagnostics problems;
    std::string body_html;
  };
  Validation Validate(const std::string& markdown);
  CuratorOutcome Create(const std::string& markdown);
  // Creates the resource when it does not exist (created = true). `if_match` is the expected
  // version ("" for none; "*" for "must exist").
  CuratorOutcome Replace(const std::string& id, const std::string& markdown,
                         const std::string& if_match);
  CuratorOutcome Delete(const std::string& id, const std::string& if_match);
  Result<ResourceSource> Source(const std::string& id);

 private:
  CuratorService(CuratorOptions options, const Taxonomy& taxonomy, IndexReader& reader,
                 std::unique_ptr<IndexWriter> writer);
  // On the writer thread.
  CuratorOutcome Write(const std::string& url_id, const std::string& markdown,
                       const std::string& if_match, bool create_only);
  CuratorOutcome Remove(const std::string& id, const std::string& if_match);
  void CheckRelated(ParsedResource& parsed);
  std::string FullPath(const std::string& relative) const;

  CuratorOptions options_;
  const Taxonomy& taxonomy_;
  IndexReader& reader_;
  std::unique_ptr<IndexWriter> writer_;  // used only on queue_'s thread
  WriteQueue queue_;
};

// Compares an If-Match header value with a version: "*" matches any existing version, a list of
// (possibly weak, quoted) ETags matches when one of them names the version.
bool IfMatchAccepts(const std::string& if_match, const std::string& version);

}  // namespace ch
