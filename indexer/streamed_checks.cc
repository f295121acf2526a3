#include "indexer/streamed_checks.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace ch {

StreamedChecks::StreamedChecks(std::string corpus_dir, const std::vector<std::string>& paths)
    : corpus_dir_(std::move(corpus_dir)), paths_(paths) {
  ids_.Reserve(paths.size());
}

std::string StreamedChecks::PathOf(uint32_t file) const {
  return (std::filesystem::path(corpus_dir_) / paths_[file]).string();
}

uint16_t StreamedChecks::LanguageTag(const std::string& language) {
  auto it = std::find(languages_.begin(), languages_.end(), language);
  if (it != languages_.end()) return static_cast<uint16_t>(it - languages_.begin());
  if (languages_.size() > std::numeric_limits<uint16_t>::max()) {
    throw std::length_error("too many distinct languages");
  }
  languages_.push_back(language);
  return static_cast<uint16_t>(languages_.size() - 1);
}

void StreamedChecks::Report(uint32_t file, Kind kind, uint32_t ordinal, int line, int column,
                            Severity severity, const std::string& field, std::string message) {
  if (severity == Severity::kError) ++errors_;
  diagnostics_.push_back(
      Keyed{file, kind, ordinal,
            Diagnostic{PathOf(file), line, column, severity, field, std::move(message), {}}});
}

void StreamedChecks::CheckReference(const Pending& ref, std::string_view id,
                                    const CompactIdSet::Record* target) {
  const bool related = ref.kind == Kind::kRelated;
  const std::string field = related ? "related" : "translations";
  if (!target) {
    Report(ref.file, ref.kind, ref.ordinal, ref.line, ref.column, Severity::kError, field,
           "no resource has the id '" + std::string(id) + "'");
  } else if (!related && target->tag == ref.language) {
    const std::string& language = languages_[ref.language];
    Report(ref.file, ref.kind, ref.ordinal, ref.line, ref.column, Severity::kError, field,
           "'" + std::string(id) + "' is in the same language (" + language +
               ") as this resource; a translation must be in another language");
  }
}

void StreamedChecks::Add(uint32_t index, ParsedResource& file) {
  uint32_t ordinal = 0;
  for (auto& d : file.diagnostics) {
    if (d.is_error()) ++errors_;
    diagnostics_.push_back(Keyed{index, Kind::kOwn, ordinal++, std::move(d)});
  }
  file.diagnostics.clear();
  const Resource& r = file.resource;
  const uint16_t language = LanguageTag(r.language);
  if (!r.id.empty()) {
    if (std::optional<uint32_t> first = ids_.Insert(r.id, index, language)) {
      Report(index, Kind::kDuplicate, 0, file.id_line, file.id_column, Severity::kError, "id",
             "duplicate id '" + r.id + "', already used by " + PathOf(*first));
    }
  }
  auto check = [&](const std::vector<RelatedReference>& refs, Kind kind) {
    for (uint32_t i = 0; i < refs.size(); ++i) {
      const RelatedReference& ref = refs[i];
      Pending pending{index, i, 0, 0, language, ref.line, ref.column, kind};
      if (ref.id == r.id) {
        const bool related = kind == Kind::kRelated;
        Report(index, kind, i, ref.line, ref.column,
               related ? Severity::kWarning : Severity::kError,
               related ? "related" : "translations",
               related ? "a resource cannot be related to itself"
                       : "a resource cannot be its own translation");
      } else if (const CompactIdSet::Record* target = ids_.Find(ref.id)) {
        CheckReference(pending, ref.id, target);
      } else {
        if (ref.id.size() > std::numeric_limits<uint16_t>::max()) {
          throw std::length_error("reference id too long");
        }
        pending.offset = static_cast<uint32_t>(pending_ids_.size());
        pending.length = static_cast<uint16_t>(ref.id.size());
        pending_ids_ += ref.id;
        pending_.push_back(pending);
      }
    }
  };
  check(file.related_refs, Kind::kRelated);
  check(file.translation_refs, Kind::kTranslation);
}

void StreamedChecks::Finish() {
  for (const Pending& ref : pending_) {
    const std::string_view id = std::string_view(pending_ids_).substr(ref.offset, ref.length);
    CheckReference(ref, id, ids_.Find(id));
  }
  pending_.clear();
  pending_.shrink_to_fit();
  pending_ids_.clear();
  pending_ids_.shrink_to_fit();
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.file, a.kind, a.ordinal) < std::tie(b.file, b.kind, b.ordinal);
  });
}

std::vector<Diagnostic> StreamedChecks::TakeDiagnostics() {
  std::vector<Diagnostic> out;
  out.reserve(diagnostics_.size());
  for (auto& keyed : diagnostics_) out.push_back(std::move(keyed.diagnostic));
  diagnostics_.clear();
  return out;
}

}  // namespace ch
