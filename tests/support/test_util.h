// test_util.h: helpers shared by the tests: a private temporary folder per test, file writing,
// the repository's paths, the test library, a small corpus builder and a bounded wait.
//
// The test library (tests/testdata/library, sample data described in its README.md) is the corpus
// the tests build and search. Tests never use the shipping corpus/ (only tests/corpus checks it),
// and count the library's files instead of hard-coding its size.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ch::test {

// A fresh folder under the system temp dir, removed (with its contents) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Asks `condition` every `poll` until it holds or `timeout` has passed; its last answer. For
// what another thread makes true (a warmer's generation, a server's readiness): tests assert on it.
bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
               std::chrono::milliseconds poll = std::chrono::milliseconds(10));

void WriteTextFile(const std::filesystem::path& path, const std::string& contents);
std::string ReadTextFile(const std::filesystem::path& path);

// Paths inside the source tree.
std::string SourcePath(const std::string& relative);
std::string BinaryPath(const std::string& relative);

// A minimal valid resource file with the given id-derived fields, for tests that build corpora.
std::string ResourceMarkdown(const std::string& title, const std::string& focus_area,
                             const std::string& body, const std::string& extra_front_matter = "");

// A path inside the test library: LibraryPath() is the library folder itself,
// LibraryPath("taxonomy.yaml") its taxonomy.
std::string LibraryPath(const std::string& relative = "");
// The number of resource files (*.md but README.md) in the test library: the number of documents
// its index holds.
size_t LibraryResourceCount();
// The ids of the test library's resources (their file names without .md; none sets `id`).
std::vector<std::string> LibraryResourceIds();
// Copies the whole test library into `dir` (created), for tests that change the corpus.
void CopyLibrary(const std::filesystem::path& dir);

// Copies the test library's taxonomy.yaml into `dir` (created).
void CopyTaxonomy(const std::filesystem::path& dir);

// Makes `corpus` (and its resources/) a library on the product's own taxonomies
// (corpus/taxonomy.yaml and taxonomy.es.yaml: its lay phrasings), for tests that write their
// own resources.
void MakeCorpusOnProductTaxonomy(const std::filesystem::path& corpus);

// Runs a shell command, capturing stdout+stderr; returns the exit status.
int RunCommand(const std::string& command, std::string* output);

}  // namespace ch::test
