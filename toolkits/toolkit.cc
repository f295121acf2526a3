#include "toolkits/toolkit.h"

#include "indexer/languages.h"

#include <time.h>

#include <cstdio>
#include <unordered_map>

#include "base/slug.h"
#include "base/utf8.h"

namespace ch {
namespace {

std::string Num(size_t n) { return std::to_string(n); }

// Valid UTF-8 and no control characters (except newline, carriage return and tab when
// `multiline`).
Status CheckText(std::string_view text, bool multiline, const char* what) {
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) + " is not valid UTF-8 (byte " + Num(bad) +
                                   ")");
  }
  for (unsigned char c : text) {
    bool allowed_space = multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 && !allowed_space) || c == 0x7f) {
      return Status::InvalidArgument(std::string(what) + " may not contain control characters" +
                                     (multiline ? " other than newlines and tabs" : ""));
    }
  }
  return Status::Ok();
}

Status CheckLength(std::string_view text, size_t min, size_t max, const char* what) {
  size_t n = Utf8Length(text);
  if (n < min || n > max) {
    std::string range = min == 0 ? "at most " + Num(max) : Num(min) + " to " + Num(max);
    return Status::InvalidArgument(std::string(what) + " has " + Num(n) +
                                   " characters; it must have " + range + " (limit " + Num(max) +
                                   ")");
  }
  return Status::Ok();
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Status CheckToolkitTitle(std::string_view title, const ToolkitLimits& limits) {
  CH_RETURN_IF_ERROR(CheckText(title, false, "title"));
  if (IsBlank(title))
    return Status::InvalidArgument("title is required (1 to " + Num(limits.max_title_chars) +
                                   " characters)");
  return CheckLength(title, 1, limits.max_title_chars, "title");
}

Status CheckToolkitDescription(std::string_view description, const ToolkitLimits& limits) {
  CH_RETURN_IF_ERROR(CheckText(description, true, "description"));
  return CheckLength(description, 0, limits.max_description_chars, "description");
}

Status CheckSectionId(std::string_view id, const ToolkitLimits& limits) {
  if (id.size() > limits.max_section_id_chars) {
    return Status::InvalidArgument("section id has " + Num(id.size()) +
                                   " characters; the limit is " + Num(limits.max_section_id_chars));
  }
  if (!IsValidSlug(id)) {
    return Status::InvalidArgument("section id '" + std::string(id) +
                                   "' must be lowercase letters, digits and hyphens, starting "
                                   "with a letter or digit");
  }
  return Status::Ok();
}

Status CheckSectionTitle(std::string_view title, const ToolkitLimits& limits) {
  CH_RETURN_IF_ERROR(CheckText(title, false, "section title"));
  if (IsBlank(title)) return Status::InvalidArgument("section title is required");
  return CheckLength(title, 1, limits.max_section_title_chars, "section title");
}

Status CheckResourceId(std::string_view id) {
  if (!IsValidSlug(id)) {
    return Status::InvalidArgument("resource id '" + std::string(id.substr(0, 130)) +
                                   "' is not a valid id (1 to " + Num(kMaxSlugLength) +
                                   " lowercase letters, digits and hyphens)");
  }
  return Status::Ok();
}

Status CheckItemNote(std::string_view note, const ToolkitLimits& limits) {
  CH_RETURN_IF_ERROR(CheckText(note, true, "note"));
  return CheckLength(note, 0, limits.max_note_chars, "note");
}

Status CheckToolkitLanguage(std::string_view language) {
  if (FindAnalysedLanguage(language)) return Status::Ok();
  std::string allowed;
  for (const auto& spec : AnalysedLanguages()) {
    allowed += (allowed.empty() ? "" : ", ") + std::string(spec.code);
  }
  return Status::InvalidArgument("language '" + std::string(language.substr(0, 20)) +
                                 "' is not one of " + allowed);
}

Status ValidateToolkitContent(const ToolkitContent& c, const ToolkitLimits& limits) {
  CH_RETURN_IF_ERROR(CheckToolkitTitle(c.title, limits).WithField("title"));
  CH_RETURN_IF_ERROR(CheckToolkitLanguage(c.language).WithField("language"));
  CH_RETURN_IF_ERROR(CheckToolkitDescription(c.description, limits).WithField("description"));
  if (c.sections.size() > limits.max_sections) {
    return Status::InvalidArgument("a toolkit has at most " + Num(limits.max_sections) +
                                   " sections; this one has " + Num(c.sections.size()))
        .WithField("sections");
  }
  std::unordered_map<std::string_view, size_t> section_index;
  for (size_t i = 0; i < c.sections.size(); ++i) {
    const std::string path = "sections[" + Num(i) + "]";
    const ToolkitSection& s = c.sections[i];
    CH_RETURN_IF_ERROR(CheckSectionId(s.id, limits).WithField(path + ".id"));
    CH_RETURN_IF_ERROR(CheckSectionTitle(s.title, limits).WithField(path + ".title"));
    auto [it, inserted] = section_index.emplace(s.id, i);
    if (!inserted) {
      return Status::InvalidArgument("section id '" + s.id + "' is already used by sections[" +
                                     Num(it->second) + "]")
          .WithField(path + ".id");
    }
  }
  if (c.items.size() > limits.max_items) {
    return Status::InvalidArgument("a toolkit has at most " + Num(limits.max_items) +
                                   " items; this one has " + Num(c.items.size()))
        .WithField("items");
  }
  std::unordered_map<std::string_view, size_t> resource_index;
  for (size_t i = 0; i < c.items.size(); ++i) {
    const std::string path = "items[" + Num(i) + "]";
    const ToolkitItem& item = c.items[i];
    CH_RETURN_IF_ERROR(CheckResourceId(item.resource_id).WithField(path + ".resource_id"));
    auto [it, inserted] = resource_index.emplace(item.resource_id, i);
    if (!inserted) {
      return Status::InvalidArgument("resource '" + item.resource_id +
                                     "' is already in the toolkit at items[" + Num(it->second) +
                                     "]; each resource may appear once")
          .WithField(path + ".resource_id");
    }
    CH_RETURN_IF_ERROR(CheckItemNote(item.note, limits).WithField(path + ".note"));
    if (!item.section_id.empty() && !section_index.count(item.section_id)) {
      return Status::InvalidArgument("section_id '" + item.section_id.substr(0, 60) +
                                     "' names no section of this toolkit")
          .WithField(path + ".section_id");
    }
  }
  return Status::Ok();
}

std::string FormatRfc3339(int64_t unix_ms) {
  int64_t seconds = unix_ms / 1000;
  int64_t millis = unix_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  time_t t = static_cast<time_t>(seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buffer[80];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

}  // namespace ch
