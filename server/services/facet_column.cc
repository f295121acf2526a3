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
    InvertValues(c, max_docid_plus_one_);
    facets_.push_back(std::move(c));
  }
  all_ = NewTally();
  all_documents_ = DocBitmap(max_docid_plus_one_);
  std::vector<Xapian::docid> documents;  // read once for the counts and both sort orders
  documents.reserve(db.get_doccount());
  lengths_.assign(max_docid_plus_one_, 0);
  for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    if (*p < max_docid_plus_one_) lengths_[*p] = p.get_doclength();
    Add(*p, &all_);
    all_documents_.Set(*p);
    documents.push_back(*p);
  }
  sort_ranks_ = SortRanks::Read(db, documents);
}

void FacetColumn::InvertValues(Column& c, Xapian::docid limit) {
  const size_t values = c.dictionary.size();
  std::vector<uint64_t> documents_of(values, 0);
  for (uint32_t id : c.ids) ++documents_of[id];
  std::vector<int64_t> dense_index(values, -1);
  c.sparse_offsets.assign(values + 1, 0);
  for (size_t v = 0; v < values; ++v) {
    if (documents_of[v] * kDenseShare >= limit) {
      dense_index[v] = static_cast<int64_t>(c.dense.size());
      c.dense_values.push_back(static_cast<uint32_t>(v));
      c.dense.emplace_back(limit);
    } else {
      c.sparse_offsets[v + 1] = static_cast<uint32_t>(documents_of[v]);
    }
  }
  for (size_t v = 1; v <= values; ++v) c.sparse_offsets[v] += c.sparse_offsets[v - 1];
  c.sparse_ids.resize(c.sparse_offsets[values]);
  std::vector<uint32_t> next(c.sparse_offsets.begin(), c.sparse_offsets.end() - 1);
  for (Xapian::docid d = 0; d + 1 < c.offsets.size(); ++d) {  // ascending ids: sorted lists
    for (uint32_t i = c.offsets[d]; i < c.offsets[d + 1]; ++i) {
      const uint32_t v = c.ids[i];
      if (dense_index[v] >= 0) {
        c.dense[static_cast<size_t>(dense_index[v])].Set(d);
      } else {
        c.sparse_ids[next[v]++] = d;
      }
    }
  }
}

FacetTally FacetColumn::TallyOf(const DocBitmap& matched, TallyMethod method) const {
  FacetTally tally = NewTally();
  tally.documents = matched.Count();
  const uint64_t words = (static_cast<uint64_t>(limit()) + 63) / 64;
  const uint64_t documents = std::max<uint64_t>(all_.documents, 1);
  std::vector<size_t> walked;
  for (size_t f = 0; f < facets_.size(); ++f) {
    const Column& c = facets_[f];
    // Rough costs in memory touches: a walk reads each match's offsets and value ids; the value
    // sets read every dense bitmap (a popcount per word, a few to a cache line) and every id of
    // the sparse lists.
    const uint64_t walk = tally.documents * (2 + c.ids.size() / documents);
    const uint64_t sets = c.dense.size() * words / 4 + c.sparse_ids.size();
    const bool walk_it =
        method == TallyMethod::kWalkDocuments || (method == TallyMethod::kAuto && walk < sets);
    if (walk_it) {
      walked.push_back(f);
    } else {
      CountByValueSets(f, matched, &tally);
    }
  }
  if (!walked.empty()) {
    matched.ForEach([&](Xapian::docid d) {
      if (d >= max_docid_plus_one_) return;
      for (size_t f : walked) {
        const Column& c = facets_[f];
        uint32_t* counts = tally.counts[f].data();
        for (uint32_t i = c.offsets[d], end = c.offsets[d + 1]; i < end; ++i) ++counts[c.ids[i]];
      }
    });
  }
  return tally;
}

void FacetColumn::CountByValueSets(size_t f, const DocBitmap& matched, FacetTally* tally) const {
  const Column& c = facets_[f];
  std::vector<uint32_t>& counts = tally->counts[f];
  for (size_t i = 0; i < c.dense.size(); ++i) {
    counts[c.dense_values[i]] = static_cast<uint32_t>(matched.CountAnd(c.dense[i]));
  }
  for (size_t v = 0; v + 1 < c.sparse_offsets.size(); ++v) {
    uint32_t n = 0;
    for (uint32_t i = c.sparse_offsets[v]; i < c.sparse_offsets[v + 1]; ++i) {
      n += matched.Test(c.sparse_ids[i]) ? 1 : 0;
    }
    if (n > 0) counts[v] = n;
  }
}

// A countdown, not a remainder per document: a division for each of 250,000 documents was 1% of
// a server's CPU at c=8 (searches sample for their pilots and estimates).
DocBitmap FacetColumn::Sample(uint32_t every) const {
  DocBitmap out(limit());
  const uint32_t step = std::max<uint32_t>(every, 1);
  uint32_t skip = 0;  // documents to pass over before the next one kept
  all_documents_.ForEach([&](Xapian::docid id) {
    if (skip == 0) {
      out.Set(id);
      skip = step;
    }
    --skip;
  });
  return out;
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
    if (counts[id] > 0) {
      out.emplace_back(facets_[f].dictionary[id], uint64_t{counts[id]} * tally.sample_every);
    }
  }
  return out;
}

size_t FacetColumn::memory_bytes() const {
  size_t bytes = sizeof(*this);
  for (const Column& c : facets_) {
    bytes += c.offsets.capacity() * sizeof(uint32_t) + c.ids.capacity() * sizeof(uint32_t);
    for (const auto& v : c.dictionary) bytes += sizeof(std::string) + v.capacity();
    bytes += c.dense_values.capacity() * sizeof(uint32_t) +
             c.sparse_offsets.capacity() * sizeof(uint32_t) +
             c.sparse_ids.capacity() * sizeof(Xapian::docid);
    for (const DocBitmap& b : c.dense) bytes += b.memory_bytes();
  }
  bytes += all_documents_.memory_bytes();
  for (const auto& counts : all_.counts) bytes += counts.capacity() * sizeof(uint32_t);
  bytes += lengths_.capacity() * sizeof(Xapian::termcount);
  return bytes + sort_ranks_.memory_bytes();
}

}  // namespace ch
