#include "server/services/form_secret.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/file_util.h"

namespace ch {
namespace {

constexpr size_t kMaxSecretFileBytes = 64 * 1024;

std::string Trimmed(std::string text) {
  text.erase(0, text.find_first_not_of(" \t\r\n"));
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  return text;
}

Result<std::string> ReadSecret(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::InvalidArgument("form secret file " + path + " is not a regular file");
  }
  Result<std::string> text = ReadFile(path, kMaxSecretFileBytes);
  if (!text.ok()) {
    return Status::Internal("form secret file " + path + ": " + text.status().message());
  }
  std::string secret = Trimmed(std::move(text).value());
  if (secret.size() < kMinFormSecretLength) {
    return Status::InvalidArgument("form secret file " + path + " holds " +
                                   std::to_string(secret.size()) + " characters; at least " +
                                   std::to_string(kMinFormSecretLength) +
                                   " are needed (for example `openssl rand -hex 32`)");
  }
  return secret;
}

Result<std::string> NewSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Status::Internal("no random bytes for the suggestion form secret");
  }
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

// Writes `secret` to a private temporary file, then links it to `path`: the file appears whole
// or not at all, and never replaces one that another process made first (then EEXIST).
Status CreateExclusively(const std::string& path, const std::string& secret) {
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot write " + temp + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // whatever the umask
  std::string line = secret + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    return Status::Internal("cannot write " + temp);
  }
  int linked = ::link(temp.c_str(), path.c_str());
  int error = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && error == EEXIST) return Status::AlreadyExists(path);
  if (linked != 0) return Status::Internal("cannot create " + path + ": " + std::strerror(error));
  return Status::Ok();
}

}  // namespace

Result<std::string> LoadFormSecret(const std::string& path, FormSecretSource source) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return ReadSecret(path);
  if (source == FormSecretSource::kOperator) {
    return Status::NotFound("form secret file " + path +
                            " does not exist (make one with `openssl rand -hex 32 > " + path +
                            "` and give every node the same file)");
  }
  CH_ASSIGN_OR_RETURN(std::string secret, NewSecret());
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  Status created = CreateExclusively(path, secret);
  if (created.code() == Status::Code::kAlreadyExists) return ReadSecret(path);
  CH_RETURN_IF_ERROR(created);
  return secret;
}

}  // namespace ch
