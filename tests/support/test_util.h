// test_util.h: helpers shared by the tests: a private temporary folder per test, file writing,
// the repository's paths, and a small corpus builder.
#pragma once

#include <filesystem>
#include <string>

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

void WriteTextFile(const std::filesystem::path& path, const std::string& contents);
std::string ReadTextFile(const std::filesystem::path& path);

// Paths inside the source tree.
std::string SourcePath(const std::string& relative);
std::string BinaryPath(const std::string& relative);

// A minimal valid resource file with the given id-derived fields, for tests that build corpora.
std::string ResourceMarkdown(const std::string& title, const std::string& focus_area,
                             const std::string& body, const std::string& extra_front_matter = "");

// Copies the sample corpus's taxonomy.yaml into `dir`.
void CopyTaxonomy(const std::filesystem::path& dir);

// Runs a shell command, capturing stdout+stderr; returns the exit status.
int RunCommand(const std::string& command, std::string* output);

}  // namespace ch::test
