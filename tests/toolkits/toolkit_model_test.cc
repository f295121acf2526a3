// The model's rules and limits (toolkit.h), and ids and edit keys (toolkit_keys.h).
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "toolkits/toolkit.h"
#include "toolkits/toolkit_keys.h"

namespace ch {
namespace {

ToolkitContent Valid() {
  ToolkitContent c;
  c.title = "Crime gun intelligence";
  c.description = "What a unit needs.\nTwo lines.";
  c.sections = {{"start-here", "Start here"}, {"tools", "Tools"}};
  c.items = {{"nibin-guide", "Read first.", "start-here"},
             {"lead-tracker", "Line one\nline two\ttabbed", "tools"},
             {"etrace", "", ""}};
  return c;
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ToolkitModel, AcceptsAValidToolkit) {
  EXPECT_TRUE(ValidateToolkitContent(Valid(), ToolkitLimits()).ok());
}

TEST(ToolkitModel, DefaultLimitsAreTheDocumentedOnes) {
  ToolkitLimits l;
  EXPECT_EQ(l.max_title_chars, 200u);
  EXPECT_EQ(l.max_description_chars, 5000u);
  EXPECT_EQ(l.max_items, 300u);
  EXPECT_EQ(l.max_note_chars, 2000u);
  EXPECT_EQ(l.max_sections, 20u);
  EXPECT_EQ(l.max_section_title_chars, 200u);
  EXPECT_EQ(l.max_request_bytes, 256u * 1024u);
  EXPECT_EQ(kMaxToolkitRequestBytes, 262144u);
}

struct Case {
  const char* name;
  std::function<void(ToolkitContent&)> change;
  const char* field;
  const char* message_part;  // the limit or rule named in the message
};

TEST(ToolkitModel, RejectsEveryBrokenRuleWithItsFieldAndLimit) {
  const std::vector<Case> cases = {
      {"empty title", [](ToolkitContent& c) { c.title = ""; }, "title", "1 to 200"},
      {"blank title", [](ToolkitContent& c) { c.title = "   "; }, "title", "required"},
      {"long title", [](ToolkitContent& c) { c.title = std::string(201, 'a'); }, "title", "200"},
      {"title newline", [](ToolkitContent& c) { c.title = "a\nb"; }, "title", "control"},
      {"title bad utf8", [](ToolkitContent& c) { c.title = "caf\xC3"; }, "title", "UTF-8"},
      {"long description", [](ToolkitContent& c) { c.description = std::string(5001, 'd'); },
       "description", "5000"},
      {"description NUL", [](ToolkitContent& c) { c.description = std::string("a\0b", 3); },
       "description", "control"},
      {"too many sections",
       [](ToolkitContent& c) {
         c.sections.clear();
         for (int i = 0; i < 21; ++i) c.sections.push_back({"s" + std::to_string(i), "S"});
         for (auto& item : c.items) item.section_id = "";
       },
       "sections", "20"},
      {"bad section id", [](ToolkitContent& c) { c.sections[1].id = "Tools!"; }, "sections[1].id",
       "lowercase"},
      {"long section id", [](ToolkitContent& c) { c.sections[1].id = std::string(41, 's'); },
       "sections[1].id", "40"},
      {"duplicate section id", [](ToolkitContent& c) { c.sections[1].id = "start-here"; },
       "sections[1].id", "sections[0]"},
      {"empty section title", [](ToolkitContent& c) { c.sections[0].title = ""; },
       "sections[0].title", "required"},
      {"long section title", [](ToolkitContent& c) { c.sections[0].title = std::string(201, 't'); },
       "sections[0].title", "200"},
      {"too many items",
       [](ToolkitContent& c) {
         c.items.clear();
         for (int i = 0; i < 301; ++i) c.items.push_back({"r" + std::to_string(i), "", ""});
       },
       "items", "300"},
      {"bad resource id", [](ToolkitContent& c) { c.items[1].resource_id = "Not An Id"; },
       "items[1].resource_id", "not a valid id"},
      {"empty resource id", [](ToolkitContent& c) { c.items[0].resource_id = ""; },
       "items[0].resource_id", "not a valid id"},
      {"duplicate resource", [](ToolkitContent& c) { c.items[2].resource_id = "nibin-guide"; },
       "items[2].resource_id", "items[0]"},
      {"long note", [](ToolkitContent& c) { c.items[3 - 3].note = std::string(2001, 'n'); },
       "items[0].note", "2000"},
      {"note control", [](ToolkitContent& c) { c.items[2].note = "bell\x07"; }, "items[2].note",
       "control"},
      {"unknown section", [](ToolkitContent& c) { c.items[2].section_id = "nope"; },
       "items[2].section_id", "names no section"},
  };
  for (const Case& tc : cases) {
    ToolkitContent c = Valid();
    tc.change(c);
    Status s = ValidateToolkitContent(c, ToolkitLimits());
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << tc.name;
    EXPECT_EQ(s.field(), tc.field) << tc.name << ": " << s.message();
    EXPECT_NE(s.message().find(tc.message_part), std::string::npos)
        << tc.name << ": " << s.message();
  }
}

TEST(ToolkitModel, CountsCharactersNotBytes) {
  ToolkitContent c = Valid();
  c.title = Repeat("\xC3\xA9", 200);  // 200 x "é": 400 bytes, 200 characters
  EXPECT_TRUE(ValidateToolkitContent(c, ToolkitLimits()).ok());
  c.title += "\xC3\xA9";
  EXPECT_EQ(ValidateToolkitContent(c, ToolkitLimits()).field(), "title");
  c = Valid();
  c.items[0].note = Repeat("\xE2\x80\x94", 2000);  // em dashes
  EXPECT_TRUE(ValidateToolkitContent(c, ToolkitLimits()).ok());
}

TEST(ToolkitModel, LimitsAreConfigurable) {
  ToolkitLimits small;
  small.max_items = 2;
  Status s = ValidateToolkitContent(Valid(), small);
  EXPECT_EQ(s.field(), "items");
  EXPECT_NE(s.message().find("at most 2 items"), std::string::npos) << s.message();
}

TEST(ToolkitModel, ExactlyAtTheLimitsIsAccepted) {
  ToolkitContent c;
  c.title = std::string(200, 't');
  c.description = std::string(5000, 'd');
  for (int i = 0; i < 20; ++i)
    c.sections.push_back({"s" + std::to_string(i), std::string(200, 'x')});
  for (int i = 0; i < 300; ++i) {
    c.items.push_back(
        {"r" + std::to_string(i), std::string(2000, 'n'), "s" + std::to_string(i % 20)});
  }
  EXPECT_TRUE(ValidateToolkitContent(c, ToolkitLimits()).ok());
}

TEST(ToolkitModel, FormatsTimesAsRfc3339Utc) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1740837909120), "2025-03-01T14:05:09.120Z");
}

TEST(ToolkitKeys, IdsAreTwelveUrlSafeCharactersAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    Result<std::string> id = NewToolkitId();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->size(), 12u);
    EXPECT_TRUE(LooksLikeToolkitId(*id)) << *id;
    seen.insert(*id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_FALSE(LooksLikeToolkitId("short"));
  EXPECT_FALSE(LooksLikeToolkitId("has space 12"));
}

TEST(ToolkitKeys, EditKeysAre32BytesOfBase64Url) {
  Result<std::string> a = NewEditKey(), b = NewEditKey();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), kEditKeyLength);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(
      a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
}

TEST(ToolkitKeys, StoresOnlyTheHashAndComparesIt) {
  std::string key = *NewEditKey();
  std::string hash = HashEditKey(key);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find(key), std::string::npos);
  EXPECT_TRUE(EditKeyMatches(key, hash));
  EXPECT_FALSE(EditKeyMatches(key + "x", hash));
  EXPECT_FALSE(EditKeyMatches("", hash));
  EXPECT_FALSE(EditKeyMatches(key, hash.substr(1)));
}

TEST(ToolkitKeys, Base64UrlMatchesRfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xFB\xFF"), "-_8");
}

}  // namespace
}  // namespace ch
