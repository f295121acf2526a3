// wdk_mapping.h: Windows Driver Kit API reference pages as clearinghouse resource files.
//
// The WDK reference (MicrosoftDocs/windows-driver-docs-ddi, CC BY 4.0) is real, messy Markdown
// with YAML front matter; benchmarks map it onto our resource format (docs/resource-format.md) to
// measure indexing on a real corpus. The mapping, field by field, is documented in
// benchmarks/wdk_mapper.cc; this header holds its pure parts so that tests can check them.
//
//   auto split = SplitFrontMatter(file_bytes);
//   WdkPage page;
//   page.relative_path = "1394/ns-1394-_address_fifo.md";
//   Status s = ReadWdkFrontMatter(split->front_matter, &page);
//   page.body = std::string(split->body);
//   IdAllocator ids;
//   MappedResource r = MapWdkPage(page, ids, {});   // r.file is a valid resource file
//
// Everything here is a pure function of its arguments, except IdAllocator and TopicCatalog, which
// accumulate state across pages (one instance per corpus; not thread-safe).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"

namespace ch::bench {

// One source file's front matter (the YAML text between the fences) and body (everything after
// the closing fence's line).
struct SourceSplit {
  std::string_view front_matter;
  std::string_view body;
};

// Splits with the indexer's ch::SplitFrontMatter (indexer/front_matter.h), after skipping a
// leading UTF-8 byte-order mark, which the indexer would reject. nullopt when the file does not
// start with a fence or the fence is never closed.
std::optional<SourceSplit> SplitFrontMatter(std::string_view file);

// "10/19/2018" or "2/5/2019" (M/D/YYYY, surrounding spaces allowed) -> "2018-10-19"; "" when the
// value is not of that form or is not a real calendar date in 1900-2100.
std::string PublishedFromMsDate(std::string_view ms_date);

// Gives every page a unique resource id (lowercase letters, digits and hyphens, at most 120
// characters).
class IdAllocator {
 public:
  // The slug of `wanted` (every run of characters outside [a-z0-9], after lowercasing, becomes
  // one hyphen; cut to 120 characters); "wdk-page" when nothing is left. When the slug is taken,
  // the first free of slug-2, slug-3, ... (the slug cut so that the whole fits), and the
  // collision is counted.
  std::string Allocate(std::string_view wanted);
  size_t collisions() const { return collisions_; }

 private:
  std::unordered_set<std::string> taken_;
  size_t collisions_ = 0;
};

// The page's kind, as the front matter states it (values as written; matching ignores case).
struct PageKind {
  std::vector<std::string> topic_types;  // `topic_type`: APIRef, kbSyntax
  std::vector<std::string> api_types;    // `api_type`: HeaderDef, DllExport, LibDef, COM, ...
  std::string ms_topic;                  // `ms.topic`: overview, portal, language-reference
  std::string file_name;                 // "index.md" for a header's or area's landing page
};

// Our taxonomy type for a page (every value is a type of corpus/taxonomy.yaml):
//   a landing page (no apiref/kbSyntax topic_type, and ms.topic overview or portal, or the file
//     is index.md)                                                  -> website
//   an API reference page (topic_type apiref or kbSyntax) whose api_type is
//     HeaderDef (a structure, enumeration, IOCTL or macro)          -> fact-sheet
//     DllExport, LibDef or COM (a function or method to call)       -> guide
//     UserDefined (a callback the driver implements)                -> template
//   anything else (no or an unknown api_type, no topic_type)        -> article
std::string ResourceTypeFor(const PageKind& kind);

// Markdown or HTML-sprinkled text of one paragraph as plain text: links [text](url) become
// their text; common HTML tags (a, b, code, br, p, ...) are removed but other angle-bracket text
// such as "<service name>" is kept; "**", backticks and backslash escapes of punctuation are
// removed; character references (&amp;, &#0034;, &#x22;) are decoded; runs of whitespace become
// one space; the result is trimmed.
std::string PlainText(std::string_view markdown);

// `text` when it has at most `max_chars` characters (code points), else cut at the last space
// before the limit (or at the limit, never inside a UTF-8 sequence) with "..." appended, the
// whole within `max_chars`.
std::string CutToChars(std::string_view text, size_t max_chars);

// The first paragraph of prose in a Markdown body, as plain text: skips headings, blank lines,
// HTML comments, fenced code blocks, tables and raw HTML lines; "" when there is none.
std::string FirstBodyParagraph(std::string_view body);

enum class SummarySource { kDescription, kBody, kTitle };
struct Summary {
  std::string text;
  SummarySource source = SummarySource::kDescription;
};
// The plain text of `description`, cut to `max_chars`; when that is empty, the first sentence
// of the body's first paragraph (at most 300 characters); when that is empty too, the title.
Summary SummaryFor(std::string_view description, std::string_view body, std::string_view title,
                   size_t max_chars = 2000);

// Longer `tech.root` values are sentences pasted by mistake, not technology areas.
inline constexpr size_t kMaxTechRootChars = 40;
// "wdk-" + the slug of a `tech.root` value ("IEEE" and "ieee" -> "wdk-ieee", "_hid" ->
// "wdk-hid"); "" when the value is empty, longer than kMaxTechRootChars or has no letter or digit.
std::string TopicIdForTechRoot(std::string_view tech_root);

// One topic added to the taxonomy.
struct WdkTopic {
  std::string id;     // "wdk-ieee"
  std::string label;  // the value's most frequent spelling ("IEEE")
  size_t pages = 0;
};

// Collects the distinct `tech.root` values of a corpus.
class TopicCatalog {
 public:
  // Records one page's value; returns its topic id, or "" when the value is unusable.
  std::string Add(std::string_view tech_root);
  // The topics by id; each label is the spelling most pages use (ties: the smallest string).
  std::vector<WdkTopic> Topics() const;

 private:
  std::map<std::string, std::map<std::string, size_t>> spellings_;  // id -> spelling -> pages
};

// `taxonomy_yaml` (the text of corpus/taxonomy.yaml) with `topics` appended to its `topics`
// list, as YAML text (comments are not kept). InvalidArgument when the text does not parse, has
// no `topics` list or already has one of the ids.
Result<std::string> TaxonomyWithTopics(std::string_view taxonomy_yaml,
                                       const std::vector<WdkTopic>& topics);

// What the mapping reads from one source file.
struct WdkPage {
  std::string relative_path;  // "1394/ns-1394-_address_fifo.md" (folder/file, '/'-separated)
  std::string uid;            // `UID`
  std::string title;
  std::string description;
  std::string ms_date;
  std::string tech_root;
  PageKind kind;
  // Keyword candidates in priority order: `keywords`, `api_name`, `f1_keywords`, `req.header`,
  // `api_location` (scalar values and the scalar items of lists, as written).
  std::vector<std::string> keywords;
  std::string body;  // the Markdown after the front matter
};

// Fills `page` (all but relative_path and body) from the front matter's YAML text; set
// relative_path first (kind.file_name comes from it). A list field
// given as a single value counts as a one-item list; items that are not scalars are ignored.
// InvalidArgument with yaml-cpp's message and "line L, column C" (1-based, in the file, whose
// line 2 is the front matter's first) when the YAML does not parse, or when it is not a mapping.
Status ReadWdkFrontMatter(std::string_view yaml, WdkPage* page);

struct MappingOptions {
  std::string focus_area = "technology";
  std::string source = "Microsoft Windows Driver Kit documentation";
  std::string language = "en";
  // The public page is url_base + folder + "/" + file name without ".md" (index.md: the folder).
  std::string url_base = "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/";
  size_t max_title_chars = 300;  // the limits of docs/resource-format.md
  size_t max_summary_chars = 2000;
  size_t max_keywords = 50;
  size_t max_keyword_chars = 300;
};

struct MappedResource {
  std::string id;
  std::string type;
  std::string topic;      // "" when tech.root is missing or unusable
  std::string published;  // "" when ms.date is missing or invalid
  SummarySource summary_source = SummarySource::kDescription;
  bool body_from_summary = false;  // the page's body was empty
  size_t keywords_dropped = 0;     // over the item limit or the length limit (duplicates aside)
  std::string file;                // the whole resource file: front matter and body
};

// Maps one page: the id from the UID (else the folder and file name) through `ids`, the topic
// from TopicIdForTechRoot, the front matter written with yaml-cpp's emitter (every text value
// double-quoted). Keywords are trimmed, whitespace-collapsed and deduplicated ignoring case. An
// empty body becomes the summary as one paragraph (Markdown punctuation escaped).
MappedResource MapWdkPage(const WdkPage& page, IdAllocator& ids, const MappingOptions& options);

}  // namespace ch::bench
