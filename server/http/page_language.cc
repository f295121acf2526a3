#include "server/http/page_language.h"

#include <cstdlib>

#include "indexer/languages.h"

namespace ch {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The q value of a range's parameters ("q=0.5"), 1 when absent, -1 when malformed.
double Weight(std::string_view params) {
  double q = 1.0;
  size_t at = 0;
  while (at < params.size()) {
    size_t end = params.find(';', at);
    if (end == std::string_view::npos) end = params.size();
    std::string param = Lower(Trim(params.substr(at, end - at)));
    if (param.rfind("q=", 0) == 0) {
      char* stop = nullptr;
      q = std::strtod(param.c_str() + 2, &stop);
      if (stop == param.c_str() + 2 || *stop != '\0' || q < 0 || q > 1) return -1;
    }
    at = end + 1;
  }
  return q;
}

}  // namespace

Status CheckLangParam(std::string_view value) {
  if (value.empty() || FindAnalysedLanguage(value)) return Status::Ok();
  std::string allowed;
  for (const auto& spec : AnalysedLanguages()) {
    allowed += (allowed.empty() ? "" : ", ") + std::string(spec.code);
  }
  return Status::InvalidArgument("unknown language '" + std::string(value) +
                                 "'; allowed: " + allowed)
      .WithField("lang");
}

std::string PageLanguage(std::string_view lang_param, std::string_view accept_language) {
  if (!lang_param.empty()) return std::string(lang_param);
  std::string best;
  double best_q = 0;
  size_t at = 0;
  while (at <= accept_language.size()) {
    size_t end = accept_language.find(',', at);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string_view part = accept_language.substr(at, end - at);
    at = end + 1;
    size_t semi = part.find(';');
    std::string range = Lower(Trim(part.substr(0, semi)));
    double q = semi == std::string_view::npos ? 1.0 : Weight(part.substr(semi + 1));
    std::string primary = range.substr(0, range.find('-'));
    const LanguageSpec* spec = FindAnalysedLanguage(primary);
    if (spec && q > best_q) {
      best = spec->code;
      best_q = q;
    }
  }
  return best;
}

std::string ContentLanguage(std::string_view page_language) {
  return LanguageFor(page_language).code;
}

}  // namespace ch
