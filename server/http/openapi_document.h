// openapi_document.h: the OpenAPI 3.1 description of the API (server/openapi.json), compiled into
// the binary at build time so that the server serves exactly the document in the repository.
#pragma once

#include <string_view>

namespace ch {

std::string_view OpenApiDocument();

}  // namespace ch
