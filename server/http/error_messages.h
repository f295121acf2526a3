// error_messages.h: the API's error messages meant for end users, in the reader's language.
//
//   LocaliseErrorMessage("invalid_parameter", "at most 20 values per filter", "es")
//       ->  "como máximo 20 valores por filtro"
//   LocaliseErrorMessage("not_found", "no resource with id 'x'", "es")
//       ->  "no hay ningún recurso con el id 'x'"
//   LocaliseErrorMessage("internal", "...", "es")  ->  nullopt (not in the catalogue: English)
//
// One catalogue (error_messages.cc) holds, per error `code`, English message templates and their
// translations. `{}` in a template stands for a part of the message that is copied as it is (a
// number, an id, a list of allowed values): the English template is matched against the message
// the service wrote, and the parts are put into the translation in the same order. The catalogue
// covers the messages the web pages show to the public: the search (invalid query, filters, dates,
// paging), not found (resource, toolkit, page), rate limits, toolkit titles and the suggestion
// form's fields. Curator and operator messages stay in English (docs/api.md, "Languages").
// Machine-readable codes and `param` never change; only `message` is translated.
//
// LocaliseErrorBody rewrites a JSON error body ({"error": {"code", "message", ...}}) in place; the
// HTTP layer calls it for every error answer (http_server.cc), so every route is covered without
// each one knowing about languages. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ch {

// The translation of `message` (an English message of error `code`) into `lang`, or nullopt when
// `lang` is the default language, unknown, or the message is not in the catalogue.
std::optional<std::string> LocaliseErrorMessage(std::string_view code, std::string_view message,
                                                std::string_view lang);

// Rewrites `body`'s error message into `lang` when the catalogue has it. Returns the language the
// message is now in: `lang` when translated, else "en" (also for a body that is not a JSON error).
std::string LocaliseErrorBody(std::string& body, std::string_view lang);

// How many templates the catalogue holds for `lang` (tests: every language has the same set).
size_t ErrorCatalogueSize(std::string_view lang);

}  // namespace ch
