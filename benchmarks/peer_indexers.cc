#include "benchmarks/peer_indexers.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <sqlite3.h>
#include <xapian.h>

#include "base/file_util.h"
#include "base/slug.h"
#include "benchmarks/front_matter_lite.h"
#include "benchmarks/peer_queries.h"
#include "indexer/corpus.h"
#include "indexer/schema.h"

extern char** environ;

namespace ch::bench {
namespace {
namespace fs = std::filesystem;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Status SqliteError(sqlite3* db, const std::string& what) {
  return Status::IOError("SQLite, " + what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  std::string text = message ? message : "unknown error";
  sqlite3_free(message);
  return Status::IOError("SQLite: " + text + " in: " + sql);
}

Result<Statement> Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    return SqliteError(db, std::string("preparing ") + sql);
  }
  return Statement(raw);
}

void BindText(sqlite3_stmt* s, int index, std::string_view text) {
  sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

// Steps an INSERT once and resets it for the next row.
Status StepInsert(sqlite3* db, sqlite3_stmt* s) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? Status::Ok() : SqliteError(db, "insert");
}

// The facet rows of one document: (API facet name, value).
std::vector<std::pair<std::string, std::string>> FacetsOf(std::string_view front_matter,
                                                          std::string_view published) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::pair<const char*, const char*> lists[] = {{"focus_area", "focus_areas"},
                                                       {"topic", "topics"},
                                                       {"audience", "audience"},
                                                       {"type", "type"},
                                                       {"language", "language"}};
  for (const auto& [facet, key] : lists) {
    for (auto& value : ListField(front_matter, key)) out.emplace_back(facet, std::move(value));
  }
  std::string_view source = ScalarField(front_matter, "source");
  if (!source.empty()) out.emplace_back("source", schema::SourceSlug(source));
  if (published.size() >= 4) out.emplace_back("year", std::string(published.substr(0, 4)));
  return out;
}

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string LogTail(const std::string& path) {
  std::ifstream in(path);
  std::string line, tail;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  for (size_t k = lines.size() > 5 ? lines.size() - 5 : 0; k < lines.size(); ++k) {
    tail += "\n  " + lines[k];
  }
  return tail;
}

}  // namespace

Result<uint64_t> IndexWithFts5(const std::string& corpus_dir, const std::string& db_dir) {
  auto files = ListCorpusFiles(corpus_dir);
  if (!files.ok()) return files.status();
  std::error_code ec;
  fs::create_directories(db_dir, ec);
  if (ec) return Status::IOError("cannot create " + db_dir + ": " + ec.message());
  const std::string path = (fs::path(db_dir) / "fts5.sqlite").string();
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, "opening " + path);
  CH_RETURN_IF_ERROR(Exec(db.get(), kFts5Schema));
  CH_RETURN_IF_ERROR(Exec(db.get(), "BEGIN"));
  auto insert_doc = Prepare(db.get(), "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)");
  auto insert_resource = Prepare(db.get(), "INSERT INTO resource VALUES (?, ?, ?, ?)");
  auto insert_facet = Prepare(db.get(), "INSERT INTO facet VALUES (?, ?, ?)");
  for (auto* s : {&insert_doc, &insert_resource, &insert_facet}) {
    if (!s->ok()) return s->status();
  }
  sqlite3_int64 rowid = 0;
  for (const auto& relative : *files) {
    auto bytes = ReadFile((fs::path(corpus_dir) / relative).string());
    if (!bytes.ok()) return bytes.status();
    ++rowid;
    std::string_view front_matter;
    std::string_view body = BodyOf(*bytes, &front_matter);
    std::string_view title = TitleOf(front_matter);
    sqlite3_stmt* s = insert_doc->get();
    sqlite3_bind_int64(s, 1, rowid);
    BindText(s, 2, title);
    BindText(s, 3, body);
    CH_RETURN_IF_ERROR(StepInsert(db.get(), s));

    std::string id(ScalarField(front_matter, "id"));
    if (id.empty()) id = SlugFromFileName(fs::path(relative).filename().string());
    const std::string published = schema::PublishedSortKey(ScalarField(front_matter, "published"));
    const std::string title_sort = Lowercase(title);
    s = insert_resource->get();
    sqlite3_bind_int64(s, 1, rowid);
    BindText(s, 2, id);
    BindText(s, 3, published);
    BindText(s, 4, title_sort);
    CH_RETURN_IF_ERROR(StepInsert(db.get(), s));

    s = insert_facet->get();
    for (const auto& [name, value] : FacetsOf(front_matter, published)) {
      BindText(s, 1, name);
      BindText(s, 2, value);
      sqlite3_bind_int64(s, 3, rowid);
      CH_RETURN_IF_ERROR(StepInsert(db.get(), s));
    }
  }
  CH_RETURN_IF_ERROR(Exec(db.get(), kFts5Indexes));
  CH_RETURN_IF_ERROR(Exec(db.get(), "COMMIT"));
  CH_RETURN_IF_ERROR(Exec(db.get(), "INSERT INTO docs(docs) VALUES ('optimize')"));
  insert_doc->reset();
  insert_resource->reset();
  insert_facet->reset();
  if (sqlite3_close(db.release()) != SQLITE_OK) return Status::IOError("SQLite: closing " + path);
  return static_cast<uint64_t>(rowid);
}

Result<uint64_t> MirrorCorpus(const std::string& corpus_dir, const std::string& mirror_dir) {
  auto files = ListCorpusFiles(corpus_dir);
  if (!files.ok()) return files.status();
  std::error_code ec;
  fs::remove_all(mirror_dir, ec);
  const fs::path corpus = fs::absolute(corpus_dir, ec);
  for (const auto& relative : *files) {
    fs::path link = fs::path(mirror_dir) / relative;
    fs::create_directories(link.parent_path(), ec);
    if (!ec) fs::create_symlink(corpus / relative, link, ec);
    if (ec) return Status::IOError("cannot link " + link.string() + ": " + ec.message());
  }
  return static_cast<uint64_t>(files->size());
}

Result<uint64_t> IndexWithOmindex(const std::string& mirror_dir, const std::string& db_dir,
                                  uint64_t expected_docs, const std::string& log_path,
                                  bool markdown_as_text) {
  std::vector<std::string> args = {"omindex", "--db",     db_dir,       "--url",
                                   "/",       "--follow", "--overwrite"};
  if (markdown_as_text) args.insert(args.end(), {"--mime-type", "md:text/plain"});
  args.push_back(mirror_dir);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "omindex", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::IOError(std::string("cannot run omindex: ") + std::strerror(rc));
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return Status::IOError("omindex failed (wait status " + std::to_string(wstatus) + "), " +
                           log_path + ":" + LogTail(log_path));
  }
  try {
    const uint64_t docs = Xapian::Database(db_dir).get_doccount();
    if (docs != expected_docs) {
      return Status::Internal("omindex indexed " + std::to_string(docs) + " documents, not the " +
                              std::to_string(expected_docs) + " corpus files; see " + log_path +
                              ":" + LogTail(log_path));
    }
    return docs;
  } catch (const Xapian::Error& e) {
    return Status::IOError("omindex's database " + db_dir + ": " + e.get_description());
  }
}

}  // namespace ch::bench
