#include "server/http/security_headers.h"

#include <string>

namespace ch {
namespace {

void SetIfAbsent(httplib::Response& res, const char* name, const char* value) {
  if (!res.has_header(name)) res.set_header(name, value);
}

}  // namespace

std::string PageContentSecurityPolicy(const std::string& body) {
  std::string own = MetaContentSecurityPolicy(body);
  if (own.empty()) return kPageCsp;
  while (!own.empty() && (own.back() == ' ' || own.back() == ';')) own.pop_back();
  return own + "; frame-ancestors 'none'";
}

std::string MetaContentSecurityPolicy(const std::string& html) {
  // Only the document head can hold it; the pages write it exactly this way.
  const std::string marker = "http-equiv=\"Content-Security-Policy\" content=\"";
  size_t head_end = html.find("</head>");
  size_t at = html.find(marker);
  if (at == std::string::npos || (head_end != std::string::npos && at > head_end)) return "";
  size_t start = at + marker.size();
  size_t end = html.find('"', start);
  if (end == std::string::npos) return "";
  return html.substr(start, end - start);
}

void ApplySecurityHeaders(httplib::Response& res) {
  SetIfAbsent(res, "X-Content-Type-Options", "nosniff");
  SetIfAbsent(res, "X-Frame-Options", "DENY");
  SetIfAbsent(res, "Referrer-Policy", "no-referrer");
  std::string type = res.get_header_value("Content-Type");
  bool html = type.rfind("text/html", 0) == 0;
  bool download = res.get_header_value("Content-Disposition").rfind("attachment", 0) == 0;
  // A 304 has no body to read the page's policy from; the browser keeps the one it cached.
  if (res.has_header("Content-Security-Policy") || res.status == 304) return;
  if (!html) {
    res.set_header("Content-Security-Policy", kDataCsp);
  } else if (download) {
    res.set_header("Content-Security-Policy", kDownloadCsp);
  } else {
    res.set_header("Content-Security-Policy", PageContentSecurityPolicy(res.body));
  }
}

}  // namespace ch
