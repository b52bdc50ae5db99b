#include "client/cli/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

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

absl::StatusOr<std::string> ReadNewPassword(const std::string& name) {
  absl::StatusOr<std::string> first =
      ReadPassword("Choose a password for " + name + ": ");
  if (!first.ok() || !IsInteractive()) return first;
  absl::StatusOr<std::string> second = ReadPassword("Type it again: ");
  if (!second.ok()) return second.status();
  return ConfirmedPassword(*std::move(first), *second);
}

absl::StatusOr<std::string> ConfirmedPassword(std::string first,
                                              const std::string& second) {
  if (first != second) {
    return absl::InvalidArgumentError(
        "the two passwords differ; nothing was created, try again");
  }
  return first;
}

bool IsInteractive() { return isatty(STDIN_FILENO) != 0; }

bool Confirm(const std::string& question) {
  if (!IsInteractive()) return false;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  return std::getline(std::cin, answer) &&
         (answer == "y" || answer == "Y" || answer == "yes");
}

}  // namespace parley::cli
