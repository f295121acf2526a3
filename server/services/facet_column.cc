#include "server/services/facet_column.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "indexer/schema.h"

namespace ch {

FacetColumn::Key FacetColumn::KeyOf(const Xapian::Database& db) {
  return db.get_uuid() + "|" + db.get_metadata(schema::kMetaGeneration) + "|" +
         std::to_string(db.get_doccount()) + "|" + std::to_string(db.get_lastdocid());
}

std::shared_ptr<const FacetColumn> FacetColumn::Load(const Xapian::Database& db) {
  auto column = std::make_shared<FacetColumn>();
  column->Read(db);
  return column;
}

void FacetColumn::Read(const Xapian::Database& db) {
  key_ = KeyOf(db);
  const Xapian::docid last = db.get_lastdocid();
  max_docid_plus_one_ = last + 1;
  for (const schema::Facet& facet : schema::Facets()) {
    Column c;
    std::unordered_map<std::string, uint32_t> ids_of;
    std::vector<std::pair<Xapian::docid, uint32_t>> pairs;  // (document, value id)
    for (auto v = db.valuestream_begin(facet.slot); v != db.valuestream_end(facet.slot); ++v) {
      const Xapian::docid docid = v.get_docid();
      if (docid > last) continue;
      const std::string joined = *v;
      std::string_view rest(joined);
      while (!rest.empty()) {
        const size_t end = rest.find(schema::kFacetSeparator);
        const std::string_view one = rest.substr(0, end);
        if (!one.empty()) {
          auto [it, added] =
              ids_of.emplace(std::string(one), static_cast<uint32_t>(c.dictionary.size()));
          if (added) c.dictionary.emplace_back(one);
          pairs.emplace_back(docid, it->second);
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
    }
    // A value stream is in document order; a stable sort keeps that true whatever the backend.
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    c.offsets.assign(static_cast<size_t>(last) + 2, 0);
    c.ids.reserve(pairs.size());
    for (const auto& [docid, id] : pairs) {
      ++c.offsets[docid + 1];
      c.ids.push_back(id);
    }
    for (size_t d = 1; d < c.offsets.size(); ++d) c.offsets[d] += c.offsets[d - 1];
    facets_.push_back(std::move(c));
  }
  all_ = NewTally();
  std::vector<Xapian::docid> documents;  // read once for the counts and both sort orders
  documents.reserve(db.get_doccount());
  for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Add(*p, &all_);
    documents.push_back(*p);
  }
  sort_ranks_ = SortRanks::Read(db, documents);
}

FacetTally FacetColumn::NewTally() const {
  FacetTally tally;
  tally.counts.reserve(facets_.size());
  for (const Column& c : facets_) tally.counts.emplace_back(c.dictionary.size(), 0);
  return tally;
}

std::vector<std::pair<std::string, uint64_t>> FacetColumn::Values(size_t f,
                                                                  const FacetTally& tally) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  const std::vector<uint32_t>& counts = tally.counts[f];
  for (size_t id = 0; id < counts.size(); ++id) {
    if (counts[id] > 0) out.emplace_back(facets_[f].dictionary[id], counts[id]);
  }
  return out;
}

size_t FacetColumn::memory_bytes() const {
  size_t bytes = sizeof(*this);
  for (const Column& c : facets_) {
    bytes += c.offsets.capacity() * sizeof(uint32_t) + c.ids.capacity() * sizeof(uint32_t);
    for (const auto& v : c.dictionary) bytes += sizeof(std::string) + v.capacity();
  }
  for (const auto& counts : all_.counts) bytes += counts.capacity() * sizeof(uint32_t);
  return bytes + sort_ranks_.memory_bytes();
}

}  // namespace ch
