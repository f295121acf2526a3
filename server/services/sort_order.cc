#include "server/services/sort_order.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "indexer/schema.h"

namespace ch {
namespace {

// The words of the `order` sentences in one language. Placeholders: {ties} (how equal keys are
// broken), {ratings} and {bases} (the taxonomy's labels in that language, strongest first).
struct OrderWords {
  std::string_view lang;
  std::string_view ties_text, ties_browse, evidence_ties_browse;
  std::string_view relevance, newest, oldest, title, evidence;
};

// One row per language with its own sentences (indexer/languages.h's codes); any other language,
// and "", reads the first (the default language). Adding a language: a row here and its test.
constexpr OrderWords kWords[] = {
    {"en", "then the best match", "then the index's order", "then title A to Z",
     "Best match first.", "Newest first by publication date, {ties}; undated resources last.",
     "Oldest first by publication date (undated resources first), {ties}.", "Title A to Z, {ties}.",
     "Strongest evidence first: by each resource's best rating ({ratings}), then the evidence "
     "base of that rating ({bases}), then the number of outcomes rated, {ties}. Resources without "
     "a rating come last."},
    {"es", "luego los que mejor coinciden", "luego el orden del índice",
     "luego por título, de la A a la Z", "Primero los que mejor coinciden.",
     "Los más recientes primero, por fecha de publicación; {ties}; los recursos sin fecha van al "
     "final.",
     "Los más antiguos primero, por fecha de publicación (los recursos sin fecha van primero); "
     "{ties}.",
     "Por título, de la A a la Z; {ties}.",
     "Evidencia más sólida primero: por la mejor calificación de cada recurso ({ratings}); luego "
     "por la base de la evidencia de esa calificación ({bases}); luego por cuántos resultados se "
     "calificaron; {ties}. Los recursos sin calificación van al final."},
};

const OrderWords& WordsFor(std::string_view lang) {
  for (const OrderWords& w : kWords) {
    if (w.lang == lang) return w;
  }
  return kWords[0];
}

std::string Labels(const Taxonomy& taxonomy, Vocabulary v, std::string_view lang) {
  std::string out;
  for (const auto& e : taxonomy.entries(v)) out += (out.empty() ? "" : ", ") + e.LabelIn(lang);
  return out;
}

// `text` with each {name} replaced by its value in `values` (names not listed stay as they are).
std::string Fill(std::string_view text,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find('{', at);
    const size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    bool filled = false;
    for (const auto& [key, value] : values) {
      if (key == name) {
        out += value;
        filled = true;
      }
    }
    if (!filled) out.append(text.substr(open, close - open + 1));
    at = close + 1;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

}  // namespace

SortOrder EffectiveSort(SortOrder requested, bool text_query) {
  return requested == SortOrder::kRelevance && !text_query ? SortOrder::kNewest : requested;
}

const char* SortName(SortOrder sort) {
  switch (sort) {
    case SortOrder::kRelevance:
      return "relevance";
    case SortOrder::kNewest:
      return "newest";
    case SortOrder::kOldest:
      return "oldest";
    case SortOrder::kTitle:
      return "title";
    case SortOrder::kEvidence:
      return "evidence";
  }
  return "relevance";
}

std::string DescribeOrder(SortOrder sort, bool text_query, const Taxonomy& taxonomy,
                          std::string_view lang) {
  const OrderWords& w = WordsFor(lang);
  // Value sorts break ties by relevance (Xapian's set_sort_by_value_then_relevance), which is
  // equal for every document when browsing: the index's order then decides.
  const std::string ties(text_query ? w.ties_text : w.ties_browse);
  switch (sort) {
    case SortOrder::kRelevance:
      return std::string(w.relevance);
    case SortOrder::kNewest:
      return Fill(w.newest, {{"ties", ties}});
    case SortOrder::kOldest:
      return Fill(w.oldest, {{"ties", ties}});
    case SortOrder::kTitle:
      return Fill(w.title, {{"ties", ties}});
    case SortOrder::kEvidence:
      return Fill(w.evidence,
                  {{"ratings", Labels(taxonomy, Vocabulary::kRating, w.lang)},
                   {"bases", Labels(taxonomy, Vocabulary::kEvidenceBase, w.lang)},
                   {"ties", std::string(text_query ? w.ties_text : w.evidence_ties_browse)}});
  }
  return "";
}

bool SetOrder(Xapian::Enquire& enquire, SortOrder sort, bool empty_query,
              Xapian::MultiValueKeyMaker* evidence_keys) {
  if (sort == SortOrder::kRelevance && empty_query) sort = SortOrder::kNewest;
  switch (sort) {
    case SortOrder::kEvidence:
      // Strongest first (the key orders rating, evidence base, outcomes rated); then relevance
      // for a text query, or title A-Z when browsing; Xapian breaks what remains by document id.
      if (!empty_query) {
        enquire.set_sort_by_value_then_relevance(schema::kSlotEvidenceSort, true);
        return true;
      }
      evidence_keys->add_value(schema::kSlotEvidenceSort, true);
      evidence_keys->add_value(schema::kSlotTitleSort, false);
      enquire.set_sort_by_key(evidence_keys, false);
      return true;
    case SortOrder::kRelevance:
      return false;
    case SortOrder::kNewest:
      enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, true);
      return true;
    case SortOrder::kOldest:
      enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, false);
      return true;
    case SortOrder::kTitle:
      enquire.set_sort_by_value_then_relevance(schema::kSlotTitleSort, false);
      return true;
  }
  return false;
}

}  // namespace ch
