#include "server/http/error_messages.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <vector>

namespace ch {
namespace {

// One message: its error code, the English template (as the services write it) and its
// translations. Keep the `{}` parts in the same order in every language. A new language is a new
// column here and in Translation() below.
struct Row {
  const char* code;
  const char* en;
  const char* es;
};

// clang-format off
constexpr Row kCatalogue[] = {
    // The search (server/services/search_service.cc, query_builder.cc, http/request_params.cc).
    {"invalid_parameter", "the query is {} bytes long; the limit is {}",
     "la búsqueda tiene {} bytes; el límite es {}"},
    {"invalid_parameter", "page must be 1 or more", "la página debe ser 1 o más"},
    {"invalid_parameter", "per_page must be between 1 and {}",
     "per_page debe estar entre 1 y {}"},
    {"invalid_parameter", "results past number {} are not served; refine the query or the filters",
     "no se muestran resultados más allá del número {}; precise la búsqueda o los filtros"},
    {"invalid_parameter", "at most {} values per filter", "como máximo {} valores por filtro"},
    {"invalid_parameter", "unknown value '{}'; allowed: {}",
     "valor desconocido '{}'; valores permitidos: {}"},
    {"invalid_parameter", "'{}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
     "'{}' no es una fecha; escriba AAAA, AAAA-MM o AAAA-MM-DD"},
    {"invalid_parameter", "published_from is after published_to",
     "la fecha inicial (published_from) es posterior a la final (published_to)"},
    {"invalid_parameter", "unknown language '{}'; allowed: {}",
     "idioma desconocido '{}'; idiomas permitidos: {}"},
    {"invalid_parameter", "'{}' is not a whole number", "'{}' no es un número entero"},
    {"invalid_parameter", "{} must be between {} and {}", "{} debe estar entre {} y {}"},
    {"invalid_parameter", "unknown sort '{}'; {}", "orden desconocido '{}'; {}"},
    {"invalid_parameter", "unknown parameter '{}'; this route takes: {}",
     "parámetro desconocido '{}'; esta ruta admite: {}"},
    // Not found (catalog_service.cc, toolkit_service.cc, suggestion_service.cc, http_server.cc).
    {"not_found", "no resource with id '{}'", "no hay ningún recurso con el id '{}'"},
    {"not_found", "no toolkit with id '{}'", "no hay ningún kit con el id '{}'"},
    {"not_found", "no suggestion matches this link; check that the whole link was copied",
     "ninguna sugerencia corresponde a este enlace; compruebe que copió el enlace completo"},
    {"not_found", "nothing here: {}", "aquí no hay nada: {}"},
    // Rate limits (http/client_address.cc).
    {"rate_limited", "too many writes from this address; try again in {} seconds",
     "demasiados envíos desde esta dirección; vuelva a intentarlo en {} segundos"},
    // Toolkits (toolkits/toolkit.cc): the title the toolkit page asks for.
    {"invalid_document", "title is required (1 to {} characters)",
     "el título es obligatorio (de 1 a {} caracteres)"},
    {"invalid_document", "title has {} characters; it must have {} (limit {})",
     "el título tiene {} caracteres; debe tener {} (límite {})"},
    // The suggestion form (toolkits/suggestion_service.cc): the fields a person fills in.
    {"invalid_document", "title is required", "el título es obligatorio"},
    {"invalid_document", "url is required", "la dirección web es obligatoria"},
    {"invalid_document", "url must be a web address starting with http:// or https://",
     "la dirección debe ser una dirección web que empiece por http:// o https://"},
    {"invalid_document", "email must look like name@example.org (or be left empty)",
     "el correo debe tener la forma nombre@ejemplo.org (o dejarse vacío)"},
    {"unavailable",
     "the curators have {} suggestions to review already; please try again in a few days",
     "el equipo de revisión ya tiene {} sugerencias pendientes; vuelva a intentarlo en unos días"},
};
// clang-format on

const char* Translation(const Row& row, std::string_view lang) {
  if (lang == "es") return row.es;
  return nullptr;
}

// Matches `message` against `pattern` ("{}" = one or more characters, leftmost); fills `parts`.
bool Match(std::string_view pattern, std::string_view message, std::vector<std::string>* parts) {
  std::vector<std::string_view> literals;
  size_t at = 0;
  while (true) {
    size_t hole = pattern.find("{}", at);
    literals.push_back(pattern.substr(at, hole == std::string_view::npos ? hole : hole - at));
    if (hole == std::string_view::npos) break;
    at = hole + 2;
  }
  if (message.substr(0, literals.front().size()) != literals.front()) return false;
  size_t pos = literals.front().size();
  parts->clear();
  for (size_t i = 1; i < literals.size(); ++i) {
    const std::string_view lit = literals[i];
    size_t found;
    if (i + 1 == literals.size()) {  // the last literal ends the message
      if (message.size() < pos + 1 + lit.size()) return false;
      found = message.size() - lit.size();
      if (message.substr(found) != lit) return false;
    } else {
      found = message.find(lit, pos + 1);
      if (found == std::string_view::npos) return false;
    }
    parts->emplace_back(message.substr(pos, found - pos));
    pos = found + lit.size();
  }
  return literals.size() > 1 || pos == message.size();
}

std::string Fill(std::string_view pattern, const std::vector<std::string>& parts) {
  std::string out;
  size_t at = 0, next = 0;
  while (true) {
    size_t hole = pattern.find("{}", at);
    if (hole == std::string_view::npos) break;
    out.append(pattern.substr(at, hole - at));
    if (next < parts.size()) out += parts[next++];
    at = hole + 2;
  }
  out.append(pattern.substr(at));
  return out;
}

}  // namespace

std::optional<std::string> LocaliseErrorMessage(std::string_view code, std::string_view message,
                                                std::string_view lang) {
  std::vector<std::string> parts;
  for (const Row& row : kCatalogue) {
    const char* translated = Translation(row, lang);
    if (!translated || code != row.code || !Match(row.en, message, &parts)) continue;
    return Fill(translated, parts);
  }
  return std::nullopt;
}

std::string LocaliseErrorBody(std::string& body, std::string_view lang) {
  const std::string kDefault = "en";
  if (lang.empty() || lang == kDefault) return kDefault;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("error")) return kDefault;
  rapidjson::Value& error = doc["error"];
  if (!error.IsObject() || !error.HasMember("code") || !error["code"].IsString() ||
      !error.HasMember("message") || !error["message"].IsString()) {
    return kDefault;
  }
  std::optional<std::string> translated = LocaliseErrorMessage(
      std::string_view(error["code"].GetString(), error["code"].GetStringLength()),
      std::string_view(error["message"].GetString(), error["message"].GetStringLength()), lang);
  if (!translated) return kDefault;
  error["message"].SetString(
      translated->data(), static_cast<rapidjson::SizeType>(translated->size()), doc.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  body.assign(buffer.GetString(), buffer.GetSize());
  return std::string(lang);
}

size_t ErrorCatalogueSize(std::string_view lang) {
  size_t n = 0;
  for (const Row& row : kCatalogue) n += Translation(row, lang) != nullptr;
  return n;
}

}  // namespace ch
