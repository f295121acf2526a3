#include "server/http/atom_feed.h"

#include <ctime>

namespace ch {
namespace {

// "2021-06" -> "2021-06-01T00:00:00Z"; "" -> "".
std::string Rfc3339(const std::string& date) {
  if (date.size() < 4) return "";
  std::string year = date.substr(0, 4);
  std::string month = date.size() >= 7 ? date.substr(5, 2) : "01";
  std::string day = date.size() >= 10 ? date.substr(8, 2) : "01";
  return year + "-" + month + "-" + day + "T00:00:00Z";
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderAtomFeed(const SearchResponse& response, const std::string& base_url,
                           const std::string& self_url) {
  // The feed's date: its newest entry's. Undated resources have no <published>, and their
  // <updated> (which Atom requires) is this date; a feed with no dated entry at all uses today
  // (midnight UTC), so that nothing shows as 1970 and the date is stable within a day.
  std::string updated;
  for (const auto& hit : response.results) {
    std::string when =
        Rfc3339(hit.resource.updated.empty() ? hit.resource.published : hit.resource.updated);
    if (when > updated) updated = when;
  }
  if (updated.empty()) {
    std::time_t now = std::time(nullptr);
    std::tm tm;
    gmtime_r(&now, &tm);
    char today[32];
    std::strftime(today, sizeof today, "%Y-%m-%dT00:00:00Z", &tm);
    updated = today;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <title>Public Safety Clearinghouse: newest resources</title>\n";
  out += "  <id>" + XmlEscape(self_url) + "</id>\n";
  out += "  <link rel=\"self\" href=\"" + XmlEscape(self_url) + "\"/>\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(base_url) + "/\"/>\n";
  out += "  <updated>" + updated + "</updated>\n";
  out += "  <generator>clearinghouse-server</generator>\n";
  for (const auto& hit : response.results) {
    const Resource& r = hit.resource;
    std::string page = base_url + "/resource.html?id=" + r.id;
    out += "  <entry>\n";
    out += "    <title>" + XmlEscape(r.title) + "</title>\n";
    out += "    <id>" + XmlEscape(page) + "</id>\n";
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(page) + "\"/>\n";
    if (!r.url.empty()) out += "    <link rel=\"related\" href=\"" + XmlEscape(r.url) + "\"/>\n";
    if (!r.published.empty()) {
      out += "    <published>" + Rfc3339(r.published) + "</published>\n";
    }
    std::string entry_updated = Rfc3339(r.updated.empty() ? r.published : r.updated);
    out += "    <updated>" + (entry_updated.empty() ? updated : entry_updated) + "</updated>\n";
    out += "    <author><name>" + XmlEscape(r.source.empty() ? "Clearinghouse" : r.source) +
           "</name></author>\n";
    out += "    <summary>" + XmlEscape(r.summary) + "</summary>\n";
    for (const auto& f : r.focus_areas) {
      out += "    <category term=\"" + XmlEscape(f) + "\"/>\n";
    }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace ch
