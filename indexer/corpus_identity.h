// corpus_identity.h: which corpus an index belongs to, so that nothing syncs an index with the
// wrong corpus folder (issue 14: a server started with --db X from a folder whose ./corpus was
// another library rewrote a 3,204-document index into that library).
//
// A corpus's identity is the id in its `corpus-id` file (CORPUS_DIR/corpus-id: the first line
// that is not empty and not a # comment, 8-64 characters a-z, 0-9 and '-'; for example
// `openssl rand -hex 16 > corpus/corpus-id`). A corpus without that file is identified by its
// folder's canonical absolute path ("path:/srv/library/corpus"), so such a corpus cannot be moved
// without adopting it (below). Give a corpus an id to make it movable and copyable.
//
// The index records the identity of the corpus it was built from (schema.h: kMetaCorpusId, and
// kMetaCorpusPath, the folder it was last synced from, for messages). `clearinghouse-index
// build` records it: a build is the deliberate way to (re)bind an index folder to a corpus.
// Everything that brings an existing index in line with a folder (IndexWriter::Sync and
// AddFiles, hence the server's start-up sync and the CLI's sync and add) first calls
// CheckCorpusIdentity: a different identity is refused with FailedPrecondition, naming both,
// and nothing is written. An index that records no identity (an empty new one, or one built
// before identities existed) adopts the folder's when it holds no documents, and is refused
// otherwise. `adopt` (--adopt-corpus on the server and the CLI) records the folder's identity
// instead of refusing: for a corpus moved or copied on purpose.
//
// Errors: IOError when corpus-id exists but cannot be read; InvalidArgument when its id is
// malformed. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "base/status.h"

namespace ch {

inline constexpr char kCorpusIdFileName[] = "corpus-id";

struct CorpusIdentity {
  std::string id;    // the corpus-id file's id, or "path:" + the canonical folder
  std::string path;  // the canonical folder
};

Result<CorpusIdentity> ReadCorpusIdentity(const std::string& corpus_dir);

// What the index records (empty strings when nothing).
struct RecordedCorpus {
  std::string id;
  std::string path;
};

// Ok when the index may be synced with `corpus`; sets *record when the caller must record the
// corpus's identity in the index first (adoption, or a recorded path that changed).
// FailedPrecondition otherwise, with a message naming the index folder, both corpora and the
// way out.
Status CheckCorpusIdentity(const RecordedCorpus& recorded, const CorpusIdentity& corpus,
                           size_t documents, bool adopt, const std::string& db_dir, bool* record);

}  // namespace ch
