// export_locale.h: the words of a toolkit export in the toolkit's language.
//
//   ExportLocale es("es", &taxonomy);
//   es.words().note                           // "Nota:"
//   es.Count(3)                               // "3 recursos"
//   es.Label(Vocabulary::kType, "guide")      // "Guía" (taxonomy.es.yaml)
//
// The exporters (export_markdown.h, export_html.h, export_csv.h) take their fixed words
// (headings, "Note:", the CSV header, "yes"/"no") from the toolkit's language (ToolkitContent::
// language), and the labels of type, outcome, rating and evidence-base ids from the taxonomy in
// that language. English exports are exactly as before languages existed: ids are shown as
// readable labels ("research-brief" -> "Research brief", TypeLabel) without reading the taxonomy.
// A language without words here (none today) uses English; an id the taxonomy lacks, or no
// taxonomy, falls back to TypeLabel.
//
// Immutable; thread-safe. The taxonomy, when given, must outlive the locale.
#pragma once

#include <string>
#include <string_view>

#include "indexer/taxonomy.h"

namespace ch {

struct ExportWords {
  const char* resource_one;     // "resource"
  const char* resource_other;   // "resources"
  const char* updated;          // "updated"
  const char* other_resources;  // the heading of items without a section
  const char* note;             // "Note:"
  const char* unavailable;      // the byline of an item no longer in the index
  const char* evidence;         // "Evidence: "
  const char* evidence_sample;  // "Evidence (sample data): "
  const char* rated_by;         // "rated by"
  const char* exported_from;    // the HTML footer: "Exported from the Public Safety Clearinghouse"
  const char* toolkit;          // "toolkit" (the footer's "(toolkit ID)")
  const char* yes;
  const char* no;
  const char* csv_columns[12];  // the CSV header, in column order
  // "3 of 8 resources have an evidence rating": "of", "has" / "have", "an evidence rating".
  const char* rated_of;
  const char* rated_has;
  const char* rated_have;
  const char* rated_tail;
};

class ExportLocale {
 public:
  explicit ExportLocale(std::string_view language = "en", const Taxonomy* taxonomy = nullptr);

  const std::string& language() const { return language_; }
  const ExportWords& words() const { return *words_; }
  // "1 resource", "3 resources" / "1 recurso", "3 recursos".
  std::string Count(size_t n) const;
  // The label of `id` in vocabulary `v`, in this language (see the header comment).
  std::string Label(Vocabulary v, std::string_view id) const;

 private:
  std::string language_;
  const ExportWords* words_;
  const Taxonomy* taxonomy_;
};

}  // namespace ch
