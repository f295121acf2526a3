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
// Referential integrity: a Delete of a resource that others refer to (other resources' `related`,
// featured toolkits' items in CORPUS/toolkits/) is refused with AlreadyExists and the referrers
// listed in Outcome.referrers, unless `force`: then each referring resource is rewritten without
// the id through the same write path as a curator's PUT (file, index, commit), each featured
// toolkit file is rewritten without the item (featured_references.h), and only then is the
// resource removed; Outcome.referrers lists what was rewritten. Every rewrite is planned and
// checked before anything is written, so a referrer that cannot be rewritten (FailedPrecondition,
// naming the file) leaves everything as it was. So no curator call leaves the corpus failing
// `clearinghouse-index validate`. Ids never change through the API (a PUT's document must keep
// the URL's id), so renaming is a create plus a delete, and the delete is checked.
// Featured toolkits already loaded by a running server keep the item (shown as unavailable, as
// in user toolkits) until the server restarts and reads the rewritten file.
//
// Errors: Outcome.status is InvalidArgument with `problems` for invalid documents (HTTP 422),
// NotFound, AlreadyExists (create of an existing id; a delete of a referenced resource, with
// `referrers`), FailedPrecondition (stale If-Match; a referrer that cannot be rewritten),
// IOError/Unavailable otherwise. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  // Record corpus_dir as the index's corpus instead of refusing another one (corpus_identity.h).
  bool adopt_corpus = false;
};

// Something that refers to a resource: another resource (its `related`) or a featured toolkit.
struct Referrer {
  enum class Kind { kResource, kFeaturedToolkit };
  Kind kind = Kind::kResource;
  std::string id;
  std::string title;
  std::string version;  // resources rewritten by a forced delete: the new file's version
};

struct CuratorOutcome {
  Status status;
  Diagnostics problems;  // for invalid documents
  // A delete: who refers to the resource (refused), or whom a forced delete rewrote.
  std::vector<Referrer> referrers;
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
  // Takes the writer lock, refuses a corpus folder that is not the index's own corpus
  // (FailedPrecondition naming both; corpus_identity.h) before anything is written, and cleans
  // up temporary files; then, when `startup` is not null,
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
  // `force`: rewrite the referrers (see above) instead of refusing.
  CuratorOutcome Delete(const std::string& id, const std::string& if_match, bool force = false);
  Result<ResourceSource> Source(const std::string& id);

 private:
  CuratorService(CuratorOptions options, const Taxonomy& taxonomy, IndexReader& reader,
                 std::unique_ptr<IndexWriter> writer);
  // On the writer thread.
  CuratorOutcome Write(const std::string& url_id, const std::string& markdown,
                       const std::string& if_match, bool create_only);
  CuratorOutcome Remove(const std::string& id, const std::string& if_match, bool force);
  // The referrers of `id` and, when `plan` is set, the rewritten text of each (resources'
  // files, featured toolkits' files). FailedPrecondition when a referrer cannot be rewritten.
  struct ReferrerPlan {
    std::vector<Referrer> referrers;
    std::vector<std::string> resource_texts;  // parallel to the resource referrers, in order
    std::vector<std::pair<std::string, std::string>> featured_files;  // path, new text
  };
  Result<ReferrerPlan> PlanReferrers(const std::string& id, bool plan);
  Status ApplyPlan(ReferrerPlan& plan);
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
