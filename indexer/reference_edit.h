// reference_edit.h: removing one id from a resource file's `related` list, as text.
//
// Used when a curator deletes a resource with ?force=true (server/services/curator_service.h):
// every resource that lists the deleted id in its front matter's `related` is rewritten without
// it. The edit is made on the file's text so that everything else (comments, order, quoting, the
// body) stays byte for byte as the curator wrote it:
//   block lists   related:\n  - a\n  - gone\n  - b   -> the "- gone" line is removed
//   flow lists    related: [a, gone, b]              -> related: [a, b]
//   one value     related: gone                      -> related: []
// An emptied block list is left as `related:` (no value, which the format reads as no list).
//
// Errors: FailedPrecondition when an occurrence cannot be found at the place the parser reported
// (the caller then refuses the change and names the file). The caller re-parses the result and
// checks it. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "indexer/resource_parser.h"

namespace ch {

// `refs` are the file's related references as ParseResource reported them (1-based file lines).
Result<std::string> RemoveRelatedId(std::string_view file,
                                    const std::vector<RelatedReference>& refs,
                                    const std::string& id);

}  // namespace ch
