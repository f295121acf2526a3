// response_compression.h: which compression the server offers, decided before httplib applies
// it.
//
// httplib 0.11 compresses every response of a text-like type itself, after the handler, choosing
// Brotli when Accept-Encoding lists "br" and gzip when it lists "gzip". Its Brotli encoder runs at
// the library's default quality, 11 (the slowest): on the shared 2-core machine that took
// 70-300 ms of server CPU per 3-30 KB body (the stylesheet, a module, a search answer), so a page
// that loads 15 files waited seconds on the server (benchmarks/RESULTS.md, "Web page paint time
// on a slow phone"). gzip (zlib's default level) takes 1-5 ms for the same bodies, about 15%
// larger. So HttpServer's pre-routing removes "br" from the request's Accept-Encoding
// (WithoutBrotli) and httplib sends gzip to every client that accepts it; a client that accepts
// only Brotli gets the body as it is.
//
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ch {

// `accept_encoding` (an Accept-Encoding header value) without its "br" elements (any case, with
// or without parameters); every other element is kept as written, in order. "" when nothing is
// left.
std::string WithoutBrotli(std::string_view accept_encoding);

}  // namespace ch
