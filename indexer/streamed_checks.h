// streamed_checks.h: the checks across files (CheckAcrossFiles in corpus.h: duplicate ids,
// `related` and `translations` ids) made as a full build streams the corpus, on compact per-id
// records instead of the parsed files.
//
// Files are added one at a time, in the corpus's path order (file index 0, 1, ...). A duplicate id
// is reported when its second file arrives; a `related` or `translations` id is checked at once
// when its target has been seen, and kept (about 30 bytes plus the id) until Finish otherwise.
// After Finish, diagnostics() holds every file's own diagnostics and the cross-file ones in
// exactly the order ValidateCorpus gives them (by file; per file: its own, the duplicate, related,
// translations), and errors() counts the errors among them.
//
// Memory: CompactIdSet's per id, the unresolved references, and the diagnostics (problems only).
// `paths` (corpus-relative, as ListCorpusFiles gives them) must outlive the object. Not
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "indexer/compact_id_set.h"
#include "indexer/diagnostic.h"
#include "indexer/resource_parser.h"

namespace ch {

class StreamedChecks {
 public:
  StreamedChecks(std::string corpus_dir, const std::vector<std::string>& paths);

  // File `index` (the next one in path order), parsed: takes its diagnostics (moved out of
  // `file`) and checks its id and references against the files before it.
  void Add(uint32_t index, ParsedResource& file);
  // Checks the references kept for later, once every file is added; sorts the diagnostics.
  void Finish();

  size_t errors() const { return errors_; }
  const CompactIdSet& ids() const { return ids_; }
  // Every diagnostic, in order once Finish has run; moved out by the caller.
  std::vector<Diagnostic> TakeDiagnostics();

 private:
  enum class Kind : uint8_t { kOwn, kDuplicate, kRelated, kTranslation };
  struct Keyed {
    uint32_t file;
    Kind kind;
    uint32_t ordinal;  // the diagnostic's or the reference's position in its file
    Diagnostic diagnostic;
  };
  struct Pending {                   // a reference whose target had not been seen yet
    uint32_t file, ordinal, offset;  // offset: of the target id in pending_ids_
    uint16_t length, language;       // language: the referring file's
    int line, column;
    Kind kind;
  };

  uint16_t LanguageTag(const std::string& language);
  void Report(uint32_t file, Kind kind, uint32_t ordinal, int line, int column, Severity severity,
              const std::string& field, std::string message);
  // Checks one reference whose target is `target` (nullptr: not among the files).
  void CheckReference(const Pending& ref, std::string_view id, const CompactIdSet::Record* target);
  std::string PathOf(uint32_t file) const;

  std::string corpus_dir_;
  const std::vector<std::string>& paths_;
  CompactIdSet ids_;
  std::vector<std::string> languages_;  // tag -> language code
  std::string pending_ids_;
  std::vector<Pending> pending_;
  std::vector<Keyed> diagnostics_;
  size_t errors_ = 0;
};

}  // namespace ch
