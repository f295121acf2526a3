#include "indexer/corpus_identity.h"

#include <filesystem>

#include "base/file_util.h"

namespace ch {
namespace fs = std::filesystem;

namespace {

bool ValidCorpusId(const std::string& id) {
  if (id.size() < 8 || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string Describe(const std::string& id, const std::string& path) {
  if (id.rfind("path:", 0) == 0)
    return "the corpus folder " + id.substr(5) + " (it has no corpus-id)";
  return "corpus '" + id + "'" + (path.empty() ? "" : " (at " + path + ")");
}

}  // namespace

Result<CorpusIdentity> ReadCorpusIdentity(const std::string& corpus_dir) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(corpus_dir, ec), ec);
  CorpusIdentity identity;
  identity.path = ec ? corpus_dir : canonical.string();
  const fs::path file = fs::path(corpus_dir) / kCorpusIdFileName;
  if (!fs::exists(file, ec)) {
    identity.id = "path:" + identity.path;
    return identity;
  }
  CH_ASSIGN_OR_RETURN(std::string text, ReadFile(file.string(), 4096));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b, line.find_last_not_of(" \t\r") - b + 1);
    if (!ValidCorpusId(line)) {
      return Status::InvalidArgument(file.string() + ": '" + line +
                                     "' is not a corpus id (8-64 characters a-z, 0-9 and '-')");
    }
    identity.id = line;
    return identity;
  }
  return Status::InvalidArgument(file.string() + " holds no corpus id");
}

Status CheckCorpusIdentity(const RecordedCorpus& recorded, const CorpusIdentity& corpus,
                           size_t documents, bool adopt, const std::string& db_dir, bool* record) {
  *record = false;
  if (recorded.id == corpus.id) {
    *record = recorded.path != corpus.path;  // moved with its corpus-id: note the new place
    return Status::Ok();
  }
  if (adopt || (recorded.id.empty() && documents == 0)) {
    *record = true;
    return Status::Ok();
  }
  const std::string way_out =
      ". Nothing was changed. Point the corpus option at the index's own corpus, or the index "
      "option at this corpus's index; if the corpus was moved or copied on purpose, run once "
      "with --adopt-corpus, and the index then belongs to " +
      corpus.path;
  if (recorded.id.empty()) {
    return Status::FailedPrecondition(
        "the index in " + db_dir + " (" + std::to_string(documents) +
        " documents) does not record which corpus it was built from, and " +
        Describe(corpus.id, corpus.path) + " may not be it" + way_out);
  }
  return Status::FailedPrecondition("the index in " + db_dir + " (" + std::to_string(documents) +
                                    " documents) was built from " +
                                    Describe(recorded.id, recorded.path) + ", not from " +
                                    Describe(corpus.id, corpus.path) + way_out);
}

}  // namespace ch
