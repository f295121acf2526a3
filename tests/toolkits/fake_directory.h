// fake_directory.h: a ResourceDirectory backed by a map, for the toolkits tests (the real one
// needs the server and an index). Thread-safe; resources can be added and removed while in use.
#pragma once

#include <algorithm>
#include <cctype>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "toolkits/resource_directory.h"

namespace ch::test {

inline ResourceSummary MakeSummary(const std::string& id, const std::string& title,
                                   const std::string& type = "guide",
                                   std::vector<std::string> focus_areas = {"gun-violence"}) {
  ResourceSummary s;
  s.id = id;
  s.title = title;
  s.summary = "Summary of " + title + ".";
  s.type = type;
  s.url = "https://example.org/" + id;
  s.published = "2021-06";
  s.source = "Example Agency";
  s.focus_areas = std::move(focus_areas);
  return s;
}

class FakeDirectory : public ResourceDirectory {
 public:
  void Add(ResourceSummary summary, std::vector<std::string> topics = {}, double score = 1) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string id = summary.id;
    if (!entries_.count(id)) order_.push_back(id);
    entries_[id] = DirectoryHit{std::move(summary), std::move(topics), score};
  }
  // Adds `n` guides "r0".."r{n-1}" titled "Resource N".
  void AddNumbered(int n, const std::string& prefix = "r") {
    for (int i = 0; i < n; ++i) {
      Add(MakeSummary(prefix + std::to_string(i), "Resource " + std::to_string(i)));
    }
  }
  void Remove(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(id);
    order_.erase(std::remove(order_.begin(), order_.end(), id), order_.end());
  }
  // Every later call fails with `status` (until reset with std::nullopt).
  void FailWith(std::optional<Status> status) {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = std::move(status);
  }
  std::vector<std::string> last_search_focus_areas() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_focus_areas_;
  }
  size_t last_search_limit() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_limit_;
  }

  Result<std::unordered_map<std::string, ResourceSummary>> Summaries(
      const std::vector<std::string>& ids) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_) return *failure_;
    std::unordered_map<std::string, ResourceSummary> out;
    for (const auto& id : ids) {
      auto it = entries_.find(id);
      if (it != entries_.end()) out[id] = it->second.summary;
    }
    return out;
  }

  // Matches when every word of `text` occurs in the title or summary (case-insensitive) and the
  // resource is in any of `focus_areas`; ordered by score (descending), then insertion order.
  Result<std::vector<DirectoryHit>> Search(const std::string& text,
                                           const std::vector<std::string>& focus_areas,
                                           size_t limit) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_) return *failure_;
    last_focus_areas_ = focus_areas;
    last_limit_ = limit;
    std::vector<DirectoryHit> hits;
    for (const auto& id : order_) {
      const DirectoryHit& e = entries_.at(id);
      if (!focus_areas.empty() &&
          std::none_of(focus_areas.begin(), focus_areas.end(), [&](const std::string& f) {
            const auto& fa = e.summary.focus_areas;
            return std::find(fa.begin(), fa.end(), f) != fa.end();
          })) {
        continue;
      }
      if (!Matches(e, text)) continue;
      hits.push_back(e);
    }
    std::stable_sort(hits.begin(), hits.end(), [](const DirectoryHit& a, const DirectoryHit& b) {
      return a.score > b.score;
    });
    if (hits.size() > limit) hits.resize(limit);
    return hits;
  }

 private:
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  static bool Matches(const DirectoryHit& e, const std::string& text) {
    std::string haystack = Lower(e.summary.title + " " + e.summary.summary);
    std::string word;
    for (char c : Lower(text) + " ") {
      if (c == ' ') {
        if (!word.empty() && haystack.find(word) == std::string::npos) return false;
        word.clear();
      } else {
        word += c;
      }
    }
    return true;
  }

  mutable std::mutex mutex_;
  std::unordered_map<std::string, DirectoryHit> entries_;
  std::vector<std::string> order_;
  std::optional<Status> failure_;
  std::vector<std::string> last_focus_areas_;
  size_t last_limit_ = 0;
};

}  // namespace ch::test
