#include "toolkits/export_locale.h"

#include "indexer/languages.h"
#include "toolkits/toolkit_export.h"

namespace ch {
namespace {

constexpr ExportWords kEnglish = {
    "resource",
    "resources",
    "updated",
    "Other resources",
    "Note:",
    "No longer available in the clearinghouse",
    "Evidence: ",
    "Evidence (sample data): ",
    "rated by",
    "Exported from the Public Safety Clearinghouse",
    "toolkit",
    "yes",
    "no",
    {"position", "section", "title", "type", "source", "published", "url", "summary", "note",
     "resource_id", "available", "evidence"},
    "of",
    "has",
    "have",
    "an evidence rating",
};

constexpr ExportWords kSpanish = {
    "recurso",
    "recursos",
    "actualizado",
    "Otros recursos",
    "Nota:",
    "Ya no está disponible en el centro de recursos",
    "Evidencia: ",
    "Evidencia (datos de ejemplo): ",
    "calificado por",
    "Exportado del Centro de Recursos de Seguridad Pública",
    "kit",
    "sí",
    "no",
    {"posición", "sección", "título", "tipo", "fuente", "publicado", "url", "resumen", "nota",
     "id_recurso", "disponible", "evidencia"},
    "de",
    "tiene",
    "tienen",
    "una calificación de la evidencia",
};

const ExportWords& WordsFor(std::string_view language) {
  if (language == "es") return kSpanish;
  return kEnglish;
}

}  // namespace

ExportLocale::ExportLocale(std::string_view language, const Taxonomy* taxonomy)
    : language_(LanguageFor(language).code), words_(&WordsFor(language_)), taxonomy_(taxonomy) {}

std::string ExportLocale::Count(size_t n) const {
  return std::to_string(n) + " " + (n == 1 ? words_->resource_one : words_->resource_other);
}

std::string ExportLocale::Label(Vocabulary v, std::string_view id) const {
  if (language_ != DefaultLanguage().code && taxonomy_) {
    if (const TaxonomyEntry* e = taxonomy_->Find(v, id)) return e->LabelIn(language_);
  }
  return TypeLabel(id);
}

}  // namespace ch
