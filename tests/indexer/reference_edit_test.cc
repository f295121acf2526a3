// Removing an id from a resource's `related` list as text (reference_edit.h): every layout the
// format allows, and the rest of the file byte for byte.
#include "indexer/reference_edit.h"

#include <gtest/gtest.h>

#include "indexer/taxonomy.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

class ReferenceEditTest : public ::testing::Test {
 protected:
  ReferenceEditTest() : taxonomy_(Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value()) {}

  // The file with `related_lines` as its related field, then the edit's result.
  std::string Edit(const std::string& related_lines, const std::string& id) {
    std::string file = test::ResourceMarkdown("Sample guide", "technology", "Body.", related_lines);
    ParsedResource parsed = ParseResource(file, "sample-guide.md", "sample-guide.md", taxonomy_);
    EXPECT_TRUE(parsed.ok()) << (parsed.diagnostics.empty() ? ""
                                                            : parsed.diagnostics[0].ToString());
    Result<std::string> edited = RemoveRelatedId(file, parsed.related_refs, id);
    EXPECT_TRUE(edited.ok()) << edited.status().ToString();
    std::string prefix = test::ResourceMarkdown("Sample guide", "technology", "Body.", "");
    prefix = prefix.substr(0, prefix.find("---\nBody."));
    std::string out = edited.ok() ? *edited : "";
    return out.substr(prefix.size(), out.find("---\nBody.") - prefix.size());
  }

  Taxonomy taxonomy_;
};

TEST_F(ReferenceEditTest, RemovesAFlowListItemAndOneComma) {
  EXPECT_EQ(Edit("related: [a-one, gone, b-two]\n", "gone"), "related: [a-one, b-two]\n");
  EXPECT_EQ(Edit("related: [gone, b-two]\n", "gone"), "related: [b-two]\n");
  EXPECT_EQ(Edit("related: [a-one, gone]\n", "gone"), "related: [a-one]\n");
  EXPECT_EQ(Edit("related: [gone]\n", "gone"), "related: []\n");
  EXPECT_EQ(Edit("related: [a-one, \"gone\"]  # note\n", "gone"), "related: [a-one]  # note\n");
}

TEST_F(ReferenceEditTest, RemovesOnlyTheWholeId) {
  EXPECT_EQ(Edit("related: [gone-too, gone]\n", "gone"), "related: [gone-too]\n");
  EXPECT_EQ(Edit("related: [gone-too]\n", "gone"), "related: [gone-too]\n");
}

TEST_F(ReferenceEditTest, RemovesABlockListLine) {
  EXPECT_EQ(Edit("related:\n  - a-one\n  - gone  # why\n  - b-two\n", "gone"),
            "related:\n  - a-one\n  - b-two\n");
  EXPECT_EQ(Edit("related:\n  - gone\n", "gone"), "related:\n");
}

TEST_F(ReferenceEditTest, ASingleValueBecomesAnEmptyList) {
  EXPECT_EQ(Edit("related: gone\n", "gone"), "related: []\n");
}

}  // namespace
}  // namespace ch
