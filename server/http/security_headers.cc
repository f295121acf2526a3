#include "server/http/security_headers.h"

#include <string>

namespace ch {
namespace {

void SetIfAbsent(httplib::Response& res, const char* name, const char* value) {
  if (!res.has_header(name)) res.set_header(name, value);
}

}  // namespace

void ApplySecurityHeaders(httplib::Response& res) {
  SetIfAbsent(res, "X-Content-Type-Options", "nosniff");
  SetIfAbsent(res, "X-Frame-Options", "DENY");
  SetIfAbsent(res, "Referrer-Policy", "no-referrer");
  std::string type = res.get_header_value("Content-Type");
  bool html = type.rfind("text/html", 0) == 0;
  bool download = res.get_header_value("Content-Disposition").rfind("attachment", 0) == 0;
  SetIfAbsent(res, "Content-Security-Policy",
              html ? (download ? kDownloadCsp : kPageCsp) : kDataCsp);
}

}  // namespace ch
