#include "toolkits/toolkit_drafter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "base/slug.h"
#include "base/utf8.h"

namespace ch {
namespace {

struct Family {
  const char* id;
  const char* title;     // in the default language
  const char* title_es;  // in Spanish
  std::vector<std::string> types;
};

const std::vector<Family>& Families() {
  static const std::vector<Family> kFamilies = {
      {"start-here",
       "Start here: guides and toolkits",
       "Para empezar: guías y kits",
       {"guide", "toolkit", "website"}},
      {"evidence",
       "Evidence: reports and research",
       "Evidencia: informes e investigación",
       {"report", "research-brief", "article", "dataset", "fact-sheet", "infographic"}},
      {"training",
       "Training and events",
       "Capacitación y eventos",
       {"training", "webinar", "video", "podcast", "presentation"}},
      {"tools",
       "Tools, templates and policies",
       "Herramientas, plantillas y políticas",
       {"tool", "template", "policy"}},
      {"case-studies", "Case studies", "Estudios de caso", {"case-study"}},
      {"more", "More resources", "Más recursos", {}},
  };
  return kFamilies;
}

// The draft's own words (title, description) in its language: Spanish for "es", else English.
struct DraftWords {
  std::string title_prefix, untitled, of, resources_one, resources, on_open, on_close, chosen_one,
      chosen, kinds_one, kinds, rest_after;
};

const DraftWords& WordsFor(std::string_view language) {
  static const DraftWords kEnglish = {"Toolkit: ",
                                      "Draft toolkit",
                                      "A draft of ",
                                      " resource",
                                      " resources",
                                      " on \"",
                                      "\"",
                                      ", chosen from the clearinghouse for relevance and variety (",
                                      ", chosen from the clearinghouse for relevance and variety (",
                                      " kind of resource",
                                      " kinds of resource",
                                      "). Remove, reorder and annotate the items, then save it."};
  static const DraftWords kSpanish = {
      "Kit: ",
      "Borrador de kit",
      "Un borrador de ",
      " recurso",
      " recursos",
      " sobre “",
      "”",
      ", elegido en el centro de recursos por su relevancia y su variedad (",
      ", elegidos en el centro de recursos por su relevancia y su variedad (",
      " tipo de recurso",
      " tipos de recurso",
      "). Quite, ordene y comente los elementos, y luego guárdelo."};
  return language == "es" ? kSpanish : kEnglish;
}

size_t FamilyOf(const std::string& type) {
  const auto& families = Families();
  for (size_t i = 0; i + 1 < families.size(); ++i) {
    const auto& types = families[i].types;
    if (std::find(types.begin(), types.end(), type) != types.end()) return i;
  }
  return families.size() - 1;
}

double Jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return 0;
  std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  size_t common = 0;
  for (const auto& x : sa) common += sb.count(x);
  size_t total = sa.size() + sb.size() - common;
  return total == 0 ? 0 : static_cast<double>(common) / static_cast<double>(total);
}

double Similarity(const DirectoryHit& a, const DirectoryHit& b) {
  return 0.5 * (a.summary.type == b.summary.type ? 1 : 0) +
         0.3 * Jaccard(a.summary.focus_areas, b.summary.focus_areas) +
         0.2 * Jaccard(a.topics, b.topics);
}

std::string FocusSetKey(const std::vector<std::string>& focus_areas) {
  std::set<std::string> sorted(focus_areas.begin(), focus_areas.end());
  std::string key;
  for (const auto& f : sorted) key += f + ",";
  return key;
}

// The first `max_chars` code points of valid UTF-8 `s`.
std::string TruncateChars(const std::string& s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return s.substr(0, i);
      ++chars;
    }
  }
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Indexes into `candidates` of the picked items, in pick order.
std::vector<size_t> PickDiverse(const std::vector<DirectoryHit>& candidates, size_t size,
                                const DraftOptions& o, const std::vector<std::string>& outcomes) {
  const size_t n = candidates.size();
  std::vector<double> relevance(n);
  double best = 0;
  for (const auto& c : candidates) best = std::max(best, c.score);
  for (size_t i = 0; i < n; ++i) {
    relevance[i] = best > 0 ? std::max(0.0, candidates[i].score) / best
                            : 1.0 - static_cast<double>(i) / static_cast<double>(n);
    relevance[i] += EvidenceBoost(candidates[i].summary.evidence, outcomes, o.evidence);
  }
  const size_t type_cap =
      std::max<size_t>(1, static_cast<size_t>(std::ceil(o.max_type_share * size)));
  const size_t focus_cap =
      std::max<size_t>(1, static_cast<size_t>(std::ceil(o.max_focus_set_share * size)));
  std::vector<size_t> picked;
  std::vector<bool> taken(n, false);
  std::vector<double> max_similarity(n, 0);
  std::map<std::string, size_t> per_type, per_focus_set;
  for (int pass = 0; pass < 2 && picked.size() < size; ++pass) {
    const bool bounded = pass == 0;
    while (picked.size() < size) {
      size_t choice = n;
      double choice_score = 0;
      for (size_t i = 0; i < n; ++i) {
        if (taken[i]) continue;
        const auto& s = candidates[i].summary;
        if (bounded && (per_type[s.type] >= type_cap ||
                        per_focus_set[FocusSetKey(s.focus_areas)] >= focus_cap)) {
          continue;
        }
        double score = o.lambda * relevance[i] - (1 - o.lambda) * max_similarity[i];
        if (choice == n || score > choice_score) {
          choice = i;
          choice_score = score;
        }
      }
      if (choice == n) break;
      taken[choice] = true;
      picked.push_back(choice);
      per_type[candidates[choice].summary.type]++;
      per_focus_set[FocusSetKey(candidates[choice].summary.focus_areas)]++;
      for (size_t i = 0; i < n; ++i) {
        if (!taken[i]) {
          max_similarity[i] =
              std::max(max_similarity[i], Similarity(candidates[i], candidates[choice]));
        }
      }
    }
  }
  return picked;
}

}  // namespace

ToolkitDrafter::ToolkitDrafter(ResourceDirectory& directory, DraftOptions options,
                               const FeaturedToolkits* featured)
    : directory_(directory), options_(std::move(options)), featured_(featured) {}

FeaturedMatch ToolkitDrafter::BestFeatured(const std::vector<DirectoryHit>& candidates, size_t size,
                                           std::string_view language) const {
  FeaturedMatch best;
  if (!featured_) return best;
  const size_t window =
      std::min(candidates.size(), size * static_cast<size_t>(options_.featured_window_factor));
  std::unordered_set<std::string> top;
  for (size_t i = 0; i < window; ++i) top.insert(candidates[i].summary.id);
  double best_share = 0;
  for (const Toolkit& t : featured_->list(language)) {
    const std::vector<std::string> ids = ResourceIdsOf(t.content);
    std::unordered_set<std::string> distinct(ids.begin(), ids.end());
    size_t matched = 0;
    for (const auto& id : distinct) matched += top.count(id);
    if (distinct.empty() || matched < 2) continue;
    const double share = static_cast<double>(matched) / static_cast<double>(distinct.size());
    if (share < options_.featured_min_share || share <= best_share) continue;
    best_share = share;
    best = {t.id, t.content.title, t.content.description, matched, distinct.size()};
  }
  return best;
}

Status ToolkitDrafter::Validate(const DraftRequest& r) const {
  if (!r.language.empty())
    CH_RETURN_IF_ERROR(CheckToolkitLanguage(r.language).WithField("language"));
  if (FindInvalidUtf8(r.q) != std::string::npos) {
    return Status::InvalidArgument("q is not valid UTF-8").WithField("q");
  }
  if (Utf8Length(r.q) > options_.max_query_chars) {
    return Status::InvalidArgument("q has more than " + std::to_string(options_.max_query_chars) +
                                   " characters")
        .WithField("q");
  }
  if (r.focus_areas.size() > options_.max_focus_areas) {
    return Status::InvalidArgument("at most " + std::to_string(options_.max_focus_areas) +
                                   " focus areas")
        .WithField("focus_areas");
  }
  for (size_t i = 0; i < r.focus_areas.size(); ++i) {
    if (!IsValidSlug(r.focus_areas[i])) {
      return Status::InvalidArgument("'" + r.focus_areas[i].substr(0, 60) +
                                     "' is not a focus area id")
          .WithField("focus_areas[" + std::to_string(i) + "]");
    }
  }
  if (r.size < 1 || r.size > options_.max_size) {
    return Status::InvalidArgument("size is " + std::to_string(r.size) + "; it must be 1 to " +
                                   std::to_string(options_.max_size))
        .WithField("size");
  }
  return Status::Ok();
}

Result<ResolvedToolkit> ToolkitDrafter::Draft(const DraftRequest& request) const {
  CH_RETURN_IF_ERROR(Validate(request));
  const size_t size = static_cast<size_t>(request.size);
  Result<std::vector<DirectoryHit>> found = directory_.Search(
      request.q, request.focus_areas, size * static_cast<size_t>(options_.candidate_factor));
  if (!found.ok()) return found.status();
  double best_coverage = 0;
  for (const auto& hit : *found) best_coverage = std::max(best_coverage, hit.coverage);
  const double min_coverage = std::min(options_.min_coverage, best_coverage) - 1e-9;
  std::vector<DirectoryHit> candidates;
  std::unordered_set<std::string> seen;
  for (auto& hit : *found) {
    if (hit.coverage >= min_coverage && IsValidSlug(hit.summary.id) &&
        seen.insert(hit.summary.id).second) {
      candidates.push_back(std::move(hit));
    }
  }
  std::vector<size_t> picked = PickDiverse(
      candidates, size, options_, QuestionOutcomes(request.q, request.focus_areas, candidates));

  ResolvedToolkit draft;
  draft.draft = true;
  draft.featured_match = BestFeatured(candidates, size, request.language);
  ToolkitContent& content = draft.toolkit.content;
  std::string subject = Trim(request.q);
  for (char& c : subject) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';  // titles are one line
  }
  if (subject.empty()) {
    for (const auto& f : request.focus_areas) subject += (subject.empty() ? "" : ", ") + f;
  }
  if (!request.language.empty()) content.language = request.language;
  const DraftWords& w = WordsFor(content.language);
  content.title = subject.empty()
                      ? w.untitled
                      : TruncateChars(w.title_prefix + subject, options_.limits.max_title_chars);
  std::set<std::string> types;
  for (size_t i : picked) types.insert(candidates[i].summary.type);
  content.description =
      w.of + std::to_string(picked.size()) + (picked.size() == 1 ? w.resources_one : w.resources) +
      (subject.empty() ? std::string() : w.on_open + subject + w.on_close) +
      (picked.size() == 1 ? w.chosen_one : w.chosen) + std::to_string(types.size()) +
      (types.size() == 1 ? w.kinds_one : w.kinds) + w.rest_after;
  content.description = TruncateChars(content.description, options_.limits.max_description_chars);

  const auto& families = Families();
  std::vector<std::vector<size_t>> by_family(families.size());
  for (size_t i : picked) by_family[FamilyOf(candidates[i].summary.type)].push_back(i);
  for (size_t f = 0; f < families.size(); ++f) {
    if (by_family[f].empty()) continue;
    content.sections.push_back(
        {families[f].id, content.language == "es" ? families[f].title_es : families[f].title});
    for (size_t i : by_family[f]) {
      const DirectoryHit& hit = candidates[i];
      content.items.push_back({hit.summary.id, "", families[f].id});
      ResolvedItem item;
      item.item = content.items.back();
      item.available = true;
      item.resource = hit.summary;
      draft.items.push_back(std::move(item));
    }
  }
  return draft;
}

}  // namespace ch
