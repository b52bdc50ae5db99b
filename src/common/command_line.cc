#include "common/command_line.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parley {
namespace {

bool AsksFor(int argc, char** argv,
             std::initializer_list<std::string_view> any) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (std::find(any.begin(), any.end(), arg) != any.end()) return true;
  }
  return false;
}

void PrintHelp(const ProgramInfo& info) {
  std::vector<const absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::EndsWith(flag->Filename(), info.flags_file) ||
        absl::EndsWith(info.flags_file, flag->Filename())) {
      flags.push_back(flag);
    }
  }
  std::sort(flags.begin(), flags.end(),
            [](const auto* a, const auto* b) { return a->Name() < b->Name(); });
  std::string text = absl::StrCat(info.usage, "\n\nFlags:\n");
  for (const absl::CommandLineFlag* flag : flags) {
    const std::string value = flag->DefaultValue();
    absl::StrAppend(&text, "  --", flag->Name(), "  ", flag->Help(),
                    " (default: ", value.empty() ? "\"\"" : value, ")\n");
  }
  absl::StrAppend(&text, "  --help  print this and exit\n",
                  "  --version  print the version and exit\n",
                  "  --flagfile  read more flags from a file, one per line\n");
  std::fputs(text.c_str(), stdout);
}

}  // namespace

std::vector<std::string> ParseCommandLineOrExit(int argc, char** argv,
                                                const ProgramInfo& info) {
  absl::SetProgramUsageMessage(info.usage);
  absl::FlagsUsageConfig config;
  config.version_string = [&info] {
    return absl::StrCat(info.name, " ", kParleyVersion, " (API chat.v1)\n");
  };
  absl::SetFlagsUsageConfig(config);
  if (AsksFor(argc, argv, {"--help", "-help", "-h", "--helpfull"})) {
    PrintHelp(info);
    std::exit(0);
  }
  if (AsksFor(argc, argv, {"--version", "-version"})) {
    std::printf("%s %s (API chat.v1)\n", info.name, kParleyVersion);
    std::exit(0);
  }
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return {positional.begin() + 1, positional.end()};
}

}  // namespace parley
