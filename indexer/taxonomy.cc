#include "indexer/taxonomy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "base/file_util.h"
#include "base/hash.h"
#include "base/slug.h"
#include "indexer/languages.h"
#include "indexer/text_fold.h"

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

// Where each lay phrase was first claimed, to report a second claim with both places.
struct LayClaim {
  std::string owner;  // "topics: victim-witness-assistance"
  int line;
};

Status ReadLayTerms(const YAML::Node& item, const std::string& path, const std::string& owner,
                    std::unordered_map<std::string, LayClaim>& claims,
                    std::vector<std::string>& lay_terms) {
  const YAML::Node node = item["lay_terms"];
  Result<std::vector<std::string>> terms = StringList(node, path, owner + ": lay_terms");
  if (!terms.ok()) return terms.status();
  size_t i = 0;
  for (auto& term : *terms) {
    const YAML::Mark mark = node[i++].Mark();
    std::string key = LayPhraseKey(term);
    if (key.empty()) {
      return Error(path, mark,
                   owner + ": lay_terms holds an empty phrase; write words or remove it");
    }
    auto [it, fresh] = claims.emplace(key, LayClaim{owner, mark.line + 1});
    if (!fresh) {
      return Error(path, mark,
                   owner + ": lay phrase '" + term + "' is already claimed by " + it->second.owner +
                       " (line " + std::to_string(it->second.line) +
                       "); a phrase may belong to one entry only");
    }
    lay_terms.push_back(std::move(term));
  }
  return Status::Ok();
}

// A glossary group: a list of names, or a map {names: [...], lay_terms: [...]} (one name is
// enough when the group has lay terms: a narrower subject the public names in its own words).
Status ReadGlossaryGroup(const YAML::Node& group, const std::string& path,
                         std::unordered_map<std::string, LayClaim>& claims,
                         std::vector<std::string>& names, std::vector<std::string>& lay_terms) {
  const bool is_map = group.IsMap();
  Result<std::vector<std::string>> terms =
      StringList(is_map ? group["names"] : group, path, "glossary group");
  if (!terms.ok()) return terms.status();
  names = std::move(terms).value();
  for (const auto& name : names) {
    if (LayPhraseKey(name).empty()) {
      return Error(path, group.Mark(), "a glossary group holds an empty name");
    }
  }
  const std::string owner = "glossary: " + (names.empty() ? std::string("?") : names.front());
  if (is_map) CH_RETURN_IF_ERROR(ReadLayTerms(group, path, owner, claims, lay_terms));
  if (names.size() < (lay_terms.empty() ? 2u : 1u)) {
    return Error(path, group.Mark(),
                 "a glossary group needs at least two names, or one name and lay_terms");
  }
  return Status::Ok();
}

const std::vector<std::string> kNoTerms;

// A translation file's `glossary`: a list of {name: FIRST NAME OF A GROUP, lay_terms: [...]}.
Status ReadTranslatedGlossary(const YAML::Node& glossary, const std::string& path,
                              const std::vector<std::vector<std::string>>& groups,
                              std::unordered_map<std::string, LayClaim>& claims,
                              std::vector<std::vector<std::string>>& lay_by_group) {
  if (!glossary.IsSequence()) return Error(path, glossary.Mark(), "glossary must be a list");
  lay_by_group.assign(groups.size(), {});
  for (const auto& item : glossary) {
    if (!item.IsMap() || !item["name"] || !item["name"].IsScalar()) {
      return Error(path, item.Mark(),
                   "glossary: each item is {name: NAME, lay_terms: [...]}, where NAME is the "
                   "first name of a group of the base taxonomy's glossary");
    }
    const std::string name = item["name"].Scalar();
    size_t g = 0;
    while (g < groups.size() && (groups[g].empty() || groups[g].front() != name)) ++g;
    if (g == groups.size()) {
      return Error(path, item.Mark(),
                   "glossary: no group of the base taxonomy starts with '" + name + "'");
    }
    CH_RETURN_IF_ERROR(ReadLayTerms(item, path, "glossary: " + name, claims, lay_by_group[g]));
  }
  return Status::Ok();
}

// One translated entry: {id, label, description, lay_terms}; anything else is an error.
Status ReadTranslatedEntry(const YAML::Node& item, const std::string& path, const char* key,
                           std::unordered_map<std::string, LayClaim>& claims, std::string* id,
                           EntryTranslation* out) {
  if (!item.IsMap() || !item["id"] || !item["id"].IsScalar()) {
    return Error(path, item.Mark(), std::string(key) + ": each entry needs the 'id' it translates");
  }
  *id = item["id"].Scalar();
  for (const auto& field : item) {
    const std::string name = field.first.Scalar();
    if (name != "id" && name != "label" && name != "description" && name != "lay_terms") {
      return Error(path, field.first.Mark(),
                   std::string(key) + ": '" + *id + "': unknown field '" + name +
                       "'; a translation has id, label, description and lay_terms");
    }
  }
  const YAML::Node label = item["label"];
  if (!label || !label.IsScalar() || LayPhraseKey(label.Scalar()).empty()) {
    return Error(path, item.Mark(),
                 std::string(key) + ": '" + *id +
                     "' needs a label: write the translated label, or leave the entry out "
                     "to show the default language's");
  }
  out->label = label.Scalar();
  if (item["description"] && item["description"].IsScalar()) {
    out->description = item["description"].Scalar();
  }
  return ReadLayTerms(item, path, std::string(key) + ": " + *id, claims, out->lay_terms);
}

}  // namespace

const std::string& TaxonomyEntry::LabelIn(std::string_view lang) const {
  auto it = translations.find(lang);
  return it == translations.end() ? label : it->second.label;
}

const std::string& TaxonomyEntry::DescriptionIn(std::string_view lang) const {
  auto it = translations.find(lang);
  return it == translations.end() || it->second.description.empty() ? description
                                                                    : it->second.description;
}

const std::vector<std::string>& TaxonomyEntry::LayTermsIn(std::string_view lang) const {
  if (lang.empty() || lang == DefaultLanguage().code) return lay_terms;
  auto it = translations.find(lang);
  return it == translations.end() ? kNoTerms : it->second.lay_terms;
}

std::string LayPhraseKey(std::string_view phrase) {
  std::string folded = FoldAccents(phrase);
  std::string out;
  bool space = false;
  for (unsigned char c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(c);
    } else if (c != '\'') {
      space = true;
    }
  }
  return out;
}

std::vector<std::string> LayPhraseWords(std::string_view text) {
  const std::string key = LayPhraseKey(text);
  std::vector<std::string> words;
  for (size_t i = 0; i < key.size();) {
    size_t end = key.find(' ', i);
    if (end == std::string::npos) end = key.size();
    words.push_back(key.substr(i, end - i));
    i = end + 1;
  }
  return words;
}

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
    case Vocabulary::kOutcome:
      return "outcomes";
    case Vocabulary::kRating:
      return "evidence_ratings";
    case Vocabulary::kEvidenceBase:
      return "evidence_bases";
    case Vocabulary::kEmmie:
      return "emmie";
  }
  return "";
}

std::string Taxonomy::TranslationPath(const std::string& base_path, std::string_view language) {
  std::filesystem::path p(base_path);
  return (p.parent_path() /
          (p.stem().string() + "." + std::string(language) + p.extension().string()))
      .string();
}

Result<Taxonomy> Taxonomy::Load(const std::string& path) {
  Result<std::string> text = ReadFile(path, kMaxTaxonomyBytes);
  if (!text.ok()) return Status(text.status().code(), "taxonomy: " + text.status().message());
  std::vector<TaxonomyTranslationText> translations;
  for (const auto& spec : AnalysedLanguages()) {
    if (&spec == &DefaultLanguage()) continue;
    std::string tpath = TranslationPath(path, spec.code);
    std::error_code ec;
    if (!std::filesystem::exists(tpath, ec)) continue;
    Result<std::string> ttext = ReadFile(tpath, kMaxTaxonomyBytes);
    if (!ttext.ok()) return Status(ttext.status().code(), "taxonomy: " + ttext.status().message());
    translations.push_back({spec.code, std::move(ttext).value(), tpath});
  }
  return Parse(*text, path, translations);
}

Status Taxonomy::AddTranslation(const TaxonomyTranslationText& t) {
  const std::string& path = t.path_for_errors;
  const LanguageSpec* spec = FindAnalysedLanguage(t.language);
  if (!spec || spec == &DefaultLanguage()) {
    return Status::InvalidArgument(path + ": '" + t.language +
                                   "' is not an analysed language other than the default");
  }
  YAML::Node root;
  try {
    root = YAML::Load(t.yaml_text);
  } catch (const YAML::Exception& e) {
    return Error(path, e.mark, "YAML syntax error: " + e.msg);
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap())
    return Status::InvalidArgument(path + ": a translation must be a YAML mapping");
  std::unordered_map<std::string, LayClaim> claims;  // per language: phrases of this file
  for (const auto& top : root) {
    const std::string key = top.first.Scalar();
    if (key == "glossary") {
      std::vector<std::vector<std::string>> lay;
      CH_RETURN_IF_ERROR(ReadTranslatedGlossary(top.second, path, glossary_, claims, lay));
      glossary_lay_by_lang_[t.language] = std::move(lay);
      continue;
    }
    int vi = 0;
    while (vi < kVocabularyCount && key != VocabularyKey(static_cast<Vocabulary>(vi))) ++vi;
    if (vi == kVocabularyCount) {
      return Error(path, top.first.Mark(),
                   "unknown section '" + key +
                       "'; a translation has the vocabularies of taxonomy.yaml and glossary");
    }
    if (top.second.IsNull()) continue;
    if (!top.second.IsSequence()) return Error(path, top.second.Mark(), key + " must be a list");
    for (const auto& item : top.second) {
      std::string id;
      EntryTranslation tr;
      CH_RETURN_IF_ERROR(ReadTranslatedEntry(item, path, key.c_str(), claims, &id, &tr));
      auto found = index_[vi].find(id);
      if (found == index_[vi].end()) {
        return Error(path, item.Mark(),
                     key + ": '" + id + "' is not an id of " + key + " in the base taxonomy");
      }
      TaxonomyEntry& entry = entries_[vi][found->second];
      if (!entry.translations.emplace(t.language, std::move(tr)).second) {
        return Error(path, item.Mark(), key + ": '" + id + "' is translated twice");
      }
    }
  }
  for (int vi = 0; vi < kVocabularyCount; ++vi) {
    for (const auto& entry : entries_[vi]) {
      if (entry.translations.count(t.language)) continue;
      translation_gaps_.push_back(path + ": " + VocabularyKey(static_cast<Vocabulary>(vi)) + ": '" +
                                  entry.id + "' has no '" + t.language +
                                  "' label; the default language's label is shown");
    }
  }
  translated_languages_.push_back(t.language);
  return Status::Ok();
}

const std::vector<std::vector<std::string>>& Taxonomy::glossary_lay_terms_in(
    std::string_view lang) const {
  if (lang.empty() || lang == DefaultLanguage().code) return glossary_lay_terms_;
  static const std::vector<std::vector<std::string>> kNone;
  auto it = glossary_lay_by_lang_.find(lang);
  return it == glossary_lay_by_lang_.end() ? kNone : it->second;
}

Result<Taxonomy> Taxonomy::Parse(std::string_view yaml_text, const std::string& path,
                                 const std::vector<TaxonomyTranslationText>& translations) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return Error(path, e.mark, "YAML syntax error: " + e.msg);
  }
  if (!root.IsMap()) return Status::InvalidArgument(path + ": the taxonomy must be a YAML mapping");

  Taxonomy taxonomy;
  taxonomy.content_hash_ = Sha256Hex(yaml_text);
  std::unordered_map<std::string, LayClaim> lay_claims;
  for (int i = 0; i < kVocabularyCount; ++i) {
    const auto v = static_cast<Vocabulary>(i);
    const char* key = VocabularyKey(v);
    YAML::Node list = root[key];
    const bool optional =
        std::find(std::begin(kEvidenceVocabularies), std::end(kEvidenceVocabularies), v) !=
        std::end(kEvidenceVocabularies);
    if (optional && (!list || list.IsNull())) continue;
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
      CH_RETURN_IF_ERROR(ReadLayTerms(item, path, std::string(key) + ": " + entry.id, lay_claims,
                                      entry.lay_terms));
      if (const YAML::Node rated = item["rated"]) {
        if (v != Vocabulary::kType || !rated.IsScalar() ||
            (rated.Scalar() != "true" && rated.Scalar() != "false")) {
          return Error(path, rated.Mark(),
                       std::string(key) + ": '" + entry.id +
                           "': 'rated' is allowed on types only, as true or false");
        }
        entry.rated = rated.Scalar() == "true";
      }
      if (!index.emplace(entry.id, entries.size()).second) {
        return Error(path, item.Mark(), std::string(key) + ": duplicate id '" + entry.id + "'");
      }
      entries.push_back(std::move(entry));
    }
  }
  if (YAML::Node glossary = root["glossary"]) {
    if (!glossary.IsSequence()) return Error(path, glossary.Mark(), "glossary must be a list");
    for (const auto& group : glossary) {
      std::vector<std::string> names, lay_terms;
      CH_RETURN_IF_ERROR(ReadGlossaryGroup(group, path, lay_claims, names, lay_terms));
      taxonomy.glossary_.push_back(std::move(names));
      taxonomy.glossary_lay_terms_.push_back(std::move(lay_terms));
    }
  }
  for (const auto& translation : translations) {
    CH_RETURN_IF_ERROR(taxonomy.AddTranslation(translation));
    // A changed label is a changed taxonomy: answers derived from the index (ETags) change too.
    taxonomy.content_hash_ =
        Sha256Hex(taxonomy.content_hash_ + translation.language + translation.yaml_text);
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
