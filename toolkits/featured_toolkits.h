// featured_toolkits.h: curated toolkits kept as YAML files in the corpus (corpus/toolkits/).
//
// One file per toolkit, named anything ending in .yaml or .yml:
//
//   id: crime-gun-intelligence            # slug, unique among featured toolkits
//   title: "Crime Gun Intelligence"
//   description: >
//     What a department needs to turn ballistic evidence and trace data into arrests.
//   sections:
//     - id: start-here                    # optional; derived from the title when missing
//       title: "Start here"
//       items:
//         - resource: nibin-lead-follow-up-investigator-guide
//           note: "The step-by-step guide for detectives who receive NIBIN leads."
//   translations:                         # optional: the toolkit's words in another language
//     es:                                 # an analysed language code other than the default
//       title: "Inteligencia sobre armas del delito"            # required
//       description: >                                          # optional: else the default's
//         Lo que necesita un departamento para ...
//
// and, beside each section's title and each item's note, their words in that language:
//
//     - id: start-here
//       title: "Start here"
//       translations: {es: {title: "Para empezar"}}
//       items:
//         - resource: nibin-lead-follow-up-investigator-guide
//           note: "The step-by-step guide ..."
//           translations:
//             es: {note: "La guía paso a paso ..."}
//
// (beside, not in a block of their own, so that removing an item or a section, as the curator
// API's delete does with featured_references.h, removes its translations with it). A reader of
// that language gets the translated words (list(lang), Find(id, lang)); a section or a note
// without them keeps the default language's. Errors: a language that is not analysed or is the
// default, a section or item translated into a language the toolkit has no title in, a title,
// description or note over the limits, an unknown key.
//
// Loading checks the model's limits (toolkit.h) and that every `resource` names a resource in
// `resource_ids`. Problems are reported as Diagnostics (indexer/diagnostic.h) with the file,
// line and column of the offending value, e.g.
//   corpus/toolkits/gun.yaml:14:21: error: sections[0].items[2].resource: no resource with id 'x'
// A file with any error is left out of the result; the others still load. Featured toolkits
// are read-only: they have version 0 and no times.
//
// Thread-safety: loading is a pure function of the files; a FeaturedToolkits is immutable after
// construction and safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "indexer/diagnostic.h"
#include "toolkits/resource_directory.h"
#include "toolkits/toolkit.h"

namespace ch {

class FeaturedToolkits {
 public:
  FeaturedToolkits() = default;
  // `translated`: by language code, every toolkit in that language (the ones without a
  // translation as written), in the same order as `toolkits`.
  explicit FeaturedToolkits(
      std::vector<Toolkit> toolkits,
      std::map<std::string, std::vector<Toolkit>, std::less<>> translated = {})
      : toolkits_(std::move(toolkits)), translated_(std::move(translated)) {}

  // In file-name order; in `lang` (its content.language says which language each one is in),
  // as written for "", the default language or a language without translations.
  const std::vector<Toolkit>& list(std::string_view lang = "") const;
  // The toolkit with this id (in `lang`, as list), or nullptr.
  const Toolkit* Find(std::string_view id, std::string_view lang = "") const;

 private:
  std::vector<Toolkit> toolkits_;
  std::map<std::string, std::vector<Toolkit>, std::less<>> translated_;
};

struct FeaturedLoad {
  FeaturedToolkits toolkits;  // the files without errors
  Diagnostics diagnostics;    // every problem in every file, in file order
};

// Parses one file's text. `path` is used in diagnostics. Returns the toolkit when the file has no
// errors (diagnostics may then hold warnings).
struct FeaturedFile {
  std::optional<Toolkit> toolkit;
  std::map<std::string, Toolkit> translations;  // language code -> the toolkit in it
  Diagnostics diagnostics;
};
FeaturedFile ParseFeaturedToolkit(std::string_view yaml_text, const std::string& path,
                                  const std::unordered_set<std::string>& resource_ids,
                                  const ToolkitLimits& limits = {});

// Loads every *.yaml / *.yml file directly in `dir` (sorted by name; hidden files and names
// starting with '_' skipped), also checking that ids are unique across files. A missing `dir`
// gives no toolkits and no diagnostics. Errors: IOError when `dir` exists but cannot be read.
Result<FeaturedLoad> LoadFeaturedToolkits(const std::string& dir,
                                          const std::unordered_set<std::string>& resource_ids,
                                          const ToolkitLimits& limits = {});

// The same, asking `directory` which of the referenced resources exist (for the server, which
// knows its resources through the index). Errors: the directory's, and IOError as above.
Result<FeaturedLoad> LoadFeaturedToolkits(const std::string& dir, ResourceDirectory& directory,
                                          const ToolkitLimits& limits = {});

}  // namespace ch
