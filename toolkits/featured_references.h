// featured_references.h: which featured toolkit files (corpus/toolkits/*.yaml) list a resource,
// and the same files rewritten without it.
//
// Used by the curator API's delete (server/services/curator_service.h): without ?force=true a
// delete of a resource that a featured toolkit lists is refused and the toolkits are named; with
// it, each file is rewritten without the resource's items, so that `clearinghouse-index validate`
// and the server's next start still load every toolkit. The edit is made on the text, so comments
// and the other items stay as the curator wrote them: the item's lines (its "- resource: id" line
// and the more indented lines below it, such as its note) are removed; a section left with no
// items is removed the same way.
//
// Errors: IOError when the folder or a file cannot be read; FailedPrecondition, naming the file,
// when a rewrite is impossible (the toolkit would have no section left) or the rewritten text does
// not parse cleanly (an unusual layout, such as a flow-style list): the caller then changes
// nothing. Files that do not mention the resource are never touched. Pure functions of the files,
// thread-safe.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "base/status.h"

namespace ch {

struct FeaturedReference {
  std::string path;        // the file
  std::string toolkit_id;  // its `id`
  std::string title;       // its `title`
  std::string rewritten;   // the file's text without the resource (filled by the rewrite)
};

// The featured toolkit files in `dir` (same files as LoadFeaturedToolkits) whose items name
// `resource_id`, in file order. `rewritten` is left empty. A missing `dir` gives none.
Result<std::vector<FeaturedReference>> FindFeaturedReferences(const std::string& dir,
                                                              const std::string& resource_id);

// Fills `ref.rewritten`: the file's text without `resource_id`, checked by parsing it again with
// `remaining_ids` (the resources that exist once `resource_id` is gone): it must have no errors
// unless the file had errors before the edit, and must not name `resource_id` any more.
Status RewriteWithoutResource(FeaturedReference& ref, const std::string& resource_id,
                              const std::unordered_set<std::string>& remaining_ids);

}  // namespace ch
