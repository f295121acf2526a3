#include "indexer/taxonomy.h"

#include <yaml-cpp/yaml.h>

#include "base/file_util.h"
#include "base/hash.h"
#include "base/slug.h"

namespace ch {
namespace {

constexpr size_t kMaxTaxonomyBytes = 1 << 20;

Status Error(const std::string& path, const YAML::Mark& mark, const std::string& message) {
  return Status::InvalidArgument(path + ":" + std::to_string(mark.line + 1) + ":" +
                                 std::to_string(mark.column + 1) + ": " + message);
}

Result<std::vector<std::string>> StringList(const YAML::Node& node, const std::string& path,
                                            const std::string& what) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) return Error(path, node.Mark(), what + " must be a list of strings");
  for (const auto& item : node) {
    if (!item.IsScalar()) return Error(path, item.Mark(), what + " must hold strings");
    out.push_back(item.Scalar());
  }
  return out;
}

}  // namespace

const char* VocabularyKey(Vocabulary v) {
  switch (v) {
    case Vocabulary::kFocusArea:
      return "focus_areas";
    case Vocabulary::kTopic:
      return "topics";
    case Vocabulary::kType:
      return "types";
    case Vocabulary::kAudience:
      return "audiences";
  }
  return "";
}

Result<Taxonomy> Taxonomy::Load(const std::string& path) {
  Result<std::string> text = ReadFile(path, kMaxTaxonomyBytes);
  if (!text.ok()) return Status(text.status().code(), "taxonomy: " + text.status().message());
  return Parse(*text, path);
}

Result<Taxonomy> Taxonomy::Parse(std::string_view yaml_text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return Error(path, e.mark, "YAML syntax error: " + e.msg);
  }
  if (!root.IsMap()) return Status::InvalidArgument(path + ": the taxonomy must be a YAML mapping");

  Taxonomy taxonomy;
  taxonomy.content_hash_ = Sha256Hex(yaml_text);
  for (Vocabulary v : kAllVocabularies) {
    const char* key = VocabularyKey(v);
    YAML::Node list = root[key];
    if (!list || !list.IsSequence() || list.size() == 0) {
      return Status::InvalidArgument(path + ": '" + key + "' must be a non-empty list");
    }
    auto& entries = taxonomy.entries_[static_cast<int>(v)];
    auto& index = taxonomy.index_[static_cast<int>(v)];
    for (const auto& item : list) {
      if (!item.IsMap()) return Error(path, item.Mark(), std::string(key) + " entries are maps");
      TaxonomyEntry entry;
      if (!item["id"] || !item["id"].IsScalar() || !IsValidSlug(item["id"].Scalar())) {
        return Error(path, item.Mark(),
                     std::string(key) +
                         ": each entry needs an 'id' of lowercase letters, digits "
                         "and hyphens");
      }
      entry.id = item["id"].Scalar();
      if (!item["label"] || !item["label"].IsScalar() || item["label"].Scalar().empty()) {
        return Error(path, item.Mark(), std::string(key) + ": '" + entry.id + "' needs a label");
      }
      entry.label = item["label"].Scalar();
      if (item["description"] && item["description"].IsScalar()) {
        entry.description = item["description"].Scalar();
      }
      Result<std::vector<std::string>> synonyms =
          StringList(item["synonyms"], path, entry.id + ": synonyms");
      if (!synonyms.ok()) return synonyms.status();
      entry.synonyms = std::move(synonyms).value();
      if (!index.emplace(entry.id, entries.size()).second) {
        return Error(path, item.Mark(), std::string(key) + ": duplicate id '" + entry.id + "'");
      }
      entries.push_back(std::move(entry));
    }
  }
  if (YAML::Node glossary = root["glossary"]) {
    if (!glossary.IsSequence()) return Error(path, glossary.Mark(), "glossary must be a list");
    for (const auto& group : glossary) {
      Result<std::vector<std::string>> terms = StringList(group, path, "glossary group");
      if (!terms.ok()) return terms.status();
      if (terms->size() < 2) {
        return Error(path, group.Mark(), "a glossary group needs at least two terms");
      }
      taxonomy.glossary_.push_back(std::move(terms).value());
    }
  }
  return taxonomy;
}

const TaxonomyEntry* Taxonomy::Find(Vocabulary v, std::string_view id) const {
  const auto& index = index_[static_cast<int>(v)];
  auto it = index.find(std::string(id));
  return it == index.end() ? nullptr : &entries_[static_cast<int>(v)][it->second];
}

std::vector<std::string> Taxonomy::Ids(Vocabulary v) const {
  std::vector<std::string> out;
  for (const auto& e : entries(v)) out.push_back(e.id);
  return out;
}

}  // namespace ch
