#include "client/cli_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace parley::cli {

absl::StatusOr<std::string> ReadPassword(const std::string& prompt) {
  std::string password;
  if (!IsInteractive()) {
    if (!std::getline(std::cin, password)) {
      return absl::InvalidArgumentError(
          "expected the password on standard input");
    }
    return password;
  }
  std::cerr << prompt << std::flush;
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  const bool ok = static_cast<bool>(std::getline(std::cin, password));
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  if (!ok) return absl::CancelledError("no password entered");
  return password;
}

bool IsInteractive() { return isatty(STDIN_FILENO) != 0; }

bool Confirm(const std::string& question) {
  if (!IsInteractive()) return false;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  return std::getline(std::cin, answer) &&
         (answer == "y" || answer == "Y" || answer == "yes");
}

std::string DefaultSessionPath() {
  if (const char* path = std::getenv("PARLEY_SESSION"); path && *path)
    return path;
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
  const std::string contents = absl::StrCat(
      session.server, "\n", session.username, "\n", session.token, "\n");
  const bool written = write(fd, contents.data(), contents.size()) ==
                       static_cast<ssize_t>(contents.size());
  close(fd);
  if (!written) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<SavedSession> LoadSession(const std::string& path) {
  std::ifstream in(path);
  SavedSession session;
  if (!in || !std::getline(in, session.server) ||
      !std::getline(in, session.username) || !std::getline(in, session.token) ||
      session.token.empty()) {
    return absl::NotFoundError("not signed in; run `parley login NAME` first");
  }
  return session;
}

absl::Status RemoveSession(const std::string& path) {
  std::error_code error;
  std::filesystem::remove(path, error);
  if (error) return absl::InternalError(absl::StrCat("cannot remove ", path));
  return absl::OkStatus();
}

std::string FormatMessage(const chat::v1::Message& message) {
  const absl::Time sent = absl::FromUnixSeconds(message.sent_at().seconds());
  return absl::StrCat(
      "#", message.id(), " ",
      absl::FormatTime("%Y-%m-%d %H:%M:%S", sent, absl::LocalTimeZone()), " ",
      message.sender(), " -> ", message.recipient(), ": ", message.text());
}

std::string FormatEvent(const chat::v1::Event& event) {
  switch (event.kind_case()) {
    case chat::v1::Event::kMessage:
      return FormatMessage(event.message());
    case chat::v1::Event::kMessagesDeleted:
      return absl::StrCat(
          "[deleted by ", event.messages_deleted().deleted_by(),
          " in conversation with ", event.messages_deleted().peer(), ": #",
          absl::StrJoin(event.messages_deleted().ids(), ", #"), "]");
    case chat::v1::Event::kAccountDeleted:
      return absl::StrCat("[", event.account_deleted().username(),
                          " deleted their account; that conversation is gone]");
    case chat::v1::Event::kCaughtUp:
      return absl::StrCat("[live; ", event.caught_up().unread_count(),
                          " unread]");
    case chat::v1::Event::KIND_NOT_SET:
      break;
  }
  return "[unknown event]";
}

}  // namespace parley::cli
