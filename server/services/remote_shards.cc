#include "server/services/remote_shards.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "indexer/schema.h"
#include "indexer/synonyms.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

std::string Names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Result<ShardAddress> ParseShardAddress(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::InvalidArgument("shard '" + std::string(text) +
                                   "' is not host:port (for example 10.0.0.5:7001)");
  }
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text(text.substr(colon + 1));
  if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5) {
    return Status::InvalidArgument("shard '" + std::string(text) + "': port '" + port_text +
                                   "' is not a number from 1 to 65535");
  }
  int port = std::stoi(port_text);
  if (port < 1 || port > 65535) {
    return Status::InvalidArgument("shard '" + std::string(text) + "': port " + port_text +
                                   " is not from 1 to 65535");
  }
  return ShardAddress{host, port};
}

namespace {

struct ShardIdentity {
  bool answered = false;
  std::string error;  // why it did not answer
  std::string shard;  // ch:shard, "I/N" ("" when not recorded)
  std::string build;  // ch:build
};

ShardIdentity ReadIdentity(const ShardAddress& a, const RemoteShardOptions& o) {
  ShardIdentity id;
  try {
    Xapian::Database db = Xapian::Remote::open(
        a.host, static_cast<unsigned>(a.port), static_cast<unsigned>(o.timeout.count()),
        static_cast<unsigned>(std::min(o.connect_timeout, o.timeout).count()));
    id.shard = db.get_metadata(schema::kMetaShard);
    id.build = db.get_metadata(schema::kMetaBuild);
    id.answered = true;
  } catch (const Xapian::Error& e) {
    id.error = e.get_description();
  }
  return id;
}

// "I/N" -> (I, N); false when malformed.
bool ParseShardValue(const std::string& v, size_t* index, size_t* count) {
  size_t slash = v.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == v.size()) return false;
  if (v.find_first_not_of("0123456789/") != std::string::npos) return false;
  *index = std::stoul(v.substr(0, slash));
  *count = std::stoul(v.substr(slash + 1));
  return *index < *count;
}

}  // namespace

namespace {

// What the shards told CheckShardList, grouped for the checks across shards.
struct ListCheck {
  std::vector<std::string> problems;
  std::map<size_t, std::vector<std::string>> by_index;  // shard number -> addresses serving it
  std::map<std::string, std::vector<std::string>> by_build;
  size_t answered = 0;
  size_t reported_count = 0;  // the last shard count reported as wrong (each is reported once)
};

// The problems of the shard listed at position `i` as `name`.
void CheckOneShard(size_t i, size_t listed, const std::string& name, const ShardIdentity& id,
                   ListCheck* check) {
  ++check->answered;
  check->by_build[id.build].push_back(name);
  if (id.shard.empty()) {
    if (listed > 1) {
      check->problems.push_back(name +
                                " records no shard number (ch:shard): it is not a shard of a "
                                "sharded build (clearinghouse-index build --shards N)");
    }
    return;
  }
  size_t index = 0, n = 0;
  if (!ParseShardValue(id.shard, &index, &n)) {
    check->problems.push_back(name + " records a malformed shard number '" + id.shard + "'");
    return;
  }
  check->by_index[index].push_back(name);
  if (n != listed && n != check->reported_count) {
    check->reported_count = n;
    check->problems.push_back(name + " is shard " + id.shard + ": the index has " +
                              std::to_string(n) + " shards but " + std::to_string(listed) +
                              (n > listed ? " are listed (shards are missing from the list)"
                                          : " are listed (the list has extra shards)"));
  }
  if (index != i) {
    check->problems.push_back(name + " is listed at position " + std::to_string(i) +
                              " (counting from 0) but serves shard " + std::to_string(index) +
                              ": list the shards in shard order");
  }
}

// Shards listed twice, and shards of different builds.
void CheckAcrossShards(ListCheck* check) {
  for (const auto& [index, names] : check->by_index) {
    if (names.size() < 2) continue;
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    check->problems.push_back("shard " + std::to_string(index) + " is listed " +
                              std::to_string(names.size()) + " times (" + all +
                              "): list each shard once");
  }
  if (check->by_build.size() > 1) {
    std::string all;
    for (const auto& [build, names] : check->by_build) {
      for (const auto& n : names) all += (all.empty() ? "" : ", ") + n + " build " + build;
    }
    check->problems.push_back("the shards come from different builds (" + all +
                              "): serve the shards of one build");
  }
}

}  // namespace

Status CheckShardList(const RemoteShardOptions& options) {
  const size_t listed = options.shards.size();
  ListCheck check;
  for (size_t i = 0; i < listed; ++i) {
    ShardIdentity id = ReadIdentity(options.shards[i], options);
    if (id.answered) CheckOneShard(i, listed, options.shards[i].name(), id, &check);
  }
  CheckAcrossShards(&check);
  // When no shard answers there is nothing to check yet: the node starts and says so in /readyz.
  if (check.answered == 0 || check.problems.empty()) return Status::Ok();
  std::string message = "the --shard list does not match the index: ";
  for (size_t i = 0; i < check.problems.size(); ++i) {
    message += (i ? "; " : "") + check.problems[i];
  }
  return Status::InvalidArgument(message);
}

RemoteShards::RemoteShards(RemoteShardOptions options)
    : options_(std::move(options)),
      states_(options_.shards.size()),
      watch_(options_.shards.size()) {
  if (!options_.aux_dir.empty()) {
    std::error_code ec;
    fs::remove_all(options_.aux_dir, ec);  // databases of an earlier run
    fs::create_directories(options_.aux_dir, ec);
  }
}

Xapian::Database RemoteShards::Connect(size_t i, std::chrono::milliseconds timeout,
                                       std::chrono::milliseconds connect_timeout) const {
  const ShardAddress& a = options_.shards[i];
  Xapian::Database db = Xapian::Remote::open(
      a.host, static_cast<unsigned>(a.port), static_cast<unsigned>(timeout.count()),
      static_cast<unsigned>(std::min(connect_timeout, timeout).count()));
  const std::string expected = schema::ShardValue(i, options_.shards.size());
  const std::string actual = db.get_metadata(schema::kMetaShard);
  if (!actual.empty() && actual != expected) {
    throw Xapian::InvalidArgumentError(a.name() + " serves shard " + actual +
                                       " but is listed as shard " + expected +
                                       "; list the shards in order, all of them");
  }
  return db;
}

bool RemoteShards::MarkDown(size_t i, const std::string& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  ShardState& s = states_[i];
  s.error = error;
  s.retry_at = Clock::now() + options_.retry_interval;
  if (!s.up) return false;
  s.up = false;
  ++s.failures;
  ++serial_;
  return true;
}

bool RemoteShards::MarkUp(size_t i) {
  std::lock_guard<std::mutex> lock(mutex_);
  ShardState& s = states_[i];
  s.error.clear();
  if (s.up) return false;
  s.up = true;
  ++serial_;
  return true;
}

Result<Xapian::Database> RemoteShards::Open(std::vector<std::string>* missing,
                                            std::vector<size_t>* missing_index) {
  missing->clear();
  missing_index->clear();
  std::vector<bool> up;
  std::string aux;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& s : states_) up.push_back(s.up);
    aux = aux_path_;
  }
  Xapian::Database db;
  std::vector<std::string> errors;
  for (size_t i = 0; i < up.size(); ++i) {
    const std::string name = options_.shards[i].name();
    if (up[i]) {
      try {
        db.add_database(Connect(i));
        continue;
      } catch (const Xapian::Error& e) {
        MarkDown(i, e.get_description());
      }
    }
    missing->push_back(name);
    missing_index->push_back(i);
    std::lock_guard<std::mutex> lock(mutex_);
    errors.push_back(name + " (" + states_[i].error + ")");
  }
  if (missing->size() == up.size()) {
    return Status::Unavailable("no shard of the index is reachable: " + Names(errors));
  }
  if (!missing->empty() && !options_.allow_partial) {
    return Status::Unavailable("shard(s) unavailable, and partial answers are turned off: " +
                               Names(errors));
  }
  if (!aux.empty()) {
    // Last, so that metadata still comes from the first shard. Without it searches still work,
    // only without spelling suggestions and synonyms.
    try {
      db.add_database(Xapian::Database(aux));
    } catch (const Xapian::Error&) {
    }
  }
  return db;
}

bool RemoteShards::Probe() {
  std::lock_guard<std::mutex> probing(probe_mutex_);
  bool changed = false;
  for (size_t i = 0; i < options_.shards.size(); ++i) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!states_[i].up) continue;
    }
    try {
      const auto wait = std::min(options_.probe_timeout, options_.timeout);
      Connect(i, wait, wait).get_doccount();
    } catch (const Xapian::Error& e) {
      changed |= MarkDown(i, e.get_description());
    }
  }
  return changed;
}

bool RemoteShards::Tick() {
  bool changed = false;
  const auto now = Clock::now();
  std::string generation;
  for (size_t i = 0; i < options_.shards.size(); ++i) {
    bool up, due;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      up = states_[i].up;
      due = now >= states_[i].retry_at;
    }
    if (!up && !due) continue;
    try {
      if (!up || !watch_[i].size()) {
        watch_[i] = Connect(i);
        changed |= MarkUp(i);
      } else {
        watch_[i].reopen();
      }
      // Every commit writes the generation into every shard: a new one means new documents.
      std::string g = watch_[i].get_metadata(schema::kMetaGeneration);
      if (generation.empty()) generation = g;
      if (g > generation) generation = g;
    } catch (const Xapian::Error& e) {
      watch_[i] = Xapian::Database();
      changed |= MarkDown(i, e.get_description());
    }
  }
  if (generation != last_generation_) {
    changed |= !last_generation_.empty();
    last_generation_ = generation;
  }
  if (!options_.aux_dir.empty() && !generation.empty() && generation != aux_generation_ &&
      (aux_generation_.empty() || now - aux_built_at_ >= options_.aux_refresh_interval)) {
    RefreshAux();
    aux_generation_ = generation;
    aux_built_at_ = now;
    changed = true;
  }
  return changed;
}

void RemoteShards::RefreshAux() {
  const std::string path =
      (fs::path(options_.aux_dir) / ("aux-" + std::to_string(++aux_count_))).string();
  try {
    Xapian::WritableDatabase aux(path, Xapian::DB_CREATE_OR_OVERWRITE);
    if (options_.taxonomy) WriteSynonyms(aux, *options_.taxonomy);
    for (auto& shard : watch_) {
      if (!shard.size()) continue;
      // The plain (unprefixed, lower-case) words, the ones TermGenerator records for spelling.
      for (char letter = 'a'; letter <= 'z'; ++letter) {
        const std::string prefix(1, letter);
        for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t) {
          aux.add_spelling(*t, t.get_termfreq());
        }
      }
    }
    aux.commit();
    aux.close();
  } catch (const Xapian::Error&) {
    std::error_code ec;
    fs::remove_all(path, ec);
    return;  // keep the previous one; the next generation tries again
  }
  std::string old;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = std::move(aux_path_);
    aux_path_ = path;
    ++serial_;
  }
  // Readers that still have the old one open keep reading it: its files stay until closed.
  std::error_code ec;
  if (!old.empty()) fs::remove_all(old, ec);
}

uint64_t RemoteShards::serial() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return serial_;
}

std::vector<ShardStatus> RemoteShards::Statuses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ShardStatus> out;
  for (size_t i = 0; i < states_.size(); ++i) {
    out.push_back(
        {options_.shards[i].name(), states_[i].up, states_[i].error, states_[i].failures});
  }
  return out;
}

}  // namespace ch
