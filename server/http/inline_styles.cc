#include "server/http/inline_styles.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "base/hash.h"

namespace ch {
namespace {

constexpr std::string_view kLinkOpen = "<link rel=\"stylesheet\" href=\"";
constexpr std::string_view kLinkClose = "\" data-inline>";
// The pages write their policy exactly this way (security_headers.cc reads it the same way).
constexpr std::string_view kPolicyOpen = "http-equiv=\"Content-Security-Policy\" content=\"";
constexpr std::string_view kStyleSrc = "style-src";

struct Edit {
  size_t at = 0;      // where the replaced text starts
  size_t length = 0;  // how much of it goes
  std::string text;   // what comes instead
};

// Where the hashes go in the head's meta policy: the end of its style-src directive (before the
// next ';' or the closing quote); npos when the page has no such directive.
size_t StyleSrcEnd(const std::string& html) {
  const size_t head_end = html.find("</head>");
  const size_t at = html.find(kPolicyOpen);
  if (at == std::string::npos || (head_end != std::string::npos && at > head_end)) {
    return std::string::npos;
  }
  const size_t start = at + kPolicyOpen.size();
  const size_t end = html.find('"', start);
  if (end == std::string::npos) return std::string::npos;
  std::string_view policy(html.data() + start, end - start);
  for (size_t pos = 0; pos <= policy.size();) {
    size_t semi = std::min(policy.find(';', pos), policy.size());
    std::string_view directive = policy.substr(pos, semi - pos);
    directive.remove_prefix(std::min(directive.find_first_not_of(' '), directive.size()));
    if (directive.starts_with(kStyleSrc) &&
        (directive.size() == kStyleSrc.size() || directive[kStyleSrc.size()] == ' ')) {
      return start + semi;
    }
    pos = semi + 1;
  }
  return std::string::npos;
}

}  // namespace

std::string InlineStylesheets(std::string html,
                              const std::function<Result<std::string>(const std::string&)>& read) {
  std::vector<Edit> edits;
  std::string hashes;
  for (size_t at = html.find(kLinkOpen); at != std::string::npos;
       at = html.find(kLinkOpen, at + 1)) {
    const size_t href = at + kLinkOpen.size();
    const size_t close = html.find(kLinkClose, href);
    // An ordinary link (its tag ends first) is left to the browser.
    if (close == std::string::npos || html.find('>', href) < close) continue;
    const std::string path = html.substr(href, close - href);
    Result<std::string> css = read(path);
    if (!css.ok() || css->size() > kMaxInlineStyleBytes ||
        css->find("</style") != std::string::npos) {
      continue;
    }
    hashes += " 'sha256-" + Sha256Base64(*css) + "'";
    edits.push_back({at, close + kLinkClose.size() - at,
                     "<style data-inline=\"" + path + "\">" + *css + "</style>"});
  }
  if (edits.empty()) return html;
  size_t policy_at = StyleSrcEnd(html);
  if (policy_at == std::string::npos) return html;
  edits.push_back({policy_at, 0, hashes});
  // From the end, so that each edit's position is still right when it is made.
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.at > b.at; });
  for (const Edit& e : edits) html.replace(e.at, e.length, e.text);
  return html;
}

}  // namespace ch
