#include "client/cli/session_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace parley::cli {

std::string DefaultSessionPath() {
  if (const char* path = std::getenv("PARLEY_SESSION"); path && *path) {
    return path;
  }
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config) {
    return absl::StrCat(config, "/parley/session");
  }
  const char* home = std::getenv("HOME");
  return absl::StrCat(home ? home : ".", "/.config/parley/session");
}

absl::Status SaveSession(const std::string& path, const SavedSession& session) {
  const std::filesystem::path file(path);
  std::error_code error;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot create ", file.parent_path().string(), ": ",
                       error.message()));
    }
    chmod(file.parent_path().c_str(), 0700);
  }
  const int fd =
      open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  fchmod(fd, 0600);
  // The token stays the third line, where scripts read it.
  const std::string contents =
      absl::StrCat(session.server, "\n", session.username, "\n", session.token,
                   "\n", session.protocol, "\n");
  const bool written = write(fd, contents.data(), contents.size()) ==
                       static_cast<ssize_t>(contents.size());
  close(fd);
  if (!written) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<SavedSession> LoadSavedServer(const std::string& path) {
  std::ifstream in(path);
  SavedSession session;
  if (!in || !std::getline(in, session.server) || session.server.empty()) {
    return absl::NotFoundError("not signed in; run `parley login NAME` first");
  }
  std::getline(in, session.username);
  std::getline(in, session.token);
  std::getline(in, session.protocol);
  return session;
}

absl::StatusOr<SavedSession> LoadSession(const std::string& path) {
  absl::StatusOr<SavedSession> session = LoadSavedServer(path);
  if (session.ok() && session->token.empty()) {
    return absl::NotFoundError("not signed in; run `parley login NAME` first");
  }
  return session;
}

absl::Status ForgetSignIn(const std::string& path) {
  absl::StatusOr<SavedSession> session = LoadSavedServer(path);
  if (!session.ok()) return RemoveSession(path);
  session->username.clear();
  session->token.clear();
  absl::Status saved = SaveSession(path, *session);
  if (!saved.ok()) return absl::InternalError(saved.message());
  return absl::OkStatus();
}

absl::Status RemoveSession(const std::string& path) {
  std::error_code error;
  std::filesystem::remove(path, error);
  if (error) return absl::InternalError(absl::StrCat("cannot remove ", path));
  return absl::OkStatus();
}

}  // namespace parley::cli
