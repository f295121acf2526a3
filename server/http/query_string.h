// query_string.h: the URL's query string, decoded as browsers encode it.
//
// httplib decodes %XX but leaves '+' alone, while HTML forms and URLSearchParams send a space as
// '+'. So the API reads parameters from the raw request target: '+' becomes a space, %XX the byte
// it names (so %2B is a literal '+'), and a malformed escape is kept as it is.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ch {

class QueryParams {
 public:
  // `target` is the raw request target ("/api/v1/search?q=a+b&page=2").
  static QueryParams FromTarget(std::string_view target);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  size_t count(const std::string& name) const { return values_.count(name); }
  // The first value, or "".
  std::string get(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  const std::multimap<std::string, std::string>& values() const { return values_; }

 private:
  std::multimap<std::string, std::string> values_;
};

std::string DecodeFormComponent(std::string_view s);

}  // namespace ch
