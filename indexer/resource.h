// resource.h: one clearinghouse resource as a plain value.
//
// A Resource is what a Markdown file with front matter means once parsed and validated: the
// indexer turns it into a Xapian document (schema.h) and the server turns stored documents back
// into Resources for API responses. It owns all its data and holds no handles. ResourceSummary is
// its card, shared by the toolkits and the API; both live here, the lowest layer that needs them.
#pragma once

#include <string>
#include <vector>

#include "indexer/evidence.h"

namespace ch {

struct Resource {
  std::string id;  // stable slug: [a-z0-9][a-z0-9-]*, at most 120 bytes
  std::string title;
  std::string summary;                   // plain text
  std::string type;                      // taxonomy type id
  std::vector<std::string> focus_areas;  // taxonomy focus-area ids, at least one
  std::vector<std::string> topics;
  std::vector<std::string> audience;
  std::string source;  // publishing agency or organisation
  std::vector<std::string> authors;
  std::string published;        // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; may be empty
  std::string updated;          // same format; may be empty
  std::string url;              // http or https; may be empty
  std::string duration;         // free text such as "1 hour"
  std::string language = "en";  // ISO 639-1 code
  std::vector<std::string> keywords;
  std::vector<std::string> related;  // ids of other resources
  Evidence evidence;                 // empty unless the type is rated (program, practice)
  // Ids of the same resource in other languages (each in a language other than this one's).
  std::vector<std::string> translations;

  std::string body_markdown;  // the Markdown after the front matter, as written
  std::string body_html;      // rendered, safe to embed in a page (markdown.h)
  std::string body_text;      // plain text of the body, for indexing and snippets

  std::string source_path;   // path relative to the corpus folder, "" for documents sent over HTTP
  std::string content_hash;  // hex SHA-256 of the file's bytes
};

// What lists of resources show (related resources, toolkit items): the card, not the page.
struct ResourceSummary {
  std::string id, title, summary, type, url, published, source;
  std::vector<std::string> focus_areas;
  Evidence evidence;  // the ratings, so that toolkits can show and count them
  // The resource's language ("en", "es"): pages mark its title and summary with it (lang=).
  std::string language;
};

ResourceSummary SummaryOf(const Resource& r);

}  // namespace ch
