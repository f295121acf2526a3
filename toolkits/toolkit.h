// toolkit.h: a user-built toolkit as a plain value, its limits and its validation.
//
// A toolkit is an ordered list of clearinghouse resources, each with the user's own note, under a
// title and description, optionally grouped into named sections. What a user writes is the
// ToolkitContent; the Toolkit adds what the system keeps (id, times, version, origin).
//
//   ToolkitContent c;
//   c.title = "Crime gun intelligence";
//   c.sections = {{"start", "Start here"}};
//   c.items = {{"nibin-lead-follow-up-investigator-guide", "Read first.", "start"}};
//   Status s = ValidateToolkitContent(c, ToolkitLimits());  // OK
//
// Times are int64 Unix milliseconds (UTC) in the model and the store; the JSON API renders them
// as RFC 3339 UTC strings with milliseconds (FormatRfc3339), e.g. "2025-03-01T14:05:09.120Z".
//
// Character counts are Unicode code points of valid UTF-8. Validation returns the first problem
// as Status::InvalidArgument with field() set to a path into the JSON request ("title",
// "sections[2].id", "items[3].note") and a message naming the limit.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ch {

// Bytes of a request body the HTTP layer accepts for toolkit routes (256 KiB). The HTTP layer
// enforces it before calling the service; the JSON parsers check it again.
inline constexpr size_t kMaxToolkitRequestBytes = 256 * 1024;

struct ToolkitLimits {
  size_t max_title_chars = 200;         // titles need 1 to this many characters
  size_t max_description_chars = 5000;  // may be empty
  size_t max_items = 300;
  size_t max_note_chars = 2000;  // per item; may be empty
  size_t max_sections = 20;
  size_t max_section_title_chars = 200;  // 1 to this many characters
  size_t max_section_id_chars = 40;      // a slug: [a-z0-9-], starting with a letter or digit
  size_t max_request_bytes = kMaxToolkitRequestBytes;
};

struct ToolkitSection {
  std::string id;     // short slug, unique within the toolkit ("start-here")
  std::string title;  // shown as a heading
};

struct ToolkitItem {
  std::string resource_id;  // a resource slug in the index
  std::string note;         // the user's note; plain text, newlines allowed
  std::string section_id;   // one of the toolkit's section ids, or "" for no section
};

// What the owner of a toolkit edits.
struct ToolkitContent {
  std::string title;
  std::string description;  // plain text, newlines allowed
  // The toolkit's language (an analysed language code, indexer/languages.h): its exports'
  // headings and labels are in it. "en" when a request gives none; the page sends its own.
  std::string language = "en";
  std::vector<ToolkitSection> sections;  // in display order
  std::vector<ToolkitItem> items;        // in display order; each resource at most once
};

struct Toolkit {
  std::string id;  // 12 characters of base64url for stored toolkits; a slug for featured ones
  ToolkitContent content;
  std::string copied_from;    // id of the toolkit this one was copied from, or ""
  int64_t created_at_ms = 0;  // Unix milliseconds, UTC; 0 when unknown (featured, drafts)
  int64_t updated_at_ms = 0;
  int64_t version = 0;  // 1 after create, +1 on every change; 0 for featured toolkits and drafts
};

// Checks every rule of the model: lengths and counts against `limits`, valid UTF-8 without
// control characters (newlines and tabs allowed in description and notes), slug syntax of
// section and resource ids, unique section ids, unique resource ids, and section_id naming a
// section. Does not check that resources exist (the service asks the index).
Status ValidateToolkitContent(const ToolkitContent& content, const ToolkitLimits& limits);

// The single-field checks ValidateToolkitContent is made of, for parsers that report positions
// of their own (featured_toolkits.h). Each returns InvalidArgument without a field.
Status CheckToolkitTitle(std::string_view title, const ToolkitLimits& limits);
Status CheckToolkitDescription(std::string_view description, const ToolkitLimits& limits);
Status CheckSectionId(std::string_view id, const ToolkitLimits& limits);
Status CheckSectionTitle(std::string_view title, const ToolkitLimits& limits);
Status CheckResourceId(std::string_view id);
Status CheckItemNote(std::string_view note, const ToolkitLimits& limits);
// InvalidArgument unless `language` is an analysed language code ("en", "es").
Status CheckToolkitLanguage(std::string_view language);

// "2025-03-01T14:05:09.120Z" for a Unix time in milliseconds.
std::string FormatRfc3339(int64_t unix_ms);

}  // namespace ch
