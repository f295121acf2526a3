#include "server/services/index_reader.h"

#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "base/file_util.h"
#include "indexer/xapian_status.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

void AppendStat(const std::string& path, std::string* out) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    *out += "-|";
    return;
  }
  *out += std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
          std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "|";
}

// `s.db` is a new Database object: its users configure a new QueryParser for it (qp_serial).
// Reconfiguring the old one would be wrong: add_prefix() adds to a field's prefixes, so every
// reopen would map `title:` to one more copy of the same prefix and change fielded queries'
// weights (the drift after a shard outage that a fresh node did not show).
void NewDatabase(Searcher& s) {
  s.qp = Xapian::QueryParser();
  ++s.db_serial;
}

}  // namespace

IndexReader::Lease::~Lease() {
  if (reader_ && searcher_) reader_->Release(std::move(searcher_));
}

Status IndexReader::Lease::Refresh() {
  searcher_->open = false;  // a brand-new Database object, not reopen()
  return reader_->BringUpToDate(*searcher_, reader_->epoch(), /*force=*/true);
}

IndexReader::IndexReader(IndexReaderOptions options) : options_(std::move(options)) {
  if (!options_.remote.shards.empty()) {
    remote_ = std::make_unique<RemoteShards>(options_.remote);
    // Connect and build the spelling and synonym data before the first request, so that the
    // first answers are the same as all later ones.
    remote_->Tick();
  }
  watcher_ = std::thread([this] { Watch(); });
}

std::vector<ShardStatus> IndexReader::ShardStatuses() const {
  return remote_ ? remote_->Statuses() : std::vector<ShardStatus>{};
}

void IndexReader::OnNetworkError() {
  if (remote_ && remote_->Probe()) NotifyChanged();
}

IndexReader::~IndexReader() {
  {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    stopping_ = true;
  }
  watch_cv_.notify_all();
  watcher_.join();
}

// The databases a stub names ("BACKEND PATH" lines, PATH relative to the stub's folder): our
// own builds, or the replica_N copies that xapian-replicate maintains behind its own stub.
static std::vector<std::string> StubTargets(const std::string& db_dir) {
  std::vector<std::string> out;
  Result<std::string> text = ReadFile((fs::path(db_dir) / "XAPIANDB").string(), 1 << 20);
  if (!text.ok()) return out;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string backend, path;
    if (line.empty() || line[0] == '#' || !(words >> backend >> path)) continue;
    if (backend == "remote") continue;
    out.push_back(fs::path(path).is_absolute() ? path : (fs::path(db_dir) / path).string());
  }
  return out;
}

std::string IndexReader::Signature() const {
  std::string signature;
  AppendStat((fs::path(options_.db_dir) / "XAPIANDB").string(), &signature);
  for (const auto& database : StubTargets(options_.db_dir)) {
    AppendStat((fs::path(database) / "iamglass").string(), &signature);
  }
  return signature;
}

void IndexReader::Watch() {
  std::string last = remote_ ? "" : Signature();
  std::unique_lock<std::mutex> lock(watch_mutex_);
  while (!watch_cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; })) {
    lock.unlock();
    if (remote_) {
      if (remote_->Tick()) NotifyChanged();
      lock.lock();
      continue;
    }
    std::string now = Signature();
    if (now != last) {
      last = std::move(now);
      NotifyChanged();
    }
    lock.lock();
  }
}

Status IndexReader::BringUpToDate(Searcher& s, uint64_t epoch, bool force) {
  if (s.open && s.epoch == epoch && !force) return Status::Ok();
  if (remote_) {
    const uint64_t serial = remote_->serial();
    if (s.open && !force && s.remote_serial == serial) {
      try {
        s.db.reopen();  // the same shards: pick up their new revisions
        s.epoch = epoch;
        return Status::Ok();
      } catch (const Xapian::NetworkError&) {
        // A shard died or hangs: find out which (short probe) so that opening again below leaves
        // it out instead of waiting a second full timeout for it.
        remote_->Probe();
      } catch (const Xapian::Error&) {
        // A shard went away since: open again below, without it.
      }
    }
    Result<Xapian::Database> db = remote_->Open(&s.missing_shards, &s.missing_shard_index);
    if (!db.ok()) {
      s.open = false;
      return db.status();
    }
    s.db = std::move(db).value();
    NewDatabase(s);
    s.shard_count = remote_->shard_count();
    s.remote_serial = serial;
    s.open = true;
    s.epoch = epoch;
    return Status::Ok();
  }
  std::string stub_path = (fs::path(options_.db_dir) / "XAPIANDB").string();
  Result<std::string> stub = ReadFile(stub_path, 1 << 20);
  if (!stub.ok()) {
    s.open = false;
    return Status::Unavailable(
        "the search index is not available yet; an operator must build "
        "it (clearinghouse-index build)");
  }
  // Opening races with a writer's commit now and then (Xapian then reports the half-replaced
  // blocks it saw as modified or even corrupt); a fresh attempt sees a consistent revision.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    try {
      if (!s.open || *stub != s.layout_signature) {
        s.db = Xapian::Database(options_.db_dir);
        NewDatabase(s);
        s.layout_signature = *stub;
        s.open = true;
      } else {
        s.db.reopen();
      }
      break;
    } catch (const Xapian::Error& e) {
      s.open = false;
      if (attempt == kAttempts) return StatusFromXapian(e, "opening the search index");
    }
  }
  s.epoch = epoch;
  return Status::Ok();
}

Result<IndexReader::Lease> IndexReader::Acquire() {
  std::unique_ptr<Searcher> searcher;
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!pool_.empty()) {
      searcher = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  if (!searcher) searcher = std::make_unique<Searcher>();
  Lease lease(this, std::move(searcher));
  Status s = BringUpToDate(*lease, epoch());
  if (!s.ok()) return s;
  return lease;
}

void IndexReader::Release(std::unique_ptr<Searcher> s) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_.push_back(std::move(s));
}

}  // namespace ch
