// request_encoding.h: requests must be valid UTF-8 (issue 14): invalid bytes in the path (after
// percent-decoding), in a query parameter's name or value (after decoding), or in a request body
// are answered 400 `invalid_encoding`, before any route sees them. The message says where (the
// path, which parameter, the body) and at which byte, and never echoes the bad bytes.
//
// HttpServer checks the path and the parameters in its pre-routing handler (every request, also
// for unknown paths and static files); RouteTable checks the body in each route's wrapper (httplib
// reads the body after pre-routing). Pure functions of the request; thread-safe.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

namespace ch {

// What is not valid UTF-8 ("the path ...", "parameter 'q' ..."), or nullopt.
std::optional<std::string> InvalidEncodingInTarget(const httplib::Request& req);
std::optional<std::string> InvalidEncodingInBody(const httplib::Request& req);

// Writes the 400 invalid_encoding answer for `what`.
void WriteInvalidEncoding(httplib::Response& res, const std::string& what);

}  // namespace ch
