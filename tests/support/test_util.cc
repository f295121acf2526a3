#include "tests/support/test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ch::test {
namespace fs = std::filesystem;

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
               std::chrono::milliseconds poll) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return condition();
    std::this_thread::sleep_for(poll);
  }
  return true;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("ch-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(counter++) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void WriteTextFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string ReadTextFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SourcePath(const std::string& relative) {
  return (fs::path(CH_SOURCE_DIR) / relative).string();
}

std::string BinaryPath(const std::string& relative) {
  return (fs::path(CH_BINARY_DIR) / relative).string();
}

std::string ResourceMarkdown(const std::string& title, const std::string& focus_area,
                             const std::string& body, const std::string& extra_front_matter) {
  return "---\ntitle: \"" + title + "\"\nsummary: \"A short summary of " + title +
         ".\"\ntype: guide\nfocus_areas: [" + focus_area + "]\n" + extra_front_matter + "---\n" +
         body + "\n";
}

std::string LibraryPath(const std::string& relative) {
  return (fs::path(SourcePath("tests/testdata/library")) / relative).string();
}

std::vector<std::string> LibraryResourceIds() {
  std::vector<std::string> ids;
  for (const auto& entry : fs::recursive_directory_iterator(LibraryPath("resources"))) {
    const fs::path& p = entry.path();
    if (entry.is_regular_file() && p.extension() == ".md" && p.filename() != "README.md") {
      ids.push_back(p.stem().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

size_t LibraryResourceCount() { return LibraryResourceIds().size(); }

void CopyLibrary(const fs::path& dir) {
  fs::create_directories(dir);
  fs::copy(LibraryPath(), dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void CopyTaxonomy(const fs::path& dir) {
  fs::create_directories(dir);
  fs::copy_file(LibraryPath("taxonomy.yaml"), dir / "taxonomy.yaml",
                fs::copy_options::overwrite_existing);
}

void MakeCorpusOnProductTaxonomy(const fs::path& corpus) {
  fs::create_directories(corpus / "resources");
  for (const char* name : {"taxonomy.yaml", "taxonomy.es.yaml"}) {
    fs::copy_file(SourcePath(std::string("corpus/") + name), corpus / name,
                  fs::copy_options::overwrite_existing);
  }
}

int RunCommand(const std::string& command, std::string* output) {
  std::string full = command + " 2>&1";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer;
  output->clear();
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output->append(buffer.data(), n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace ch::test
