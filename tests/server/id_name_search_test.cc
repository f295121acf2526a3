// A topic's id read as words is one of its names (indexer/concepts.h): a keyword search for
// "environmental design" finds a resource tagged with the environmental-design topic ("Crime
// Prevention Through Environmental Design") whose text never says those words.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

class IdNameSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    test::WriteTextFile(
        fs::path(corpus) / "resources" / "sample-lighting-guide.md",
        test::ResourceMarkdown("Sample lighting guide", "technology",
                               "sample text: brighter lamps and trimmed hedges on the block.",
                               "topics: [environmental-design]\n"));
    test::WriteTextFile(fs::path(corpus) / "resources" / "sample-design-notes.md",
                        test::ResourceMarkdown("Sample design notes", "technology",
                                               "sample text: a design for the county office.", ""));
    server_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::vector<std::string> Ids(const std::string& q) { return test::SearchIds(*server_, q); }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* IdNameSearchTest::dir_ = nullptr;
test::ServerHarness* IdNameSearchTest::server_ = nullptr;

TEST_F(IdNameSearchTest, ATopicsIdInWordsFindsItsTaggedResources) {
  // The lighting guide shares no word with the query: only the topic's id as a name reaches it.
  std::vector<std::string> ids = Ids("environmental design");
  EXPECT_NE(std::find(ids.begin(), ids.end(), "sample-lighting-guide"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "sample-design-notes"), ids.end());
  // A word of the id alone is not the name.
  ids = Ids("environmental");
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "sample-lighting-guide"), ids.end());
}

}  // namespace
}  // namespace ch
