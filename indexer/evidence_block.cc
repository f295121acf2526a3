#include "indexer/evidence_block.h"

#include <algorithm>

#include "base/utf8.h"
#include "indexer/resource_parser.h"

namespace ch {
namespace {

class BlockChecker {
 public:
  BlockChecker(const EvidenceBlockContext& context, Diagnostics* out) : c_(context), out_(out) {}

  Evidence Run(const YAML::Node& block);

 private:
  void Error(const YAML::Node& at, const std::string& field, std::string message,
             std::vector<std::string> allowed = {}) {
    out_->push_back(Diagnostic{c_.path, Line(at), Column(at), Severity::kError, field,
                               std::move(message), std::move(allowed)});
  }
  int Line(const YAML::Node& n) const { return n.Mark().line + c_.line_offset + 1; }
  int Column(const YAML::Node& n) const { return n.Mark().column + 1; }

  bool CheckKeys(const YAML::Node& map, const std::string& field,
                 const std::vector<std::string>& known);
  std::string Scalar(const YAML::Node& map, const YAML::Node& owner, const char* key,
                     const std::string& field, bool required, size_t max_chars);
  std::string Controlled(const YAML::Node& map, const YAML::Node& owner, const char* key,
                         const std::string& field, Vocabulary v);
  std::optional<EvidenceRating> Rating(const YAML::Node& node, const std::string& field);
  std::string Url(const YAML::Node& map, const std::string& field);
  std::vector<std::string> Emmie(const YAML::Node& node);
  bool SampleData(const YAML::Node& node);

  const EvidenceBlockContext& c_;
  Diagnostics* out_;
};

bool BlockChecker::CheckKeys(const YAML::Node& map, const std::string& field,
                             const std::vector<std::string>& known) {
  bool ok = true;
  for (const auto& kv : map) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      Error(kv.first, field, "unknown field '" + key + "'", known);
      ok = false;
    }
  }
  return ok;
}

std::string BlockChecker::Scalar(const YAML::Node& map, const YAML::Node& owner, const char* key,
                                 const std::string& field, bool required, size_t max_chars) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull() || (node.IsScalar() && node.Scalar().empty())) {
    if (required) Error(owner, field, "required field is missing");
    return "";
  }
  if (!node.IsScalar()) {
    Error(node, field, "must be a single text value, not a list or mapping");
    return "";
  }
  if (Utf8Length(node.Scalar()) > max_chars) {
    Error(node, field,
          "is " + std::to_string(Utf8Length(node.Scalar())) + " characters long; the limit is " +
              std::to_string(max_chars));
    return "";
  }
  return node.Scalar();
}

std::string BlockChecker::Controlled(const YAML::Node& map, const YAML::Node& owner,
                                     const char* key, const std::string& field, Vocabulary v) {
  std::string value = Scalar(map, owner, key, field, true, 120);
  if (value.empty()) return "";
  if (!c_.taxonomy.Contains(v, value)) {
    Error(map[key], field, "unknown value '" + value + "'", c_.taxonomy.Ids(v));
    return "";
  }
  return value;
}

std::string BlockChecker::Url(const YAML::Node& map, const std::string& field) {
  std::string url = Scalar(map, map, "url", field, false, c_.limits.max_url_chars);
  if (url.empty()) return "";
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const size_t rest = url.find("://") + 3;
  if (!http || rest >= url.size() || url[rest] == '/' ||
      url.find_first_of(" \t\"<>\\") != std::string::npos) {
    Error(map["url"], field, "'" + url + "' must be an absolute http:// or https:// address",
          {"http", "https"});
    return "";
  }
  return url;
}

std::optional<EvidenceRating> BlockChecker::Rating(const YAML::Node& node,
                                                   const std::string& field) {
  if (!node.IsMap()) {
    Error(node, field,
          "each rating is a mapping with outcome, rating, evidence_base, rated_by, url and date");
    return std::nullopt;
  }
  const size_t errors_before = out_->size();
  CheckKeys(node, field, EvidenceRatingKeys());
  EvidenceRating r;
  r.outcome = Controlled(node, node, "outcome", field + ".outcome", Vocabulary::kOutcome);
  r.rating = Controlled(node, node, "rating", field + ".rating", Vocabulary::kRating);
  r.evidence_base =
      Controlled(node, node, "evidence_base", field + ".evidence_base", Vocabulary::kEvidenceBase);
  r.rated_by =
      Scalar(node, node, "rated_by", field + ".rated_by", true, c_.limits.max_rated_by_chars);
  r.url = Url(node, field + ".url");
  r.date = Scalar(node, node, "date", field + ".date", true, 10);
  if (!r.date.empty() && !IsValidPartialDate(r.date)) {
    Error(node["date"], field + ".date",
          "'" + r.date + "' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (out_->size() != errors_before) return std::nullopt;
  return r;
}

std::vector<std::string> BlockChecker::Emmie(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) {
    Error(node, "evidence.emmie", "must be a list such as [effect, implementation]",
          c_.taxonomy.Ids(Vocabulary::kEmmie));
    return out;
  }
  for (const auto& item : node) {
    const std::string value = item.IsScalar() ? item.Scalar() : "";
    if (!c_.taxonomy.Contains(Vocabulary::kEmmie, value)) {
      Error(item, "evidence.emmie", "unknown value '" + value + "'",
            c_.taxonomy.Ids(Vocabulary::kEmmie));
    } else if (std::find(out.begin(), out.end(), value) != out.end()) {
      Error(item, "evidence.emmie", "'" + value + "' is listed twice");
    } else {
      out.push_back(value);
    }
  }
  return out;
}

bool BlockChecker::SampleData(const YAML::Node& node) {
  if (!node || node.IsNull()) return false;
  if (!node.IsScalar() || (node.Scalar() != "true" && node.Scalar() != "false")) {
    Error(node, "evidence.sample_data", "must be true or false", {"true", "false"});
    return false;
  }
  return node.Scalar() == "true";
}

Evidence BlockChecker::Run(const YAML::Node& block) {
  Evidence evidence;
  if (!block.IsMap()) {
    Error(block, "evidence",
          "must be a mapping with 'ratings' (and optionally 'emmie', "
          "'sample_data'); see docs/resource-format.md");
    return evidence;
  }
  const TaxonomyEntry* type = c_.taxonomy.Find(Vocabulary::kType, c_.type);
  if (type != nullptr && !type->rated) {
    std::vector<std::string> rated;
    for (const auto& e : c_.taxonomy.entries(Vocabulary::kType)) {
      if (e.rated) rated.push_back(e.id);
    }
    Error(block, "evidence",
          "only resources of a rated type may carry evidence ratings; '" + c_.type + "' is not one",
          rated);
  }
  CheckKeys(block, "evidence", EvidenceBlockKeys());
  evidence.sample_data = SampleData(block["sample_data"]);
  evidence.emmie = Emmie(block["emmie"]);
  const YAML::Node ratings = block["ratings"];
  if (!ratings || ratings.IsNull() || (ratings.IsSequence() && ratings.size() == 0)) {
    Error(ratings ? ratings : block, "evidence.ratings", "needs at least one rating");
    return evidence;
  }
  if (!ratings.IsSequence()) {
    Error(ratings, "evidence.ratings", "must be a list of ratings ('- outcome: ...')");
    return evidence;
  }
  if (ratings.size() > c_.limits.max_ratings) {
    Error(ratings, "evidence.ratings",
          "has " + std::to_string(ratings.size()) + " ratings; the limit is " +
              std::to_string(c_.limits.max_ratings));
    return evidence;
  }
  for (size_t i = 0; i < ratings.size(); ++i) {
    const std::string field = "evidence.ratings[" + std::to_string(i) + "]";
    std::optional<EvidenceRating> r = Rating(ratings[i], field);
    if (!r) continue;
    for (const auto& earlier : evidence.ratings) {
      if (earlier.outcome == r->outcome && earlier.rated_by == r->rated_by) {
        Error(ratings[i], field,
              "rates outcome '" + r->outcome + "' by '" + r->rated_by +
                  "' a second time; give one rating per outcome and rater");
      }
    }
    evidence.ratings.push_back(std::move(*r));
  }
  return evidence;
}

}  // namespace

Evidence ParseEvidenceBlock(const YAML::Node& block, const EvidenceBlockContext& context,
                            Diagnostics* out) {
  return BlockChecker(context, out).Run(block);
}

const std::vector<std::string>& EvidenceBlockKeys() {
  static const std::vector<std::string> keys = {"sample_data", "ratings", "emmie"};
  return keys;
}

const std::vector<std::string>& EvidenceRatingKeys() {
  static const std::vector<std::string> keys = {"outcome",  "rating", "evidence_base",
                                                "rated_by", "url",    "date"};
  return keys;
}

}  // namespace ch
