// ApplyToolkitPatch (toolkit_patch.h): each operation, their order, and their errors.
#include "toolkits/toolkit_patch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ch {
namespace {

const ToolkitLimits kLimits;

ToolkitContent Base() {
  ToolkitContent c;
  c.title = "Base";
  c.sections = {{"s1", "One"}, {"s2", "Two"}};
  c.items = {{"a", "note a", "s1"}, {"b", "", "s1"}, {"c", "", "s2"}, {"d", "", ""}};
  return c;
}

std::vector<std::string> Ids(const ToolkitContent& c) {
  std::vector<std::string> out;
  for (const auto& i : c.items) out.push_back(i.resource_id);
  return out;
}

using V = std::vector<std::string>;

TEST(ToolkitPatch, ChangesTitleAndDescriptionOnly) {
  ToolkitPatch p;
  p.title = "New title";
  p.description = "New description";
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->title, "New title");
  EXPECT_EQ(c->description, "New description");
  EXPECT_EQ(Ids(*c), (V{"a", "b", "c", "d"}));
}

TEST(ToolkitPatch, RemovesByIndexBeforeThePatchAndByResourceId) {
  ToolkitPatch p;
  p.remove_items = {{0, ""}, {std::nullopt, "c"}, {2, ""}};  // index 2 is "c" too: removed once
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(Ids(*c), (V{"b", "d"}));
}

TEST(ToolkitPatch, AddsAtPositionsOrAppends) {
  ToolkitPatch p;
  p.add_items = {{{"x", "first", "s2"}, 0}, {{"y", "", ""}, std::nullopt}, {{"z", "", ""}, 99}};
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(Ids(*c), (V{"x", "a", "b", "c", "d", "y", "z"}));
  EXPECT_EQ(c->items[0].section_id, "s2");
}

TEST(ToolkitPatch, UpdatesNotesAndSections) {
  ToolkitPatch p;
  p.update_items = {{"a", std::string("changed"), std::string("")},
                    {"d", std::nullopt, std::string("s2")}};
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->items[0].note, "changed");
  EXPECT_EQ(c->items[0].section_id, "");
  EXPECT_EQ(c->items[3].note, "");
  EXPECT_EQ(c->items[3].section_id, "s2");
}

TEST(ToolkitPatch, MovesOneAfterAnother) {
  ToolkitPatch p;
  p.move_items = {{"d", 0}, {"a", 3}};
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Ids(*c), (V{"d", "b", "c", "a"}));
}

TEST(ToolkitPatch, ReordersCompletely) {
  ToolkitPatch p;
  p.order = V{"c", "d", "b", "a"};
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Ids(*c), (V{"c", "d", "b", "a"}));
  EXPECT_EQ(c->items[3].note, "note a");
}

TEST(ToolkitPatch, AppliesStepsInTheDocumentedOrder) {
  ToolkitPatch p;
  p.sections = std::vector<ToolkitSection>{{"s1", "One"}, {"s2", "Two"}, {"s3", "Three"}};
  p.remove_items = {{1, ""}};                                 // b, by its index before the patch
  p.update_items = {{"c", std::nullopt, std::string("s3")}};  // s3 exists: sections come first
  p.add_items = {{{"e", "", "s3"}, 1}};                       // after the removal: a e c d
  p.move_items = {{"d", 0}};                                  // d a e c
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, kLimits);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(Ids(*c), (V{"d", "a", "e", "c"}));
  EXPECT_EQ(c->items[3].section_id, "s3");
}

TEST(ToolkitPatch, ReportsEachBadOperationAtItsPath) {
  struct Case {
    const char* name;
    ToolkitPatch patch;
    const char* field;
  };
  auto make = [](auto&& fill) {
    ToolkitPatch p;
    fill(p);
    return p;
  };
  std::vector<Case> cases = {
      {"empty", ToolkitPatch(), ""},
      {"title", make([](ToolkitPatch& p) { p.title = ""; }), "title"},
      {"remove index", make([](ToolkitPatch& p) {
         p.remove_items = {{4, ""}};
       }),
       "remove_items[0]"},
      {"remove id", make([](ToolkitPatch& p) {
         p.remove_items = {{0, ""}, {std::nullopt, "zz"}};
       }),
       "remove_items[1]"},
      {"update unknown", make([](ToolkitPatch& p) {
         p.update_items = {{"zz", std::string("n"), std::nullopt}};
       }),
       "update_items[0].resource_id"},
      {"update note", make([](ToolkitPatch& p) {
         p.update_items = {{"a", std::string(2001, 'n'), std::nullopt}};
       }),
       "update_items[0].note"},
      {"update section", make([](ToolkitPatch& p) {
         p.update_items = {{"a", std::nullopt, std::string("nope")}};
       }),
       "update_items[0].section_id"},
      {"add duplicate", make([](ToolkitPatch& p) {
         p.add_items = {{{"b", "", ""}, std::nullopt}};
       }),
       "add_items[0].resource_id"},
      {"add bad id", make([](ToolkitPatch& p) {
         p.add_items = {{{"B!", "", ""}, std::nullopt}};
       }),
       "add_items[0].resource_id"},
      {"add long note", make([](ToolkitPatch& p) {
         p.add_items = {{{"x", "", ""}, std::nullopt},
                        {{"y", std::string(2001, 'n'), ""}, std::nullopt}};
       }),
       "add_items[1].note"},
      {"add section", make([](ToolkitPatch& p) {
         p.add_items = {{{"x", "", "nope"}, std::nullopt}};
       }),
       "add_items[0].section_id"},
      {"move unknown", make([](ToolkitPatch& p) {
         p.move_items = {{"zz", 0}};
       }),
       "move_items[0].resource_id"},
      {"move far", make([](ToolkitPatch& p) {
         p.move_items = {{"a", 4}};
       }),
       "move_items[0].to"},
      {"order short", make([](ToolkitPatch& p) {
         p.order = V{"a", "b", "c"};
       }),
       "order"},
      {"order unknown", make([](ToolkitPatch& p) {
         p.order = V{"a", "b", "c", "zz"};
       }),
       "order[3]"},
      {"order twice", make([](ToolkitPatch& p) {
         p.order = V{"a", "b", "a", "c"};
       }),
       "order[2]"},
      {"section id", make([](ToolkitPatch& p) {
         p.sections = std::vector<ToolkitSection>{{"Bad", "x"}};
       }),
       "sections[0].id"},
  };
  for (const Case& c : cases) {
    Result<ToolkitContent> out = ApplyToolkitPatch(Base(), c.patch, kLimits);
    EXPECT_EQ(out.status().code(), Status::Code::kInvalidArgument) << c.name;
    EXPECT_EQ(out.status().field(), c.field) << c.name << ": " << out.status().message();
  }
}

TEST(ToolkitPatch, AddingPastTheItemLimitFails) {
  ToolkitLimits small;
  small.max_items = 5;
  ToolkitPatch p;
  p.add_items = {{{"x", "", ""}, std::nullopt}, {{"y", "", ""}, std::nullopt}};
  Result<ToolkitContent> c = ApplyToolkitPatch(Base(), p, small);
  EXPECT_EQ(c.status().field(), "add_items[1]");
  EXPECT_NE(c.status().message().find("at most 5"), std::string::npos);
}

}  // namespace
}  // namespace ch
