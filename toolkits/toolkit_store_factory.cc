#include "toolkits/toolkit_store_factory.h"

#include <filesystem>

namespace ch {
namespace {

constexpr char kAcceptedForms[] =
    "use postgresql://USER@HOST:PORT/DATABASE (or postgres://...) for PostgreSQL, sqlite:PATH or "
    "a plain file path for SQLite, or leave it empty for DATA_DIR/toolkits.sqlite";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "mysql" for "mysql://x", "file" for "file:x"; "" when `value` does not start with a URI scheme
// (letters, then letters, digits, '+', '-' or '.', then ':').
std::string_view SchemeOf(std::string_view value) {
  size_t i = 0;
  while (i < value.size()) {
    char c = value[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!(letter || (i > 0 && other))) break;
    ++i;
  }
  return i > 0 && i < value.size() && value[i] == ':' ? value.substr(0, i) : std::string_view();
}

ToolkitStoreSpec SqliteSpec(std::string path) {
  ToolkitStoreSpec spec;
  spec.backend = ToolkitStoreSpec::Backend::kSqlite;
  spec.description = path;
  spec.target = std::move(path);
  return spec;
}

}  // namespace

Result<ToolkitStoreSpec> ParseToolkitStoreSpec(std::string_view value,
                                               const std::string& data_dir) {
  if (value.empty()) {
    return SqliteSpec((std::filesystem::path(data_dir) / kDefaultToolkitsFile).string());
  }
  if (StartsWith(value, "postgresql://") || StartsWith(value, "postgres://")) {
    std::string uri(value);
    CH_ASSIGN_OR_RETURN(std::string description, PostgresToolkitStore::Describe(uri));
    ToolkitStoreSpec spec;
    spec.backend = ToolkitStoreSpec::Backend::kPostgres;
    spec.target = std::move(uri);
    spec.description = description;
    return spec;
  }
  std::string_view scheme = SchemeOf(value);
  if (scheme == "sqlite") {
    std::string_view path = value.substr(scheme.size() + 1);
    if (path.empty()) {
      return Status::InvalidArgument("toolkit store 'sqlite:' names no file; " +
                                     std::string(kAcceptedForms));
    }
    return SqliteSpec(std::string(path));
  }
  if (!scheme.empty()) {
    return Status::InvalidArgument("unknown toolkit store '" + std::string(scheme) + ":...'; " +
                                   kAcceptedForms);
  }
  return SqliteSpec(std::string(value));
}

Result<std::unique_ptr<ToolkitStore>> OpenToolkitStore(const ToolkitStoreSpec& spec,
                                                       const ToolkitStoreOptions& options) {
  if (spec.backend == ToolkitStoreSpec::Backend::kPostgres) {
    CH_ASSIGN_OR_RETURN(std::unique_ptr<PostgresToolkitStore> store,
                        PostgresToolkitStore::Open(spec.target, options.postgres));
    return std::unique_ptr<ToolkitStore>(std::move(store));
  }
  CH_ASSIGN_OR_RETURN(std::unique_ptr<SqliteToolkitStore> store,
                      SqliteToolkitStore::Open(spec.target, options.sqlite));
  return std::unique_ptr<ToolkitStore>(std::move(store));
}

}  // namespace ch
