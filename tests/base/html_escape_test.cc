// HTML escaping (html_escape.h): the five special characters become references, nothing else
// changes, and text is never read as markup.
#include "base/html_escape.h"

#include <gtest/gtest.h>

namespace ch {
namespace {

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharactersAndNothingElse) {
  EXPECT_EQ(EscapeHtml("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
  EXPECT_EQ(EscapeHtml("caf\xC3\xA9 / plain"), "caf\xC3\xA9 / plain");
  EXPECT_EQ(EscapeHtml(""), "");
  EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;") << "text is taken as text, never as markup";
}

TEST(HtmlEscapeTest, AppendingEscapesOnlyWhatIsAppended) {
  std::string out = "<mark>";
  AppendEscapedHtml("a < b", &out);
  EXPECT_EQ(out, "<mark>a &lt; b");
}

}  // namespace
}  // namespace ch
