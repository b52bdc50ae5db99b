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

bool IsInteractive() { return isatty(STDIN_FILENO) != 0; }

bool Confirm(const std::string& question) {
  if (!IsInteractive()) return false;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  return std::getline(std::cin, answer) &&
         (answer == "y" || answer == "Y" || answer == "yes");
}

}  // namespace parley::cli
