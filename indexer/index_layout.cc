#include "indexer/index_layout.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <system_error>

#include "base/file_util.h"
#include "base/hash.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

constexpr char kStubName[] = "XAPIANDB";
constexpr char kBuildPrefix[] = "build-";

std::string BuildName(uint64_t n) {
  char name[32];
  std::snprintf(name, sizeof name, "%s%06llu", kBuildPrefix, static_cast<unsigned long long>(n));
  return name;
}

std::string ShardName(size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "shard-%03zu", i);
  return name;
}

}  // namespace

std::string IndexLayout::BuildDir(const std::string& db_dir, uint64_t n) {
  return (fs::path(db_dir) / BuildName(n)).string();
}

std::vector<std::string> IndexLayout::ShardPaths(const std::string& db_dir, uint64_t n,
                                                 size_t shards) {
  std::vector<std::string> out;
  if (shards <= 1) {
    out.push_back(BuildDir(db_dir, n));
  } else {
    for (size_t i = 0; i < shards; ++i)
      out.push_back((fs::path(BuildDir(db_dir, n)) / ShardName(i)).string());
  }
  return out;
}

Result<IndexLayout> IndexLayout::Read(const std::string& db_dir) {
  IndexLayout layout;
  layout.db_dir_ = db_dir;
  std::string stub = (fs::path(db_dir) / kStubName).string();
  std::error_code ec;
  if (!fs::exists(stub, ec)) return layout;
  Result<std::string> text = ReadFile(stub, 1 << 20);
  if (!text.ok()) return text.status();
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string backend, path;
    words >> backend >> path;
    if (backend != "auto" || path.rfind(kBuildPrefix, 0) != 0) {
      return Status::Corruption(stub + ": unexpected line '" + line +
                                "'; expected 'auto build-NNNNNN[/shard-NNN]'");
    }
    std::string_view number(path);
    number.remove_prefix(sizeof(kBuildPrefix) - 1);
    number = number.substr(0, number.find('/'));
    uint64_t build = 0;
    auto [ptr, err] = std::from_chars(number.data(), number.data() + number.size(), build);
    if (err != std::errc() || ptr != number.data() + number.size() || build == 0) {
      return Status::Corruption(stub + ": cannot read the build number in '" + line + "'");
    }
    if (layout.build_ != 0 && layout.build_ != build) {
      return Status::Corruption(stub + ": names two different builds");
    }
    layout.build_ = build;
    layout.shard_paths_.push_back((fs::path(db_dir) / path).string());
  }
  if (layout.build_ == 0) return Status::Corruption(stub + ": names no database");
  return layout;
}

Status IndexLayout::Publish(const std::string& db_dir, uint64_t n, size_t shards) {
  std::string contents = "# Written by clearinghouse-index: the live build of this index.\n";
  std::string build = BuildName(n);
  if (shards <= 1) {
    contents += "auto " + build + "\n";
  } else {
    for (size_t i = 0; i < shards; ++i) contents += "auto " + build + "/" + ShardName(i) + "\n";
  }
  CH_RETURN_IF_ERROR(WriteFileAtomic((fs::path(db_dir) / kStubName).string(), contents));
  // Keep build n-1 for readers that still have it open; older ones can go.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(db_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kBuildPrefix, 0) != 0) continue;
    uint64_t m = 0;
    std::string_view digits(name);
    digits.remove_prefix(sizeof(kBuildPrefix) - 1);
    auto [ptr, err] = std::from_chars(digits.data(), digits.data() + digits.size(), m);
    if (err != std::errc() || ptr != digits.data() + digits.size()) continue;
    if (m + 1 < n) fs::remove_all(entry.path(), ec);
  }
  return Status::Ok();
}

size_t IndexLayout::ShardFor(std::string_view id, size_t shards) {
  if (shards <= 1) return 0;
  return static_cast<size_t>(Fnv1a64(id) % shards);
}

}  // namespace ch
