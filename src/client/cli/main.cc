// parley: the command-line chat client.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "client/cli/commands.h"
#include "client/cli/message_words.h"
#include "client/cli/server_choice.h"
#include "client/cli/session_file.h"
#include "common/command_line.h"

ABSL_FLAG(std::string, protocol, "",
          "grpc, binary or json (default: the saved session's, else grpc)");
ABSL_FLAG(std::string, server, "",
          "server address (default: $PARLEY_SERVER, else the last server "
          "used, else 127.0.0.1 on "
          "the protocol's port: grpc 50051, binary 50052, json 50053)");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA certificate to verify the server with (enables TLS)");
ABSL_FLAG(std::string, session, "",
          "session file (default ~/.config/parley/session)");
ABSL_FLAG(std::string, from, "", "read: only messages from this account");
ABSL_FLAG(int, n, 10, "read: how many unread messages to show");
ABSL_FLAG(int, page_size, 0,
          "users, history: entries per page (0: the server's default)");
ABSL_FLAG(std::string, page_token, "",
          "users, history: the page to show (printed by the last one)");
ABSL_FLAG(int64_t, after_id, -1,
          "watch: first replay stored messages after this id (-1: live only)");
ABSL_FLAG(bool, yes, false, "delete-account: do not ask for confirmation");

int main(int argc, char** argv) {
  std::vector<char*> protected_argv =
      parley::cli::ProtectMessageWords(argc, argv);
  std::vector<std::string> args = parley::ParseCommandLineOrExit(
      static_cast<int>(protected_argv.size()), protected_argv.data(),
      {"parley", parley::cli::Usage(), __FILE__});

  parley::cli::CliContext context;
  context.session_path = absl::GetFlag(FLAGS_session);
  if (context.session_path.empty()) {
    context.session_path = parley::cli::DefaultSessionPath();
  }
  absl::StatusOr<parley::cli::SavedSession> saved =
      parley::cli::LoadSavedServer(context.session_path);
  // --server, else $PARLEY_SERVER, else the server the session file
  // remembers (kept across logout), else the local default.
  std::string server_flag = absl::GetFlag(FLAGS_server);
  if (const char* from_env = std::getenv("PARLEY_SERVER");
      server_flag.empty() && from_env != nullptr) {
    server_flag = from_env;
  }
  absl::StatusOr<parley::cli::ServerChoice> server =
      parley::cli::ChooseServer(absl::GetFlag(FLAGS_protocol), server_flag,
                                saved.ok() ? &*saved : nullptr);
  if (!server.ok()) {
    std::cerr << "error: " << server.status().message() << "\n";
    return 2;
  }
  context.server = server->address;
  context.protocol = server->protocol;
  context.from = absl::GetFlag(FLAGS_from);
  context.count = absl::GetFlag(FLAGS_n);
  context.page_size = absl::GetFlag(FLAGS_page_size);
  context.page_token = absl::GetFlag(FLAGS_page_token);
  if (absl::GetFlag(FLAGS_after_id) >= 0) {
    context.after_id = absl::GetFlag(FLAGS_after_id);
  }
  context.yes = absl::GetFlag(FLAGS_yes);

  parley::ClientOptions options;
  options.protocol = context.protocol;
  options.address = context.server;
  options.tls_ca_path = absl::GetFlag(FLAGS_tls_ca);
  absl::StatusOr<std::unique_ptr<parley::ChatClient>> client =
      parley::ChatClient::Connect(options);
  if (!client.ok()) return parley::cli::Fail(context, client.status());
  context.client = client->get();
  return parley::cli::RunCommand(context, args);
}
