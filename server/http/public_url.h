// public_url.h: the address the public uses to reach this server, for absolute links.
//
// Links in the Atom feed and the OpenAPI document's `servers` are built from --public-url
// (for example https://clearinghouse.example.org), never from the request's Host header: a
// client could otherwise point every cached feed link at a host of its choosing. Without
// --public-url the default is http://HOST:PORT of the listening socket.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace ch {

// Checks and normalises a --public-url value: http:// or https://, a host, an optional port and
// path, no query or fragment; a trailing slash is dropped. InvalidArgument (field "public-url")
// otherwise.
Result<std::string> NormalizePublicUrl(std::string_view url);

// The OpenAPI document with servers[0].url set to `public_url` (the document as given when it is
// not JSON or has no servers array).
std::string OpenApiWithServer(std::string_view document, const std::string& public_url);

}  // namespace ch
