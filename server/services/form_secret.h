// form_secret.h: the secret that signs the suggestion form's tokens
// (toolkits/suggestion_service.h), kept in a file so that a restart keeps open forms valid and
// several server nodes behind one load balancer accept each other's tokens.
//
//   LoadFormSecret(path, FormSecretSource::kOperator)  // --form-secret-file PATH
//   LoadFormSecret(DATA_DIR/suggestion-form-secret, FormSecretSource::kDataFolder)
//
// The file holds the secret as text: surrounding whitespace (a trailing newline) is ignored and at
// least kMinFormSecretLength characters must remain. An operator's file must exist (a missing
// one is an error: every node would otherwise invent its own secret). The data folder's file is
// made on first use: 32 random bytes as 64 hex digits, created exclusively with mode 0600 (when
// two processes race, the loser reads the winner's file).
//
// Errors: NotFound (an operator's file that does not exist), InvalidArgument (too short, or
// not a regular file), Internal (no randomness; the file cannot be read or written). Each
// message names the file. Stateless; safe from any thread.
#pragma once

#include <cstddef>
#include <string>

#include "base/status.h"

namespace ch {

inline constexpr size_t kMinFormSecretLength = 32;
inline constexpr const char* kFormSecretFileName = "suggestion-form-secret";

enum class FormSecretSource {
  kOperator,    // given with --form-secret-file: must exist
  kDataFolder,  // the default: made when missing
};

Result<std::string> LoadFormSecret(const std::string& path, FormSecretSource source);

}  // namespace ch
