// suggestion_service.h: the rules for suggestions from the public (suggestion_store.h).
//
// Submitting (POST /api/v1/suggestions, no account):
//   {"title", "url", "why"?, "email"?, "website", "form_token"}
//   - title 1-300 characters, url an absolute http(s) address of at most 2,000 characters, why
//     at most 4,000 characters, email at most 254 characters and shaped like an address; no other
//     members; the whole body at most `max_request_bytes` (16 KiB).
//   - Spam guards that need no third-party service: `website` is a honeypot the form hides from
//     people (it must be absent or empty); `form_token` is what IssueFormToken gave the form when
//     it opened, signed with the server's secret (HMAC-SHA256): it must be at least
//     `min_form_seconds` old (people take longer than that to fill in a form; scripts do not) and
//     at most `max_form_age_seconds`. The per-address rate limit is the HTTP layer's (WriteGuard).
//   - At most `max_open` suggestions wait with status "new"; beyond that, Unavailable.
//   The answer carries a status token (43 random characters, shown once; the store keeps its
//   hash) for the submitter's private status link.
//
// Reviewing (curators): List and Get show everything (the email too). Decide changes the status:
//   {"status": "accepted" | "declined" | "published" | "new", "reason"?, "resource_id"?,
//    "version"?}
//   declined needs a reason (1-1,000 characters); published needs the resource_id of a resource
//   that exists; `version` (or If-Match) makes the change conditional (FailedPrecondition when
//   another curator decided first).
//
// Errors: InvalidArgument (field() names the member; "body" for malformed JSON), NotFound,
// FailedPrecondition, ResourceExhausted (body too large), Unavailable, and the store's errors.
// Thread-safe (the store and directory are; the secret is fixed at construction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "toolkits/resource_directory.h"
#include "toolkits/suggestion_store.h"

namespace ch {

struct SuggestionOptions {
  int min_form_seconds = 3;              // a form sent sooner is refused
  int max_form_age_seconds = 24 * 3600;  // an older form must be reloaded
  int64_t max_open = 5000;               // suggestions waiting with status "new"
  size_t max_request_bytes = 16 * 1024;  // the submitted JSON
  // Signs form tokens. "": 32 random bytes made at start, so a restart invalidates open forms
  // (their users reload). Several servers taking suggestions need the same secret.
  std::string form_secret;
};

struct SubmittedSuggestion {
  PublicSuggestion suggestion;
  std::string token;  // the status token, shown once
};

class SuggestionService {
 public:
  // `store` and `directory` are not owned and must outlive the service.
  SuggestionService(SuggestionStore& store, ResourceDirectory& directory,
                    SuggestionOptions options = {});

  const SuggestionOptions& options() const { return options_; }

  // A token for a form opened now (`now_ms`: Unix milliseconds; tests pass their own clock).
  std::string IssueFormToken(int64_t now_ms) const;
  // OK when `token` was issued by this service between max_form_age and min_form_seconds ago.
  Status CheckFormToken(std::string_view token, int64_t now_ms) const;

  Result<SubmittedSuggestion> Submit(std::string_view body, int64_t now_ms);
  // The submitter's view: NotFound unless `token` is the suggestion's status token (the same
  // answer for an unknown id and a wrong token, so neither can be probed).
  Result<PublicSuggestion> StatusFor(const std::string& id, std::string_view token);

  Result<SuggestionPage> List(const std::string& status, int64_t page, int64_t per_page);
  Result<PublicSuggestion> Get(const std::string& id) { return store_.Get(id); }
  Result<PublicSuggestion> Decide(const std::string& id, std::string_view body,
                                  const std::string& curator, std::optional<int64_t> if_match,
                                  int64_t now_ms);

 private:
  std::string Sign(std::string_view payload) const;

  SuggestionStore& store_;
  ResourceDirectory& directory_;
  SuggestionOptions options_;
  std::string secret_;
};

// True for the statuses of suggestion_store.h.
bool IsSuggestionStatus(std::string_view status);

// JSON for the submitter (no email, no curator name) and for curators (everything but the
// token hash). Times are RFC 3339 UTC.
std::string EncodePublicSuggestion(const PublicSuggestion& s);
std::string EncodeCuratorSuggestion(const PublicSuggestion& s);
std::string EncodeSuggestionPage(const SuggestionPage& page, int64_t page_number, int64_t per_page);

}  // namespace ch
