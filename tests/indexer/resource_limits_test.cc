// Every limit of a resource file (ResourceLimits) at its exact boundary: at the limit is
// accepted, one past it is an error that names the field and the limit. Lengths count
// characters, not bytes.
#include <gtest/gtest.h>

#include <algorithm>

#include <memory>
#include <string>

#include "indexer/resource_parser.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

class ResourceLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    test::CopyTaxonomy(dir_->path());
    taxonomy_ = new Taxonomy(Taxonomy::Load(*dir_ / "taxonomy.yaml").value());
  }
  static void TearDownTestSuite() {
    delete taxonomy_;
    delete dir_;
  }

  // Sample data: a valid guide with `title` and extra front matter.
  ParsedResource Parse(const std::string& title, const std::string& extra = "",
                       const std::string& body = "Sample body.") {
    return ParseResource(test::ResourceMarkdown(title, "technology", body, extra), "sample.md",
                         "sample.md", *taxonomy_);
  }
  // The errors' fields, in order.
  static std::string ErrorFields(const ParsedResource& p) {
    std::string out;
    for (const auto& d : p.diagnostics) {
      if (d.is_error()) out += (out.empty() ? "" : ",") + d.field;
    }
    return out;
  }
  static std::string Messages(const ParsedResource& p) {
    std::string out;
    for (const auto& d : p.diagnostics) out += d.field + ": " + d.message + "\n";
    return out;
  }
  static std::string List(const std::string& key, size_t n, const std::string& item = "k") {
    std::string out = key + ": [";
    for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + item + std::to_string(i);
    return out + "]\n";
  }

  static test::TempDir* dir_;
  static Taxonomy* taxonomy_;
  const ResourceLimits limits_;
};
test::TempDir* ResourceLimitsTest::dir_ = nullptr;
Taxonomy* ResourceLimitsTest::taxonomy_ = nullptr;

TEST_F(ResourceLimitsTest, TitleOfExactlyTheLimitIsAcceptedAndOneMoreIsNot) {
  ParsedResource at = Parse(std::string(limits_.max_title_chars, 't'));
  EXPECT_TRUE(at.ok()) << Messages(at);
  ParsedResource past = Parse(std::string(limits_.max_title_chars + 1, 't'));
  EXPECT_EQ(ErrorFields(past), "title") << Messages(past);
  EXPECT_NE(Messages(past).find(std::to_string(limits_.max_title_chars)), std::string::npos)
      << "the message names the limit: " << Messages(past);
}

TEST_F(ResourceLimitsTest, LengthsCountCharactersNotBytes) {
  std::string accents;
  for (size_t i = 0; i < limits_.max_title_chars; ++i) accents += "\xC3\xA9";  // é, 2 bytes
  ParsedResource at = Parse(accents);
  EXPECT_TRUE(at.ok()) << Messages(at);
  ParsedResource past = Parse(accents + "\xC3\xA9");
  EXPECT_EQ(ErrorFields(past), "title") << Messages(past);
}

TEST_F(ResourceLimitsTest, ListsOfExactlyTheLimitAreAcceptedAndOneMoreIsNot) {
  ParsedResource at = Parse("Sample", List("keywords", limits_.max_list_items));
  EXPECT_TRUE(at.ok()) << Messages(at);
  ParsedResource past = Parse("Sample", List("keywords", limits_.max_list_items + 1));
  EXPECT_EQ(ErrorFields(past), "keywords") << Messages(past);
}

TEST_F(ResourceLimitsTest, ShortFieldsOfExactlyTheLimitAreAcceptedAndOneMoreIsNot) {
  const std::string at_limit(limits_.max_short_field_chars, 's');
  ParsedResource at = Parse("Sample", "source: " + at_limit + "\n");
  EXPECT_TRUE(at.ok()) << Messages(at);
  ParsedResource past = Parse("Sample", "source: " + at_limit + "s\n");
  EXPECT_EQ(ErrorFields(past), "source") << Messages(past);
}

TEST_F(ResourceLimitsTest, SummaryOfExactlyTheLimitIsAcceptedAndOneMoreIsNot) {
  // ResourceMarkdown writes its own summary; a second one would be a duplicate key, so build
  // the file here.
  auto with_summary = [&](size_t n) {
    std::string md = "---\ntitle: Sample\nsummary: " + std::string(n, 's') +
                     "\ntype: guide\nfocus_areas: [technology]\n---\nSample body.\n";
    return ParseResource(md, "sample.md", "sample.md", *taxonomy_);
  };
  ParsedResource at = with_summary(limits_.max_summary_chars);
  EXPECT_TRUE(at.ok()) << Messages(at);
  ParsedResource past = with_summary(limits_.max_summary_chars + 1);
  EXPECT_EQ(ErrorFields(past), "summary") << Messages(past);
}

TEST_F(ResourceLimitsTest, UrlOfExactlyTheLimitIsAcceptedAndOneMoreIsNot) {
  const std::string prefix = "https://example.org/";
  const std::string at_limit = prefix + std::string(limits_.max_url_chars - prefix.size(), 'u');
  ParsedResource at = Parse("Sample", "url: " + at_limit + "\n");
  EXPECT_TRUE(at.ok()) << Messages(at);
  ParsedResource past = Parse("Sample", "url: " + at_limit + "u\n");
  EXPECT_EQ(ErrorFields(past), "url") << Messages(past);
}

TEST_F(ResourceLimitsTest, FileOfExactlyTheLimitIsParsedAndOneByteMoreIsNot) {
  const std::string head = test::ResourceMarkdown("Sample", "technology", "");
  // ResourceMarkdown ends the body with a newline: fill the body so the file is exactly the limit,
  // in lines of 1,000 bytes (a body line has a limit of its own, markdown_limits.h).
  auto file_of = [&](size_t bytes) {
    std::string md = head.substr(0, head.size() - 1);
    while (md.size() < bytes - 1) {
      size_t line = std::min<size_t>(999, bytes - 1 - md.size());
      md += std::string(line, 'a');
      if (md.size() < bytes - 1) md += "\n";
    }
    md += "\n";
    return md;
  };
  std::string at = file_of(limits_.max_file_bytes);
  ASSERT_EQ(at.size(), limits_.max_file_bytes);
  ParsedResource parsed = ParseResource(at, "sample.md", "sample.md", *taxonomy_);
  EXPECT_TRUE(parsed.ok()) << Messages(parsed);
  std::string past = file_of(limits_.max_file_bytes + 1);
  ParsedResource refused = ParseResource(past, "sample.md", "sample.md", *taxonomy_);
  EXPECT_EQ(ErrorFields(refused), "file") << Messages(refused);
}

}  // namespace
}  // namespace ch
