// scifact_corpus.h: the SciFact (BEIR) collection as clearinghouse resource files.
//
// corpus.jsonl holds one JSON object a line, {"_id" or "id", "title", "text"}. Each document
// becomes one valid resource file (docs/resource-format.md):
//   id       "scifact-" + the SciFact id (ids are digits, so the slug is stable and unique)
//   title    the title (cut at a word to the 300-character limit if ever longer)
//   summary  the first sentence of the text, at most ~300 characters (cut at a word)
//   body     the whole text, every ASCII punctuation character backslash-escaped so that
//            Markdown renders exactly the original characters (no emphasis, lists or HTML)
//   type, focus_areas  fixed values from the taxonomy (ScifactResourceOptions)
//
//   auto docs = ReadScifactCorpus("../shared/eval/scifact/corpus.jsonl");
//   std::string file = ResourceFileFor((*docs)[0], {});
//
// Errors: IOError when the file cannot be read, InvalidArgument naming the line of a bad record.
// Pure functions apart from the file reading and writing: thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace ch::bench {

struct ScifactDocument {
  std::string id;  // the SciFact id, as in the qrels
  std::string title;
  std::string text;
};

struct ScifactResourceOptions {
  // No SciFact test query names these (or their synonyms), so the concept terms that every
  // document gets from its tags never match a query word.
  std::string type = "research-brief";
  std::string focus_area = "technology";
  size_t summary_chars = 300;  // the summary is the first sentence, cut to about this length
};

Result<std::vector<ScifactDocument>> ReadScifactCorpus(const std::string& jsonl_path);
Result<std::vector<ScifactDocument>> ParseScifactCorpus(std::string_view jsonl);

// Runs of whitespace (space, tab, CR, LF, form feed) as one space, trimmed.
std::string CollapseSpaces(std::string_view text);
// "4983" -> "scifact-4983".
std::string ResourceIdFor(std::string_view scifact_id);
// The first sentence of `text`: up to and including the first ". ", "? " or "! " that is at least
// 20 characters in and not followed by a lowercase letter ("e.g. aspirin"), or when there is none
// within `max_chars`, the text cut at the last space before `max_chars` plus "...".
std::string FirstSentence(std::string_view text, size_t max_chars);
// `text` with every ASCII punctuation character preceded by a backslash (CommonMark escapes),
// runs of whitespace (newlines included) as one space, so it is one plain paragraph.
std::string EscapeMarkdown(std::string_view text);
// The whole resource file (front matter and body) for one document.
std::string ResourceFileFor(const ScifactDocument& doc, const ScifactResourceOptions& options);

// Writes one file per document into `corpus_dir` (created; *.md files already there are removed
// first) and returns resource id -> SciFact id.
Result<std::unordered_map<std::string, std::string>> WriteScifactCorpus(
    const std::vector<ScifactDocument>& docs, const std::string& corpus_dir,
    const ScifactResourceOptions& options);

}  // namespace ch::bench
