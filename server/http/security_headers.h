// security_headers.h: the security headers every response carries, as HTTP headers.
//
// The web pages' Content-Security-Policy used to exist only as a <meta> tag, which cannot say
// frame-ancestors; nothing stopped the toolkit builder (edit keys in localStorage) from being
// framed. ApplySecurityHeaders, run after routing on every response, sets:
//   X-Content-Type-Options: nosniff        on every response (JSON included)
//   X-Frame-Options: DENY                  on every response (for browsers without CSP 3)
//   Referrer-Policy: no-referrer           on every response (page URLs carry search queries)
//   Content-Security-Policy:
//     web pages (text/html)                the pages' own policy + frame-ancestors 'none'
//     HTML downloads (toolkit export)      no scripts, inline styles only, no framing
//     everything else (JSON, Atom, ...)    default-src 'none'; frame-ancestors 'none'
// A header a handler set already is left alone.
//
// Thread-safe (no state).
#pragma once

#include <httplib.h>

namespace ch {

inline constexpr const char* kPageCsp =
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";
inline constexpr const char* kDownloadCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";
inline constexpr const char* kDataCsp = "default-src 'none'; frame-ancestors 'none'";

void ApplySecurityHeaders(httplib::Response& res);

}  // namespace ch
