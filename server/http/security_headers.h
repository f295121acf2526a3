// security_headers.h: the security headers every response carries, as HTTP headers.
//
// The web pages' Content-Security-Policy used to exist only as a <meta> tag, which cannot say
// frame-ancestors; nothing stopped the toolkit builder (edit keys in localStorage) from being
// framed. ApplySecurityHeaders, run after routing on every response, sets:
//   X-Content-Type-Options: nosniff        on every response (JSON included)
//   X-Frame-Options: DENY                  on every response (for browsers without CSP 3)
//   Referrer-Policy: no-referrer           on every response (page URLs carry search queries)
//   Content-Security-Policy:
//     web pages (text/html)                the page's own policy, read from its <meta
//                                          http-equiv="Content-Security-Policy"> (so the hashes
//                                          of its inline scripts stay in one place), plus
//                                          frame-ancestors 'none'; kPageCsp for a page without one
//     HTML downloads (toolkit export)      no scripts, inline styles only, no framing
//     JavaScript files (static_files.cc)   kScriptCsp: it governs a script only when it runs as a
//                                          worker (the service worker web/sw.js, whose own
//                                          response header is its policy): same-origin fetches
//                                          and imports, nothing else
//     everything else (JSON, Atom, ...)    default-src 'none'; frame-ancestors 'none'
// A header a handler set already is left alone.
//
// Thread-safe (no state).
#pragma once

#include <httplib.h>

#include <string>

namespace ch {

inline constexpr const char* kPageCsp =
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
inline constexpr const char* kScriptCsp =
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";
inline constexpr const char* kDownloadCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";
inline constexpr const char* kDataCsp = "default-src 'none'; frame-ancestors 'none'";

void ApplySecurityHeaders(httplib::Response& res);

// The policy of an HTML page's <meta http-equiv="Content-Security-Policy" content="...">, or ""
// when it has none.
std::string MetaContentSecurityPolicy(const std::string& html);
// The header policy for a web page: its own meta policy plus frame-ancestors 'none', or kPageCsp.
// Static files set it while they still hold the page's text (compression comes later).
std::string PageContentSecurityPolicy(const std::string& html);

}  // namespace ch
