#include "benchmarks/peer_searchers.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <sqlite3.h>

#include "benchmarks/peer_queries.h"

extern char** environ;

namespace ch::bench {
namespace {

struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

class Fts5Runner : public Runner {
 public:
  explicit Fts5Runner(const std::string& path) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) open_error_ = path + ": " + sqlite3_errstr(rc);
  }
  ~Fts5Runner() override { sqlite3_close_v2(db_); }

  bool Run(const BenchQuery& q, std::string* error) override {
    if (!open_error_.empty()) {
      *error = open_error_;
      return false;
    }
    Result<Fts5Search> search = BuildFts5Search(q.request);
    if (!search.ok()) {
      *error = search.status().ToString();
      return false;
    }
    if (!Step(search->page, 3, error)) return false;
    return search->counts.sql.empty() || Step(search->counts, 3, error);
  }

  bool CountMatches(const BenchQuery& q, uint64_t* matches, std::string* error) override {
    Result<Fts5Search> search = BuildFts5Search(q.request);
    if (!search.ok()) {
      *error = search.status().ToString();
      return false;
    }
    sink_ = 0;
    last_integer_ = 0;
    if (!Step(search->total, 1, error)) return false;
    *matches = static_cast<uint64_t>(last_integer_);
    return true;
  }

 private:
  // Prepares, binds and steps `statement` to the end, reading `columns` text columns per row.
  bool Step(const Fts5Statement& statement, int columns, std::string* error) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, statement.sql.c_str(), static_cast<int>(statement.sql.size()), &raw,
                           nullptr) != SQLITE_OK) {
      *error = std::string(sqlite3_errmsg(db_)) + " in: " + statement.sql;
      return false;
    }
    Statement s(raw);
    for (size_t k = 0; k < statement.params.size(); ++k) {
      const std::string& p = statement.params[k];
      sqlite3_bind_text(raw, static_cast<int>(k + 1), p.data(), static_cast<int>(p.size()),
                        SQLITE_STATIC);
    }
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      last_integer_ = sqlite3_column_int64(raw, 0);
      for (int c = 0; c < columns; ++c) {
        sqlite3_column_text(raw, c);
        sink_ += static_cast<size_t>(sqlite3_column_bytes(raw, c));
      }
    }
    if (rc != SQLITE_DONE) {
      *error = std::string(sqlite3_errmsg(db_)) + " in: " + statement.sql;
      return false;
    }
    return true;
  }

  sqlite3* db_ = nullptr;
  std::string open_error_;
  size_t sink_ = 0;                 // keeps the compiler from dropping the column reads
  sqlite3_int64 last_integer_ = 0;  // the first column of the last row, for CountMatches
};

class QuestRunner : public Runner {
 public:
  QuestRunner(std::string quest, std::string db_dir, bool floor)
      : quest_(std::move(quest)), db_dir_(std::move(db_dir)), floor_(floor) {}

  bool Run(const BenchQuery& q, std::string* error) override {
    SearchRequest request = q.request;
    if (floor_) request.q.clear();
    return Call(QuestArguments(request, db_dir_), error);
  }

  // quest's "Exactly N matches" with --check-at-least above any database size.
  bool CountMatches(const BenchQuery& q, uint64_t* matches, std::string* error) override {
    std::vector<std::string> args = QuestArguments(q.request, db_dir_);
    args.insert(args.end() - 2, {"--check-at-least", "4000000000"});
    if (!Call(args, error)) return false;
    const std::string kExactly = "\nExactly ";
    size_t at = output_.find(kExactly);
    if (at == std::string::npos) {
      *error = "quest did not count exactly: " + output_.substr(0, 300);
      return false;
    }
    *matches = std::strtoull(output_.c_str() + at + kExactly.size(), nullptr, 10);
    return true;
  }

  double ChildCpuMs() const override { return child_cpu_ms_; }

 private:
  // Runs quest with `args`, reading its output into output_; false (and why) unless it exits 0
  // and prints its MSet.
  bool Call(std::vector<std::string> args, std::string* error) {
    child_cpu_ms_ = 0;
    args.insert(args.begin(), quest_);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int fds[2];
    // Close-on-exec, so that a quest started by another thread never holds this pipe open.
    if (pipe2(fds, O_CLOEXEC) != 0) {
      *error = std::string("pipe: ") + std::strerror(errno);
      return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, quest_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
      close(fds[0]);
      *error = "cannot run " + quest_ + ": " + std::strerror(rc);
      return false;
    }
    output_.clear();
    char buffer[65536];
    for (;;) {
      ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      output_.append(buffer, static_cast<size_t>(n));
    }
    close(fds[0]);
    int wstatus = 0;
    struct rusage usage {};
    while (wait4(pid, &wstatus, 0, &usage) < 0 && errno == EINTR) {
    }
    child_cpu_ms_ = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 ||
        output_.find("\nMSet:") == std::string::npos) {
      *error =
          "quest failed (wait status " + std::to_string(wstatus) + "): " + output_.substr(0, 500);
      return false;
    }
    return true;
  }

  std::string quest_;
  std::string db_dir_;
  bool floor_;
  std::string output_;
  double child_cpu_ms_ = 0;
};

}  // namespace

std::unique_ptr<Runner> MakeFts5Runner(const std::string& db_path) {
  return std::make_unique<Fts5Runner>(db_path);
}

std::unique_ptr<Runner> MakeQuestRunner(const std::string& quest, const std::string& db_dir,
                                        bool floor) {
  return std::make_unique<QuestRunner>(quest, db_dir, floor);
}

}  // namespace ch::bench
