#include "server/http/static_files.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "base/file_util.h"
#include "server/http/inline_styles.h"
#include "server/http/range_policy.h"
#include "server/http/security_headers.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxStaticFileBytes = 16 << 20;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A full 200, or one byte range (206, or 416 when it lies past the end): range_policy.h. The 206
// body goes through a content provider, so httplib neither compresses it (which would make
// Content-Range wrong) nor applies ranges of its own.
void ServeBody(const httplib::Request& req, std::string body, const char* type,
               httplib::Response& res) {
  std::string range_header = req.get_header_value(kClientRangeHeader);
  ByteRange range;
  RangeDecision decision = range_header.empty() || req.has_header("If-Range")
                               ? RangeDecision::kFull
                               : DecideRange(range_header, body.size(), &range);
  if (decision == RangeDecision::kFull) {
    res.status = 200;
    res.set_content(std::move(body), type);
    return;
  }
  res.set_header("Content-Range", ContentRangeValue(decision, range, body.size()));
  if (decision == RangeDecision::kUnsatisfiable) {
    res.status = 416;
    res.set_content("", type);
    return;
  }
  res.status = 206;
  auto slice = std::make_shared<std::string>(body.substr(range.offset, range.length));
  res.set_content_provider(slice->size(), type,
                           [slice](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(slice->data() + offset, length);
                           });
}

}  // namespace

StaticFiles::StaticFiles(std::string root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (!ec && fs::is_directory(canonical)) root_ = canonical.string();
}

const char* StaticFiles::ContentType(const std::string& path) {
  std::string ext = Lower(fs::path(path).extension().string());
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".webp") return "image/webp";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".md") return "text/markdown; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

bool StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) const {
  if (ServeFile(req, res)) return true;
  // No such file: the site's own "page not found" page, when it has one (never for the API).
  if (req.path.rfind("/api/", 0) == 0 || root_.empty()) return false;
  Result<std::string> page = ReadFile(root_ + "/404.html", kMaxStaticFileBytes);
  if (!page.ok()) return false;
  res.status = 404;
  res.set_content(WithInlineStyles(std::move(page).value()), ContentType("404.html"));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-cache");
  return true;
}

std::string StaticFiles::InsideRoot(const fs::path& candidate) const {
  std::error_code ec;
  fs::path canonical = fs::canonical(candidate, ec);
  if (ec) return "";
  std::string resolved = canonical.string();
  if (resolved.compare(0, root_.size(), root_) != 0 ||
      (resolved.size() > root_.size() && resolved[root_.size()] != '/')) {
    return "";  // a symlink that leads out of the folder
  }
  return fs::is_regular_file(canonical, ec) ? resolved : "";
}

std::string StaticFiles::WithInlineStyles(std::string html) const {
  return InlineStylesheets(std::move(html), [this](const std::string& path) -> Result<std::string> {
    fs::path relative(path);
    for (const auto& part : relative) {
      if (part.empty() || part.string()[0] == '.') return Status::NotFound("not served: " + path);
    }
    if (relative.is_absolute()) return Status::NotFound("not served: " + path);
    std::string resolved = InsideRoot(fs::path(root_) / relative);
    if (resolved.empty()) return Status::NotFound("no file " + path);
    return ReadFile(resolved, kMaxInlineStyleBytes + 1);
  });
}

bool StaticFiles::ServeFile(const httplib::Request& req, httplib::Response& res) const {
  if (root_.empty()) return false;
  std::string target = Lower(req.target);
  if (target.find("%2f") != std::string::npos || target.find("%5c") != std::string::npos ||
      target.find("%00") != std::string::npos) {
    return false;
  }
  const std::string& path = req.path;
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos ||
      path.find('\\') != std::string::npos) {
    return false;
  }
  fs::path relative = fs::path(path.substr(1)).lexically_normal();
  for (const auto& part : fs::path(path.substr(1))) {
    // ".", ".." and dotfiles (.git, .env, .DS_Store): never served.
    if (!part.empty() && part.string()[0] == '.') return false;
  }
  fs::path candidate = fs::path(root_) / relative;
  std::error_code ec;
  if (fs::is_directory(candidate, ec)) candidate /= "index.html";
  // "/curate" is the page curate.html: a path without an extension that names no file.
  if (!fs::exists(candidate, ec) && !relative.has_extension()) candidate += ".html";
  std::string resolved = InsideRoot(candidate);
  if (resolved.empty()) return false;
  Result<std::string> body = ReadFile(resolved, kMaxStaticFileBytes);
  if (!body.ok()) return false;
  res.set_header("X-Content-Type-Options", "nosniff");
  // Kept by browsers but asked for again each time: the ETag (set for every GET by HttpServer)
  // makes an unchanged file a 304, and a new version is never mixed with an old one.
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Accept-Ranges", "bytes");
  const char* type = ContentType(resolved);
  if (std::string_view(type).rfind("text/html", 0) == 0) {
    *body = WithInlineStyles(std::move(body).value());
    res.set_header("Content-Security-Policy", PageContentSecurityPolicy(*body));
  } else if (std::string_view(type).rfind("text/javascript", 0) == 0) {
    // A script run as a worker (the service worker) takes this header as its policy.
    res.set_header("Content-Security-Policy", kScriptCsp);
  }
  ServeBody(req, std::move(body).value(), type, res);
  return true;
}

}  // namespace ch
