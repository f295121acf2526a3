#include "server/http/ops_routes.h"

#include "server/http/openapi_document.h"
#include "server/http/public_url.h"
#include "server/http/response_json.h"

namespace ch {

OpsRoutes::OpsRoutes(CatalogService& catalog, Metrics& metrics, const std::string& public_url,
                     const StartupState* startup)
    : catalog_(catalog), metrics_(metrics), public_url_(public_url), startup_(startup) {
  metrics_.AddGauges([this] { return RenderIndexGauges(catalog_.CheckIndex()); });
}

void OpsRoutes::Register(RouteTable& routes) {
  auto bind = [this](void (OpsRoutes::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  routes.Add("GET", "/api/v1/openapi.json", "openapi", bind(&OpsRoutes::GetOpenApi));
  routes.Add("GET", "/healthz", "healthz", bind(&OpsRoutes::GetHealth));
  routes.Add("GET", "/readyz", "readyz", bind(&OpsRoutes::GetReady));
  routes.Add("GET", "/metrics", "metrics", bind(&OpsRoutes::GetMetrics));
}

void OpsRoutes::GetOpenApi(const httplib::Request&, httplib::Response& res) {
  WriteJson(res, OpenApiWithServer(OpenApiDocument(), public_url_), "public, max-age=3600");
}

void OpsRoutes::GetHealth(const httplib::Request&, httplib::Response& res) {
  WriteJson(res, R"({"status":"ok"})", "no-store");
}

void OpsRoutes::GetReady(const httplib::Request&, httplib::Response& res) {
  if (startup_ && !startup_->ready()) {
    WriteJson(res, EncodeStartupState(startup_->Read()), "no-store");
    res.status = 503;
    res.set_header("Retry-After", "5");
    return;
  }
  IndexStatus status = catalog_.CheckIndex();
  WriteJson(res, EncodeIndexStatus(status), "no-store");
  if (!status.ready) res.status = 503;
}

void OpsRoutes::GetMetrics(const httplib::Request&, httplib::Response& res) {
  res.status = 200;
  res.set_content(metrics_.Render(), "text/plain; version=0.0.4; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
}

}  // namespace ch
