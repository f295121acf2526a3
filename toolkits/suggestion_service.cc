#include "toolkits/suggestion_service.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>

#include "base/json_writer.h"
#include "base/slug.h"
#include "base/utf8.h"
#include "toolkits/toolkit.h"
#include "toolkits/toolkit_keys.h"

namespace ch {
namespace {

using rapidjson::Value;

constexpr size_t kMaxTitle = 300;
constexpr size_t kMaxUrl = 2000;
constexpr size_t kMaxWhy = 4000;
constexpr size_t kMaxEmail = 254;
constexpr size_t kMaxReason = 1000;

Status Wrong(const std::string& field, const std::string& message) {
  return Status::InvalidArgument(message).WithField(field);
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

Status ParseObject(std::string_view body, size_t max_bytes, rapidjson::Document* doc) {
  if (body.size() > max_bytes) {
    return Status::ResourceExhausted("the request body has " + std::to_string(body.size()) +
                                     " bytes; the limit is " + std::to_string(max_bytes))
        .WithField("body");
  }
  doc->Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.data(),
                                                                                     body.size());
  if (doc->HasParseError()) {
    return Wrong("body", std::string("malformed JSON: ") +
                             rapidjson::GetParseError_En(doc->GetParseError()));
  }
  if (!doc->IsObject()) return Wrong("body", "the request body must be a JSON object");
  return Status::Ok();
}

// Every member known, none twice (a second "why" would otherwise pass unchecked).
Status CheckMembers(const Value& object, std::initializer_list<const char*> known) {
  for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
    std::string name(m->name.GetString(), m->name.GetStringLength());
    for (auto n = object.MemberBegin(); n != m; ++n) {
      if (n->name == m->name) {
        return Wrong(name.substr(0, 60), "member '" + name.substr(0, 60) + "' appears twice");
      }
    }
    if (std::any_of(known.begin(), known.end(), [&](const char* k) { return name == k; })) {
      continue;
    }
    std::string allowed;
    for (const char* k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
    return Wrong(name.substr(0, 60),
                 "unknown member '" + name.substr(0, 60) + "' (known: " + allowed + ")");
  }
  return Status::Ok();
}

// An optional string member, trimmed, at most `max` characters.
Status Text(const Value& object, const char* name, size_t max, bool required, std::string* out) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) {
    return required ? Wrong(name, std::string(name) + " is required") : Status::Ok();
  }
  if (!it->value.IsString()) return Wrong(name, std::string(name) + " must be a string");
  std::string value(it->value.GetString(), it->value.GetStringLength());
  value.erase(0, value.find_first_not_of(" \t\r\n"));
  value.erase(value.find_last_not_of(" \t\r\n") + 1);
  if (value.find('\0') != std::string::npos) {
    return Wrong(name, std::string(name) + " must not contain NUL characters");
  }
  if (required && value.empty()) return Wrong(name, std::string(name) + " must not be empty");
  size_t length = Utf8Length(value);
  if (length > max) {
    return Wrong(name, std::string(name) + " has " + std::to_string(length) +
                           " characters; at most " + std::to_string(max) + " are allowed");
  }
  *out = std::move(value);
  return Status::Ok();
}

bool IsHttpUrl(const std::string& url) {
  auto starts = [&](const char* p) {
    size_t n = std::char_traits<char>::length(p);
    if (url.size() <= n) return false;
    for (size_t i = 0; i < n; ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    }
    return true;
  };
  if (!starts("http://") && !starts("https://")) return false;
  size_t host = url.find("://") + 3;
  if (host >= url.size() || url[host] == '/') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"';
  });
}

bool LooksLikeEmail(const std::string& email) {
  size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  size_t dot = email.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < email.size() &&
         std::none_of(email.begin(), email.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

void WriteTime(JsonWriter& w, const char* key, int64_t ms) {
  w.OptionalField(key, ms == 0 ? std::string() : FormatRfc3339(ms));
}

void WriteSuggestion(JsonWriter& w, const PublicSuggestion& s, bool curator) {
  w.StartObject();
  w.Field("id", s.id);
  w.Field("status", s.status);
  w.Field("title", s.title);
  w.Field("url", s.url);
  w.Field("why", s.why);
  if (curator) w.Field("email", s.email);
  w.OptionalField("reason", s.reason);
  w.OptionalField("resource_id", s.resource_id);
  w.OptionalField("resource_url", s.resource_id.empty() || s.status != kSuggestionPublished
                                      ? std::string()
                                      : "/resource.html?id=" + s.resource_id);
  if (curator) w.OptionalField("decided_by", s.decided_by);
  WriteTime(w, "created", s.created_at_ms);
  WriteTime(w, "updated", s.updated_at_ms);
  w.Field("version", s.version);
  w.EndObject();
}

}  // namespace

bool IsSuggestionStatus(std::string_view status) {
  return status == kSuggestionNew || status == kSuggestionAccepted ||
         status == kSuggestionDeclined || status == kSuggestionPublished;
}

SuggestionService::SuggestionService(SuggestionStore& store, ResourceDirectory& directory,
                                     SuggestionOptions options)
    : store_(store), directory_(directory), options_(std::move(options)) {
  secret_ = options_.form_secret;
  if (secret_.empty()) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
      // Without randomness no token can be trusted: a secret nobody can know refuses them all.
      secret_ = "unusable";
    } else {
      secret_.assign(reinterpret_cast<const char*>(bytes), sizeof bytes);
    }
  }
}

std::string SuggestionService::Sign(std::string_view payload) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &length);
  return Hex(mac, length);
}

std::string SuggestionService::IssueFormToken(int64_t now_ms) const {
  std::string payload = "f1." + std::to_string(now_ms);
  return payload + "." + Sign(payload);
}

Status SuggestionService::CheckFormToken(std::string_view token, int64_t now_ms) const {
  const Status expired =
      Wrong("form_token",
            "this form has expired or was not made by this site: reload the page "
            "and send it again");
  size_t last = token.rfind('.');
  if (token.size() > 120 || token.rfind("f1.", 0) != 0 || last == std::string_view::npos ||
      last <= 3) {
    return expired;
  }
  std::string_view payload = token.substr(0, last);
  std::string expected = Sign(payload);
  std::string_view mac = token.substr(last + 1);
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) != 0) {
    return expired;
  }
  int64_t issued = 0;
  std::string_view when = payload.substr(3);
  auto [ptr, ec] = std::from_chars(when.data(), when.data() + when.size(), issued);
  if (ec != std::errc() || ptr != when.data() + when.size()) return expired;
  int64_t age_ms = now_ms - issued;
  if (age_ms > int64_t{options_.max_form_age_seconds} * 1000) return expired;
  if (age_ms < int64_t{options_.min_form_seconds} * 1000) {
    return Wrong("form_token", "the form was sent " + std::to_string(std::max<int64_t>(age_ms, 0)) +
                                   " ms after it opened; a form must stay open at least " +
                                   std::to_string(options_.min_form_seconds) +
                                   " seconds: check it and send it again");
  }
  return Status::Ok();
}

Result<SubmittedSuggestion> SuggestionService::Submit(std::string_view body, int64_t now_ms) {
  rapidjson::Document doc;
  CH_RETURN_IF_ERROR(ParseObject(body, options_.max_request_bytes, &doc));
  CH_RETURN_IF_ERROR(CheckMembers(doc, {"title", "url", "why", "email", "website", "form_token"}));
  std::string honeypot;
  CH_RETURN_IF_ERROR(Text(doc, "website", 2000, false, &honeypot));
  if (!honeypot.empty()) {
    return Wrong("website", "website must be left empty (it is a trap for automatic senders)");
  }
  std::string form_token;
  CH_RETURN_IF_ERROR(Text(doc, "form_token", 200, true, &form_token));
  CH_RETURN_IF_ERROR(CheckFormToken(form_token, now_ms));
  PublicSuggestion s;
  CH_RETURN_IF_ERROR(Text(doc, "title", kMaxTitle, true, &s.title));
  CH_RETURN_IF_ERROR(Text(doc, "url", kMaxUrl, true, &s.url));
  if (!IsHttpUrl(s.url)) {
    return Wrong("url", "url must be a web address starting with http:// or https://");
  }
  CH_RETURN_IF_ERROR(Text(doc, "why", kMaxWhy, false, &s.why));
  CH_RETURN_IF_ERROR(Text(doc, "email", kMaxEmail, false, &s.email));
  if (!s.email.empty() && !LooksLikeEmail(s.email)) {
    return Wrong("email", "email must look like name@example.org (or be left empty)");
  }
  CH_ASSIGN_OR_RETURN(int64_t open, store_.Count(kSuggestionNew));
  if (open >= options_.max_open) {
    return Status::Unavailable("the curators have " + std::to_string(open) +
                               " suggestions to review already; please try again in a few days");
  }
  CH_ASSIGN_OR_RETURN(s.id, NewToolkitId());
  CH_ASSIGN_OR_RETURN(std::string token, NewEditKey());
  s.token_hash = HashEditKey(token);
  s.status = kSuggestionNew;
  s.created_at_ms = s.updated_at_ms = now_ms;
  CH_RETURN_IF_ERROR(store_.Create(s));
  return SubmittedSuggestion{std::move(s), std::move(token)};
}

Result<PublicSuggestion> SuggestionService::StatusFor(const std::string& id,
                                                      std::string_view token) {
  const Status unknown =
      Status::NotFound("no suggestion matches this link; check that the whole link was copied");
  if (!LooksLikeToolkitId(id) || token.empty()) return unknown;
  Result<PublicSuggestion> s = store_.Get(id);
  if (!s.ok()) return s.status().code() == Status::Code::kNotFound ? unknown : s.status();
  if (!EditKeyMatches(token, s->token_hash)) return unknown;
  return s;
}

Result<SuggestionPage> SuggestionService::List(const std::string& status, int64_t page,
                                               int64_t per_page) {
  if (!status.empty() && !IsSuggestionStatus(status)) {
    return Wrong("status", "status must be one of new, accepted, declined, published");
  }
  return store_.List(status, (page - 1) * per_page, per_page);
}

Result<PublicSuggestion> SuggestionService::Decide(const std::string& id, std::string_view body,
                                                   const std::string& curator,
                                                   std::optional<int64_t> if_match,
                                                   int64_t now_ms) {
  rapidjson::Document doc;
  CH_RETURN_IF_ERROR(ParseObject(body, options_.max_request_bytes, &doc));
  CH_RETURN_IF_ERROR(CheckMembers(doc, {"status", "reason", "resource_id", "version"}));
  std::string status, reason, resource_id;
  CH_RETURN_IF_ERROR(Text(doc, "status", 20, true, &status));
  if (!IsSuggestionStatus(status)) {
    return Wrong("status", "status must be one of new, accepted, declined, published");
  }
  CH_RETURN_IF_ERROR(Text(doc, "reason", kMaxReason, false, &reason));
  CH_RETURN_IF_ERROR(Text(doc, "resource_id", 120, false, &resource_id));
  std::optional<int64_t> version = if_match;
  if (auto v = doc.FindMember("version"); v != doc.MemberEnd() && !v->value.IsNull()) {
    if (!v->value.IsInt64() || v->value.GetInt64() < 1) {
      return Wrong("version", "version must be a whole number from 1");
    }
    version = v->value.GetInt64();
  }
  if (status == kSuggestionDeclined && reason.empty()) {
    return Wrong("reason", "say why the suggestion is declined: the submitter sees the reason");
  }
  if (status == kSuggestionPublished) {
    if (resource_id.empty()) {
      return Wrong("resource_id", "name the resource the suggestion became (resource_id)");
    }
    CH_ASSIGN_OR_RETURN(auto found, directory_.Summaries({resource_id}));
    if (!found.count(resource_id)) {
      return Wrong("resource_id", "no resource has the id '" + resource_id + "'");
    }
  }
  CH_ASSIGN_OR_RETURN(PublicSuggestion s, store_.Get(id));
  int64_t expected = version.value_or(s.version);
  s.status = status;
  s.reason = status == kSuggestionDeclined ? reason : "";
  s.resource_id = resource_id;
  s.decided_by = curator;
  s.updated_at_ms = now_ms;
  return store_.Update(s, expected);
}

std::string EncodePublicSuggestion(const PublicSuggestion& s) {
  JsonWriter w;
  WriteSuggestion(w, s, false);
  return w.Take();
}

std::string EncodeCuratorSuggestion(const PublicSuggestion& s) {
  JsonWriter w;
  WriteSuggestion(w, s, true);
  return w.Take();
}

std::string EncodeSuggestionPage(const SuggestionPage& page, int64_t page_number,
                                 int64_t per_page) {
  JsonWriter w;
  w.StartObject();
  w.Field("total", page.total);
  w.Field("page", page_number);
  w.Field("per_page", per_page);
  w.Key("suggestions");
  w.StartArray();
  for (const PublicSuggestion& s : page.suggestions) WriteSuggestion(w, s, true);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace ch
