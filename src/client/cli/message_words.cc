#include "client/cli/message_words.h"

#include <string>
#include <string_view>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"

namespace parley::cli {
namespace {

// Whether `arg` ("-x", "--name", "--name=value") names a flag that takes its
// value from the next word.
bool TakesNextWord(std::string_view arg) {
  arg.remove_prefix(arg.find_first_not_of('-'));
  if (arg.find('=') != std::string_view::npos) return false;
  const absl::CommandLineFlag* flag =
      absl::FindCommandLineFlag(std::string(arg));
  return flag != nullptr && !flag->IsOfType<bool>();
}

}  // namespace

std::vector<char*> ProtectMessageWords(int argc, char** argv) {
  static char kEndOfFlags[] = "--";
  std::vector<char*> out(argv, argv + argc);
  int positional = 0;
  bool sending = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return out;
    if (arg.size() > 1 && arg[0] == '-') {
      if (TakesNextWord(arg)) ++i;
      continue;
    }
    ++positional;
    if (positional == 1) sending = arg == "send";
    // The text begins right after the recipient, whatever its first word
    // looks like.
    if (sending && positional == 2 && i + 1 < argc) {
      out.insert(out.begin() + i + 1, kEndOfFlags);
      return out;
    }
  }
  return out;
}

}  // namespace parley::cli
