// Where the `parley` CLI keeps its session between commands: the server and
// the protocol it was reached by, the account and the token, in a file only its
// owner can read, since the token is as good as the password until it expires.
//
// Thread safety: pure functions over the file system.
#ifndef PARLEY_CLIENT_CLI_SESSION_FILE_H_
#define PARLEY_CLIENT_CLI_SESSION_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace parley::cli {

struct SavedSession {
  std::string server;
  std::string username;
  std::string token;
  // ProtocolName() of the protocol `server` speaks; files written before
  // there was a choice have none, and mean gRPC.
  std::string protocol;
};

// $PARLEY_SESSION, else $XDG_CONFIG_HOME/parley/session, else
// ~/.config/parley/session.
std::string DefaultSessionPath();
// Writes the file with mode 0600, creating its directory with 0700.
// PERMISSION_DENIED if either cannot be created; INTERNAL if the write fails.
absl::Status SaveSession(const std::string& path, const SavedSession& session);
// NOT_FOUND, saying how to sign in, if there is no saved session (no file,
// or a file that only remembers the server).
absl::StatusOr<SavedSession> LoadSession(const std::string& path);
// The saved server and protocol, signed in or not (username and token may be
// empty). NOT_FOUND if the file remembers no server.
absl::StatusOr<SavedSession> LoadSavedServer(const std::string& path);
// Forgets the account and token but keeps the server and protocol, so that
// the next login goes where the last one went (after logout or
// delete-account). Nothing to do without a file; INTERNAL if it cannot be
// rewritten.
absl::Status ForgetSignIn(const std::string& path);
// Removes the file (nothing to do if it is gone). INTERNAL if it stays.
absl::Status RemoveSession(const std::string& path);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_SESSION_FILE_H_
