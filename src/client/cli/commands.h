// The `parley` CLI's commands, each a thin layer over ChatClient: parse
// arguments, call, print. Each returns the process exit code (0 success, 1 the
// server refused, 2 bad usage).
//
// Thread safety: run one command at a time; they print to the terminal.
#ifndef PARLEY_CLIENT_CLI_COMMANDS_H_
#define PARLEY_CLIENT_CLI_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "client/chat_client.h"
#include "client/protocol.h"

namespace parley::cli {

struct CliContext {
  ChatClient* client = nullptr;  // not owned; set before RunCommand
  std::string server;
  Protocol protocol = Protocol::kGrpc;  // the protocol `server` speaks
  std::string session_path;
  // Options of the individual commands.
  std::string from;
  int count = 10;
  int page_size = 0;
  std::string page_token;
  std::optional<int64_t> after_id;
  bool yes = false;
};

// Runs the command `args[0]` with the rest as its arguments and returns the
// exit code; an unknown or missing command prints the usage and returns 2.
int RunCommand(CliContext& context, const std::vector<std::string>& args);

// Prints why a command failed, for a person (the status code's name adds
// nothing), naming the server and protocol when the server could not be
// reached, so a wrong or forgotten address shows. Returns 1, the exit code.
int Fail(const CliContext& context, const absl::Status& status);

// The help text listing every command.
std::string Usage();

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_COMMANDS_H_
