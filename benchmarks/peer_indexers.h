// peer_indexers.h: the peer systems' indexing runs of ch-bench-index: SQLite FTS5 and Xapian
// Omega's omindex, on the same corpus files as ours and plain Xapian.
//
//   fts5     one SQLite database file, DB_DIR/fts5.sqlite, laid out as peer_queries.h's
//            kFts5Schema: each corpus file read and split the cheap way plain Xapian's variant
//            does (front_matter_lite.h: the same title and body text, plus id, published and the
//            facet fields for the filter and facet tables), all rows inserted in one
//            transaction, the secondary indexes created after the rows, then FTS5's 'optimize'
//            (merging its segments into one b-tree, as a bulk load meant for searching would do;
//            timed with the rest). SQLite's defaults otherwise (rollback journal,
//            synchronous=FULL, 2 MiB page cache).
//   omindex  `omindex --db DB_DIR --url / --follow --overwrite MIRROR` run as a child process,
//            MIRROR being a folder of symbolic links to exactly the files ListCorpusFiles lists
//            (MirrorCorpus; the corpus folder also holds taxonomy.yaml, toolkits and
//            generated.txt, which omindex would index too). omindex converts each .md file to
//            HTML by running Debian's `markdown` program (one process per file) and indexes that
//            as a web page: the front matter becomes body text, there is no title, no spelling
//            data. The run fails unless the database holds exactly `expected_docs` documents.
//            Its output goes to `log_path`.
//   omindex-text  the same with `--mime-type md:text/plain`: each file indexed as plain text by
//            omindex itself, no `markdown` process: omindex's own indexing cost.
//
// Both run inside ch-bench-index's measuring child process (which times them) and return the
// number of documents indexed. Errors: IOError naming the file, SQLite's message or omindex's
// exit status and the end of its log.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace ch::bench {

Result<uint64_t> IndexWithFts5(const std::string& corpus_dir, const std::string& db_dir);

// Makes `mirror_dir` anew: a symbolic link for each file ListCorpusFiles lists, at the same
// relative path. Returns the number of files.
Result<uint64_t> MirrorCorpus(const std::string& corpus_dir, const std::string& mirror_dir);

Result<uint64_t> IndexWithOmindex(const std::string& mirror_dir, const std::string& db_dir,
                                  uint64_t expected_docs, const std::string& log_path,
                                  bool markdown_as_text = false);

}  // namespace ch::bench
