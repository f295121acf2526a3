#include "indexer/schema.h"

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <utility>

#include "base/hash.h"

namespace ch::schema {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Put(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Put(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const auto& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}

bool Get(const rapidjson::Value& obj, const char* key, std::string* out) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return true;  // absent fields keep their defaults
  if (!it->value.IsString()) return false;
  out->assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

bool Get(const rapidjson::Value& obj, const char* key, std::vector<std::string>* out) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return true;
  if (!it->value.IsArray()) return false;
  out->clear();
  for (const auto& v : it->value.GetArray()) {
    if (!v.IsString()) return false;
    out->emplace_back(v.GetString(), v.GetStringLength());
  }
  return true;
}

void PutEvidence(Writer& w, const Evidence& e) {
  w.Key("evidence");
  w.StartObject();
  w.Key("sample_data");
  w.Bool(e.sample_data);
  Put(w, "emmie", e.emmie);
  w.Key("ratings");
  w.StartArray();
  for (const auto& r : e.ratings) {
    w.StartObject();
    Put(w, "outcome", r.outcome);
    Put(w, "rating", r.rating);
    Put(w, "evidence_base", r.evidence_base);
    Put(w, "rated_by", r.rated_by);
    Put(w, "url", r.url);
    Put(w, "date", r.date);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

bool GetEvidence(const rapidjson::Value& obj, Evidence* out) {
  auto it = obj.FindMember("evidence");
  if (it == obj.MemberEnd()) return true;  // written before evidence existed
  const rapidjson::Value& e = it->value;
  if (!e.IsObject()) return false;
  auto sample = e.FindMember("sample_data");
  if (sample != e.MemberEnd()) {
    if (!sample->value.IsBool()) return false;
    out->sample_data = sample->value.GetBool();
  }
  if (!Get(e, "emmie", &out->emmie)) return false;
  auto ratings = e.FindMember("ratings");
  if (ratings == e.MemberEnd()) return true;
  if (!ratings->value.IsArray()) return false;
  for (const auto& v : ratings->value.GetArray()) {
    if (!v.IsObject()) return false;
    EvidenceRating r;
    if (!(Get(v, "outcome", &r.outcome) && Get(v, "rating", &r.rating) &&
          Get(v, "evidence_base", &r.evidence_base) && Get(v, "rated_by", &r.rated_by) &&
          Get(v, "url", &r.url) && Get(v, "date", &r.date))) {
      return false;
    }
    out->ratings.push_back(std::move(r));
  }
  return true;
}

}  // namespace

const std::vector<Facet>& Facets() {
  static const std::vector<Facet> facets = {
      {"focus_area", kFocusAreaPrefix, kSlotFacetFocusArea},
      {"topic", kTopicPrefix, kSlotFacetTopic},
      {"type", kTypePrefix, kSlotFacetType},
      {"audience", kAudiencePrefix, kSlotFacetAudience},
      {"language", kLanguagePrefix, kSlotFacetLanguage},
      {"source", kSourcePrefix, kSlotFacetSource},
      {"year", kYearPrefix, kSlotFacetYear},
      {"evidence_rating", kEvidenceRatingPrefix, kSlotFacetEvidenceRating},
      {"evidence_outcome", kEvidenceOutcomePrefix, kSlotFacetEvidenceOutcome},
  };
  return facets;
}

const Facet* FindFacet(std::string_view name) {
  for (const auto& f : Facets()) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::string SourceSlug(std::string_view source) {
  std::string out;
  bool pending = false;
  for (unsigned char c : source) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
      word = true;
    }
    if (!word) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += '-';
    pending = false;
    out += static_cast<char>(c);
  }
  // Terms are limited to 245 bytes; keep well inside.
  if (out.size() > 160) out.resize(160);
  return out;
}

std::string PublishedSortKey(std::string_view date) {
  if (date.size() < 4) return "";
  std::string key(date.substr(0, 4));
  key += date.size() >= 7 ? std::string(date.substr(5, 2)) : "00";
  key += date.size() >= 10 ? std::string(date.substr(8, 2)) : "00";
  return key;
}

std::string GenerationValue(uint64_t generation) {
  std::string digits = std::to_string(generation);
  return std::string(20 - std::min<size_t>(20, digits.size()), '0') + digits;
}

uint64_t ParseGeneration(std::string_view value) {
  uint64_t out = 0;
  if (value.empty() || value.size() > 20) return 0;
  for (char c : value) {
    if (c < '0' || c > '9') return 0;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return out;
}

std::string IdTerm(std::string_view id) { return std::string(kIdPrefix) + std::string(id); }

std::string EvidencePairTerm(std::string_view outcome, std::string_view rating) {
  return std::string(kEvidencePairPrefix) + std::string(outcome) + ":" + std::string(rating);
}

std::string EncodeResource(const Resource& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Put(w, "id", r.id);
  Put(w, "title", r.title);
  Put(w, "summary", r.summary);
  Put(w, "type", r.type);
  Put(w, "focus_areas", r.focus_areas);
  Put(w, "topics", r.topics);
  Put(w, "audience", r.audience);
  Put(w, "source", r.source);
  Put(w, "authors", r.authors);
  Put(w, "published", r.published);
  Put(w, "updated", r.updated);
  Put(w, "url", r.url);
  Put(w, "duration", r.duration);
  Put(w, "language", r.language);
  Put(w, "keywords", r.keywords);
  Put(w, "related", r.related);
  if (!r.evidence.empty()) PutEvidence(w, r.evidence);
  Put(w, "translations", r.translations);
  Put(w, "body_html", r.body_html);
  Put(w, "body_text", r.body_text);
  Put(w, "source_path", r.source_path);
  Put(w, "content_hash", r.content_hash);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

// The bytes of the member `,"body_html":"..."` in `data` (EncodeResource writes it after other
// members): [begin, end), or {npos, npos} when there is no such member after another. The match
// is a member of the top-level object: a '"' after ',' is never inside a string (it would be
// escaped), and no nested object of the record has that key. kMissingEnd when the string is not
// closed.
constexpr size_t kMissingEnd = std::string_view::npos - 1;
std::pair<size_t, size_t> BodyHtmlMember(std::string_view data) {
  constexpr std::string_view kKey = ",\"body_html\":\"";
  const size_t begin = data.find(kKey);
  if (begin == std::string_view::npos) return {begin, begin};
  for (size_t at = begin + kKey.size();; ++at) {
    at = data.find('"', at);
    if (at == std::string_view::npos) return {begin, kMissingEnd};
    size_t backslashes = 0;
    while (data[at - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return {begin, at + 1};
  }
}

Result<Resource> ResourceFromJson(const rapidjson::Document& doc) {
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::Corruption("document data is not a JSON object");
  }
  Resource r;
  bool ok = Get(doc, "id", &r.id) && Get(doc, "title", &r.title) &&
            Get(doc, "summary", &r.summary) && Get(doc, "type", &r.type) &&
            Get(doc, "focus_areas", &r.focus_areas) && Get(doc, "topics", &r.topics) &&
            Get(doc, "audience", &r.audience) && Get(doc, "source", &r.source) &&
            Get(doc, "authors", &r.authors) && Get(doc, "published", &r.published) &&
            Get(doc, "updated", &r.updated) && Get(doc, "url", &r.url) &&
            Get(doc, "duration", &r.duration) && Get(doc, "language", &r.language) &&
            Get(doc, "keywords", &r.keywords) && Get(doc, "related", &r.related) &&
            Get(doc, "body_html", &r.body_html) && Get(doc, "body_text", &r.body_text) &&
            Get(doc, "source_path", &r.source_path) && Get(doc, "content_hash", &r.content_hash) &&
            GetEvidence(doc, &r.evidence);
  ok = ok && Get(doc, "translations", &r.translations);  // absent in older documents
  if (!ok || r.id.empty()) return Status::Corruption("document data has a field of the wrong type");
  return r;
}

}  // namespace

// A SAX handler that keeps the top-level "related" strings and stops the parse after them.
class RelatedReader : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, RelatedReader> {
 public:
  explicit RelatedReader(std::vector<std::string>* ids) : ids_(ids) {}
  bool done() const { return done_; }

  bool Default() {
    related_key_ = false;
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (in_related_ && depth_ == 2) ids_->emplace_back(s, n);
    return Default();
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    related_key_ = depth_ == 1 && std::string_view(s, n) == "related";
    return true;
  }
  bool StartObject() { return Open(); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() {
    in_related_ = related_key_ && depth_ == 1;
    return Open();
  }
  bool EndArray(rapidjson::SizeType) {
    if (in_related_ && depth_ == 2) {
      done_ = true;
      return false;  // the rest of the record is not needed
    }
    return Close();
  }

 private:
  bool Open() {
    ++depth_;
    related_key_ = false;
    return true;
  }
  bool Close() {
    --depth_;
    return Default();
  }

  std::vector<std::string>* ids_;
  int depth_ = 0;
  bool related_key_ = false;
  bool in_related_ = false;
  bool done_ = false;
};

Result<std::vector<std::string>> DecodeRelated(std::string_view data) {
  std::vector<std::string> ids;
  RelatedReader handler(&ids);
  rapidjson::MemoryStream bytes(data.data(), data.size());
  rapidjson::Reader reader;
  const rapidjson::ParseResult parsed = reader.Parse(bytes, handler);
  if (handler.done()) return ids;
  if (parsed.IsError()) return Status::Corruption("document data is not a JSON object");
  return std::vector<std::string>{};  // a record without links
}

Result<Resource> DecodeResource(std::string_view data, DecodeOptions options) {
  rapidjson::Document doc;
  if (!options.body_html) {
    auto [begin, end] = BodyHtmlMember(data);
    if (end == kMissingEnd) return Status::Corruption("document data is not a JSON object");
    if (begin != std::string_view::npos) {
      // The record without the member, parsed in place: its strings are unescaped where they
      // lie instead of being copied into the document first.
      std::string rest;
      rest.reserve(data.size() - (end - begin));
      rest.append(data.substr(0, begin)).append(data.substr(end));
      doc.ParseInsitu(rest.data());
      return ResourceFromJson(doc);
    }
  }
  doc.Parse(data.data(), data.size());
  Result<Resource> r = ResourceFromJson(doc);
  if (r.ok() && !options.body_html) r->body_html.clear();
  return r;
}

std::vector<std::string> SplitFacetValue(std::string_view value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size() && !value.empty()) {
    size_t end = value.find(kFacetSeparator, start);
    if (end == std::string_view::npos) end = value.size();
    if (end > start) out.emplace_back(value.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string ReadEpoch(const Xapian::Database& db) {
  std::string epoch = db.get_metadata(kMetaEpoch);
  if (!epoch.empty()) return epoch;
  return Sha256Hex("epoch:" + db.get_uuid()).substr(0, 32);
}

}  // namespace ch::schema
