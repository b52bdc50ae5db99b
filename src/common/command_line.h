// The command line of Parley's programs: Abseil flags, with `--help` and
// `--version` answered the way a newcomer expects (Abseil 20220623 prints "No
// flags matched" for --help unless told which files hold the flags, and
// exits 1).
#ifndef PARLEY_COMMON_COMMAND_LINE_H_
#define PARLEY_COMMON_COMMAND_LINE_H_

#include <string>
#include <vector>

namespace parley {

// Parley's release, printed by --version.
inline constexpr char kParleyVersion[] = "0.5.0";

struct ProgramInfo {
  const char* name;  // as the user types it, e.g. "parley_server"
  // What the program does and how to call it; printed first by --help.
  std::string usage;
  // The source file that defines the program's flags (pass __FILE__): --help
  // lists the flags defined there.
  const char* flags_file;
};

// Parses `argv`. With --help (or -h, --helpfull), prints the usage and the
// program's flags with their defaults on stdout and exits 0; with --version,
// prints the name and version and exits 0. A bad flag makes Abseil print
// which flag and why, and exit 1. Returns the arguments that are not flags,
// without argv[0], in order; everything after a lone "--" is returned as is.
// Call once, at the start of main.
std::vector<std::string> ParseCommandLineOrExit(int argc, char** argv,
                                                const ProgramInfo& info);

}  // namespace parley

#endif  // PARLEY_COMMON_COMMAND_LINE_H_
