// static_files.h: serves the web front end from one folder, and nothing outside it.
//
// Requests are refused (404) when the raw target contains an encoded slash or backslash
// (%2F, %5C) or a NUL, when a path segment starts with "." ("." and "..", and dotfiles such as
// .git/config or .env), or when the file's canonical path (symlinks resolved) is not inside the
// folder's canonical path. "/" and folders serve their index.html. Content types come from the
// file extension (.md is text/markdown); unknown types are application/octet-stream, served with
// X-Content-Type-Options: nosniff. One byte range is answered 206 (range_policy.h).
//
// Pages: a stylesheet link marked `data-inline` is served inside the page (inline_styles.h), read
// from this folder with the same rules as a request.
// Policies: a page carries its own Content-Security-Policy (security_headers.h); a JavaScript
// file carries kScriptCsp, which is the policy of the service worker (web/sw.js) when it runs as
// one. The manifest (.webmanifest) is application/manifest+json.
//
// Caching: files are served with Cache-Control: no-cache, so browsers keep them and revalidate
// (HttpServer adds the ETag and answers a matching If-None-Match with 304).
// Not found: a path with no file (outside /api/) gets the folder's 404.html with status 404, when
// the folder has one.
//
// Thread-safe: no state besides the folder.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <string>

namespace ch {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // Fills `res` and returns true when a file was served (200), or the folder's 404.html
  // (status 404) for a path with no file; false (res untouched) when neither.
  bool Serve(const httplib::Request& req, httplib::Response& res) const;
  static const char* ContentType(const std::string& path);

 private:
  // The file the path names (200), or false (res untouched).
  bool ServeFile(const httplib::Request& req, httplib::Response& res) const;
  // The canonical path of `candidate` when it is a regular file inside the folder, else "".
  std::string InsideRoot(const std::filesystem::path& candidate) const;
  // `html` with its marked stylesheets inlined (inline_styles.h), read from the folder only.
  std::string WithInlineStyles(std::string html) const;

  std::string root_;  // canonical, empty when the folder does not exist
};

}  // namespace ch
