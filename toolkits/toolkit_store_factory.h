// toolkit_store_factory.h: which ToolkitStore a server uses, from one `--toolkits-db` value.
//
//   Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec(flag_value, data_dir);
//   if (!spec.ok()) return spec.status();                    // InvalidArgument, naming the forms
//   Result<std::unique_ptr<ToolkitStore>> store = OpenToolkitStore(*spec);
//   if (!store.ok()) std::cerr << spec->description << ": " << store.status().message();
//
// Accepted values:
//   ""                                   SQLite file DATA_DIR/toolkits.sqlite (the default)
//   postgresql://... or postgres://...   PostgreSQL; the URI goes to libpq as it is
//   sqlite:PATH                          SQLite file at PATH (taken literally)
//   a plain path (no "scheme:" prefix)   SQLite file at that path
// Anything else that looks like "scheme:..." (mysql://..., file:..., sqlite: with no path) is
// InvalidArgument, with a message listing these forms.
//
// Thread-safety: pure functions; the stores they open are thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "toolkits/postgres_toolkit_store.h"
#include "toolkits/sqlite_toolkit_store.h"
#include "toolkits/toolkit_store.h"

namespace ch {

struct ToolkitStoreSpec {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  std::string target;       // the SQLite file's path, or the PostgreSQL connection URI
  std::string description;  // for logs and messages: the path, or the URI without password
};

// The file name of the default SQLite store inside the server's data folder.
inline constexpr char kDefaultToolkitsFile[] = "toolkits.sqlite";

// Reads a `--toolkits-db` value; `data_dir` is used only for the default (empty value).
Result<ToolkitStoreSpec> ParseToolkitStoreSpec(std::string_view value, const std::string& data_dir);

struct ToolkitStoreOptions {
  SqliteStoreOptions sqlite;
  PostgresStoreOptions postgres;
};

// Opens (creating and migrating as needed) the store `spec` names. Errors: those of
// SqliteToolkitStore::Open or PostgresToolkitStore::Open.
Result<std::unique_ptr<ToolkitStore>> OpenToolkitStore(const ToolkitStoreSpec& spec,
                                                       const ToolkitStoreOptions& options = {});

}  // namespace ch
