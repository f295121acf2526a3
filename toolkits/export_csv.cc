#include "toolkits/export_csv.h"

#include <iterator>

namespace ch {
namespace {

std::string CsvField(std::string_view value) {
  std::string v(value);
  // OWASP's formula prefixes: = + - @ TAB CR.
  // A leading CR matters too: spreadsheets drop it and then see whatever follows (\r=cmd|...).
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '@' || v[0] == '\t' || v[0] == '\r' ||
                     (v[0] == '-' && v.size() > 1 && v[1] != ' '))) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += CsvField(fields[i]);
  }
  return out;
}

ExportedFile ExportCsv(const ResolvedToolkit& r, const ExportLocale& locale) {
  const ExportWords& words = locale.words();
  std::string csv = CsvRecord(std::vector<std::string>(std::begin(words.csv_columns),
                                                       std::end(words.csv_columns))) +
                    "\r\n";
  for (size_t i = 0; i < r.items.size(); ++i) {
    const ResolvedItem& item = r.items[i];
    std::string section;
    for (const auto& s : r.toolkit.content.sections) {
      if (s.id == item.item.section_id) section = s.title;
    }
    const ResourceSummary& res = item.resource;
    csv += CsvRecord({std::to_string(i + 1), section, DisplayTitle(item),
                      item.available ? locale.Label(Vocabulary::kType, res.type) : "", res.source,
                      res.published, res.url, res.summary, item.item.note, item.item.resource_id,
                      item.available ? words.yes : words.no, EvidenceLine(item, locale)}) +
           "\r\n";
  }
  return {csv, "text/csv; charset=utf-8", ExportFileName(r, "csv"), locale.language()};
}

}  // namespace ch
