// Terminal and file helpers for the `parley` CLI: reading a password without
// echo, keeping the session token in a file only its owner can read, and
// printing messages and events.
#ifndef PARLEY_CLIENT_CLI_IO_H_
#define PARLEY_CLIENT_CLI_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chat/v1/chat.pb.h"

namespace parley::cli {

// Reads a password: from the terminal without echo after `prompt`, or, when
// standard input is not a terminal (scripts), one line from it. Never from the
// command line.
absl::StatusOr<std::string> ReadPassword(const std::string& prompt);
// Whether standard input is a terminal (a person) rather than a pipe (a
// script).
bool IsInteractive();
// Asks a yes/no question on the terminal; false when standard input is not a
// terminal.
bool Confirm(const std::string& question);

struct SavedSession {
  std::string server;
  std::string username;
  std::string token;
};

// Default: $PARLEY_SESSION, else $XDG_CONFIG_HOME/parley/session, else
// ~/.config/parley/session.
std::string DefaultSessionPath();
// Writes the file with mode 0600 (creating its directory with 0700).
absl::Status SaveSession(const std::string& path, const SavedSession& session);
// NOT_FOUND if there is no saved session.
absl::StatusOr<SavedSession> LoadSession(const std::string& path);
absl::Status RemoveSession(const std::string& path);

// "#12 2026-11-23 10:04:05 alice -> bob: hello" (local time).
std::string FormatMessage(const chat::v1::Message& message);
// One line per event, as `parley watch` prints it.
std::string FormatEvent(const chat::v1::Event& event);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_IO_H_
