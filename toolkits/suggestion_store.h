// suggestion_store.h: suggestions from the public, and where they are kept.
//
// A suggestion is a resource someone outside thinks the library should have: a title, an
// address, why it helps and an optional contact email. Curators review them: accept (and then
// publish a resource made from it) or decline with a reason. The submitter follows the status
// through a private link carrying a random token; the store keeps only the token's SHA-256.
//
// The store keeps suggestions exactly as given (SuggestionService validates them first) and owns
// versions like ToolkitStore: Create stores version 1; Update checks the caller's expected
// version, so two curators deciding at once cannot both win (FailedPrecondition for the loser).
// Implementations share the toolkit database and its migrations (migration 3, `suggestions`):
// SqliteSuggestionStore (one file, the toolkits' file) and PostgresSuggestionStore (shared by
// server replicas); OpenSuggestionStore picks one from the same --toolkits-db value. One test
// suite (tests/toolkits/suggestion_store_test.cc) runs against both.
//
// Errors (every method): NotFound for an unknown id; Unavailable when the storage is busy;
// IOError, Corruption or Internal for storage failures. No exceptions escape.
// Thread-safety: implementations are safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "toolkits/toolkit_store_factory.h"

namespace ch {

// The statuses, in the order a suggestion usually moves through them.
inline constexpr const char* kSuggestionNew = "new";
inline constexpr const char* kSuggestionAccepted = "accepted";    // a curator is making it
inline constexpr const char* kSuggestionDeclined = "declined";    // with a reason
inline constexpr const char* kSuggestionPublished = "published";  // resource_id names it

struct PublicSuggestion {
  std::string id;          // NewToolkitId(): 12 characters of base64url
  std::string token_hash;  // HashEditKey(status token)
  std::string title;
  std::string url;
  std::string why;
  std::string email;  // "" when none was given; never shown to the public
  std::string status = kSuggestionNew;
  std::string reason;       // set when declined
  std::string resource_id;  // set when published (or accepted with an id in mind)
  std::string decided_by;   // the curator key's name of the last decision
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

struct SuggestionPage {
  std::vector<PublicSuggestion> suggestions;  // newest first
  int64_t total = 0;                          // of the whole filtered list
};

class SuggestionStore {
 public:
  virtual ~SuggestionStore() = default;
  // Stores `s` with version 1. AlreadyExists when the id is taken.
  virtual Status Create(const PublicSuggestion& s) = 0;
  virtual Result<PublicSuggestion> Get(const std::string& id) = 0;
  // Newest first; `status` "" lists every status. `offset` and `limit` page through them.
  virtual Result<SuggestionPage> List(const std::string& status, int64_t offset, int64_t limit) = 0;
  // How many suggestions have `status` (the service bounds the open queue with it).
  virtual Result<int64_t> Count(const std::string& status) = 0;
  // Replaces status, reason, resource_id, decided_by and updated_at_ms when the stored version
  // is `expected_version`, and increments it. Returns the stored suggestion.
  // FailedPrecondition when the version differs.
  virtual Result<PublicSuggestion> Update(const PublicSuggestion& s, int64_t expected_version) = 0;
};

// Opens the suggestion store in the database `spec` names (the toolkit store's), migrating it.
Result<std::unique_ptr<SuggestionStore>> OpenSuggestionStore(
    const ToolkitStoreSpec& spec, const ToolkitStoreOptions& options = {});

}  // namespace ch
