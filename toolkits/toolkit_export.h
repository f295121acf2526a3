// toolkit_export.h: a resolved toolkit as a downloadable file, in one of four formats.
//
//   format     content type                       file name        exporter
//   md         text/markdown; charset=utf-8       <slug>.md        export_markdown.h
//   html       text/html; charset=utf-8           <slug>.html      export_html.h
//   csv        text/csv; charset=utf-8            <slug>.csv       export_csv.h
//   json       application/json                   <slug>.json      EncodeToolkit (toolkit_json.h)
//
// <slug> is the title in lowercase ASCII letters and digits joined by hyphens, at most 60
// characters ("toolkit" when nothing is left). The HTTP layer sends `body` with the content type
// and `Content-Disposition: attachment; filename="<file_name>"` (the name needs no quoting).
//
//   Result<ExportFormat> format = ParseExportFormat("html");
//   ExportedFile file = ExportToolkit(resolved, *format);
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "toolkits/export_locale.h"
#include "toolkits/resolved_toolkit.h"

namespace ch {

struct ExportedFile {
  std::string body;
  std::string content_type;
  std::string file_name;
  std::string language;  // the export's language (the toolkit's), for Content-Language
};

enum class ExportFormat { kMarkdown, kHtml, kCsv, kJson };

// "md" or "markdown", "html", "csv", "json". InvalidArgument (field "format") otherwise.
Result<ExportFormat> ParseExportFormat(std::string_view name);

// In the toolkit's language (ToolkitContent::language; export_locale.h), with the labels of
// `taxonomy` (may be null: ids shown as TypeLabel).
ExportedFile ExportToolkit(const ResolvedToolkit& toolkit, ExportFormat format,
                           const Taxonomy* taxonomy = nullptr);

// The pretty-printed toolkit JSON of toolkit_json.h.
ExportedFile ExportJson(const ResolvedToolkit& toolkit);

// Helpers shared by the exporters.
// "<slug of the title>.<extension>".
std::string ExportFileName(const ResolvedToolkit& toolkit, std::string_view extension);
// A readable label for a type id: "research-brief" -> "Research brief".
std::string TypeLabel(std::string_view type);
// "Guide · Bureau of Justice Assistance · 2021-06": type, source and date that are known.
std::string ItemByline(const ResolvedItem& item, const ExportLocale& locale = ExportLocale());
// The item's evidence ratings in one line, "" when it has none:
// "Evidence (sample data): Gun violence: Effective (multiple studies; Panel, 2024-05); ...".
// Ids are shown as labels the way TypeLabel does (exports do not read the taxonomy).
std::string EvidenceLine(const ResolvedItem& item, const ExportLocale& locale = ExportLocale());
// "3 of 8 resources have an evidence rating" (available items with at least one rating, of all
// items), "" when none is rated (a toolkit of guides does not need saying so); in the locale's
// language ("3 de 8 recursos tienen una calificación de la evidencia").
std::string RatedSummary(const ResolvedToolkit& toolkit,
                         const ExportLocale& locale = ExportLocale());
// The title to show: the resource's, or its id when the resource is no longer available.
std::string DisplayTitle(const ResolvedItem& item);

}  // namespace ch
