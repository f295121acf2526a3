#include "toolkits/toolkit_export.h"

#include "toolkits/export_csv.h"
#include "toolkits/export_html.h"
#include "toolkits/export_markdown.h"
#include "toolkits/toolkit_json.h"

namespace ch {

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "md" || name == "markdown") return ExportFormat::kMarkdown;
  if (name == "html") return ExportFormat::kHtml;
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "json") return ExportFormat::kJson;
  return Status::InvalidArgument("unknown export format '" + std::string(name.substr(0, 40)) +
                                 "' (allowed: md, html, csv, json)")
      .WithField("format");
}

ExportedFile ExportToolkit(const ResolvedToolkit& toolkit, ExportFormat format,
                           const Taxonomy* taxonomy) {
  const ExportLocale locale(toolkit.toolkit.content.language, taxonomy);
  ExportedFile file;
  switch (format) {
    case ExportFormat::kMarkdown:
      file = ExportMarkdown(toolkit, locale);
      break;
    case ExportFormat::kHtml:
      file = ExportHtml(toolkit, locale);
      break;
    case ExportFormat::kCsv:
      file = ExportCsv(toolkit, locale);
      break;
    case ExportFormat::kJson:
      file = ExportJson(toolkit);
      break;
  }
  file.language = locale.language();
  return file;
}

ExportedFile ExportJson(const ResolvedToolkit& toolkit) {
  return {EncodeToolkit(toolkit, /*pretty=*/true) + "\n", "application/json",
          ExportFileName(toolkit, "json"), toolkit.toolkit.content.language};
}

std::string ExportFileName(const ResolvedToolkit& toolkit, std::string_view extension) {
  constexpr size_t kMaxSlug = 60;
  std::string slug;
  bool hyphen = false;
  for (char c : toolkit.toolkit.content.title) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (hyphen && !slug.empty()) slug += '-';
      hyphen = false;
      if (slug.size() >= kMaxSlug) break;
      slug += c;
    } else {
      hyphen = true;
    }
  }
  while (slug.size() > kMaxSlug || (!slug.empty() && slug.back() == '-')) slug.pop_back();
  if (slug.empty()) slug = "toolkit";
  return slug + "." + std::string(extension);
}

std::string TypeLabel(std::string_view type) {
  std::string label(type);
  for (char& c : label) {
    if (c == '-') c = ' ';
  }
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z')
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
  return label;
}

std::string ItemByline(const ResolvedItem& item, const ExportLocale& locale) {
  if (!item.available) return locale.words().unavailable;
  std::string out;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += " \xC2\xB7 ";  // U+00B7 middle dot
    out += part;
  };
  add(locale.Label(Vocabulary::kType, item.resource.type));
  add(item.resource.source);
  add(item.resource.published);
  return out;
}

std::string EvidenceLine(const ResolvedItem& item, const ExportLocale& locale) {
  const Evidence& e = item.resource.evidence;
  if (!item.available || e.ratings.empty()) return "";
  std::string out = e.sample_data ? locale.words().evidence_sample : locale.words().evidence;
  for (size_t i = 0; i < e.ratings.size(); ++i) {
    const EvidenceRating& r = e.ratings[i];
    if (i > 0) out += "; ";
    std::string base = locale.Label(Vocabulary::kEvidenceBase, r.evidence_base);
    if (!base.empty())
      base[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(base[0])));
    out += locale.Label(Vocabulary::kOutcome, r.outcome) + ": " +
           locale.Label(Vocabulary::kRating, r.rating) + " (" + base + ", " +
           locale.words().rated_by + " " + r.rated_by + ", " + r.date + ")";
  }
  return out;
}

std::string RatedSummary(const ResolvedToolkit& toolkit, const ExportLocale& locale) {
  size_t rated = 0;
  for (const ResolvedItem& item : toolkit.items) {
    if (item.available && !item.resource.evidence.ratings.empty()) ++rated;
  }
  if (rated == 0) return "";
  const ExportWords& w = locale.words();
  return std::to_string(rated) + " " + w.rated_of + " " + locale.Count(toolkit.items.size()) + " " +
         (rated == 1 ? w.rated_has : w.rated_have) + " " + w.rated_tail;
}

std::string DisplayTitle(const ResolvedItem& item) {
  if (item.available && !item.resource.title.empty()) return item.resource.title;
  return item.item.resource_id;
}

}  // namespace ch
