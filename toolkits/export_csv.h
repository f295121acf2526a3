// export_csv.h: a toolkit's items as CSV (RFC 4180), one row per item in toolkit order.
//
// Columns: position (1-based), section (its title, "" when none), title, type, source,
// published, url, summary, note, resource_id, available ("yes"/"no"). A header row comes first;
// records end with CRLF; a field is quoted when it holds a comma, a double quote, CR or LF, and
// double quotes inside are doubled. To keep spreadsheets from running a cell as a formula, a
// text field that starts with = + @, a tab or a carriage return, or with - not followed by a
// space, gets a leading apostrophe (the OWASP advice for CSV injection). Thread-safety: pure
// function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "toolkits/resolved_toolkit.h"
#include "toolkits/toolkit_export.h"

namespace ch {

// text/csv; charset=utf-8, "<slug>.csv".
ExportedFile ExportCsv(const ResolvedToolkit& toolkit, const ExportLocale& locale = ExportLocale());

// One CSV record (without the line end) from its fields, quoted as above.
std::string CsvRecord(const std::vector<std::string>& fields);

}  // namespace ch
