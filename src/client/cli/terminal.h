// The `parley` CLI's questions to the person at the terminal: a password read
// without echo, and yes/no. A script on standard input answers them too, by
// line, where that is safe.
//
// Thread safety: call from one thread; they read standard input.
#ifndef PARLEY_CLIENT_CLI_TERMINAL_H_
#define PARLEY_CLIENT_CLI_TERMINAL_H_

#include <string>

#include "absl/status/statusor.h"

namespace parley::cli {

// Reads a password: from the terminal without echo after `prompt`, or, when
// standard input is not a terminal (scripts), one line from it. Never from the
// command line. INVALID_ARGUMENT when a script gave no line; CANCELLED when
// the terminal closed.
absl::StatusOr<std::string> ReadPassword(const std::string& prompt);
// Reads the password for a new account named `name`: at a terminal, twice
// (a typo would lock the user out of an account they just made),
// INVALID_ARGUMENT when the two differ; from a script, one line, as
// ReadPassword.
absl::StatusOr<std::string> ReadNewPassword(const std::string& name);
// `first` when the second typing matches it, else INVALID_ARGUMENT saying so.
absl::StatusOr<std::string> ConfirmedPassword(std::string first,
                                              const std::string& second);
// Whether standard input is a terminal (a person) rather than a pipe (a
// script).
bool IsInteractive();
// Asks a yes/no question on the terminal; false when standard input is not a
// terminal.
bool Confirm(const std::string& question);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_TERMINAL_H_
