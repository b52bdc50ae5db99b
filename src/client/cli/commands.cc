#include "client/cli/commands.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "client/cli/format.h"
#include "client/cli/reconnect_notice.h"
#include "client/cli/session_file.h"
#include "client/cli/terminal.h"
#include "client/register_or_sign_in.h"

namespace parley::cli {
namespace {

using Args = std::vector<std::string>;

int BadUsage(const std::string& text) {
  std::cerr << "usage: parley " << text << "\n";
  return 2;
}

// Loads the saved token into the client; false (after printing why) if there is
// none.
bool Resume(CliContext& context) {
  absl::StatusOr<SavedSession> saved = LoadSession(context.session_path);
  if (!saved.ok()) {
    Fail(context, saved.status());
    return false;
  }
  context.client->set_token(saved->token);
  return true;
}

// Keeps the session of a successful sign-in and says so.
int FinishLogin(CliContext& context,
                const absl::StatusOr<chat::v1::CompleteLoginResponse>& login) {
  if (!login.ok()) return Fail(context, login.status());
  if (absl::Status s =
          SaveSession(context.session_path,
                      {context.server, login->username(),
                       login->session_token(), ProtocolName(context.protocol)});
      !s.ok()) {
    return Fail(context, s);
  }
  std::cout << "Signed in as " << login->username() << ". You have "
            << login->unread_count() << " unread message"
            << (login->unread_count() == 1 ? "" : "s") << ".\n";
  return 0;
}

int Login(CliContext& context, const Args& args) {
  if (args.size() != 1) return BadUsage("login NAME");
  absl::StatusOr<std::string> password =
      ReadPassword("Password for " + args[0] + ": ");
  if (!password.ok()) return Fail(context, password.status());
  return FinishLogin(context, context.client->Login(args[0], *password));
}

// Creates the account, or, as the notebook's flow has it, signs in if the name
// exists.
int Register(CliContext& context, const Args& args) {
  if (args.size() != 1) return BadUsage("register NAME");
  const std::string& name = args[0];
  absl::StatusOr<std::string> password = ReadNewPassword(name);
  if (!password.ok()) return Fail(context, password.status());
  const RegisterOrSignInResult result = RegisterOrSignIn(
      *context.client, name, *password, [&]() -> absl::StatusOr<std::string> {
        std::cout << "An account named " << name << " exists; signing in.\n";
        // At a terminal, ask for that account's password; a script's one line
        // is used as is.
        if (IsInteractive()) return ReadPassword("Password for " + name + ": ");
        return *password;
      });
  if (result.created) {
    std::cout << "Created account " << result.created->account().username()
              << ".\n";
  }
  return FinishLogin(context, result.login);
}

int Logout(CliContext& context, const Args&) {
  if (!Resume(context)) return 1;
  absl::Status status = context.client->Logout();
  ForgetSignIn(context.session_path).IgnoreError();
  if (!status.ok() && !absl::IsUnauthenticated(status)) {
    return Fail(context, status);
  }
  std::cout << "Signed out.\n";
  return 0;
}

int Users(CliContext& context, const Args& args) {
  if (args.size() > 1) {
    return BadUsage("users [PATTERN] [--page_size N] [--page_token T]");
  }
  if (!Resume(context)) return 1;
  const std::string pattern = args.empty() ? "*" : args[0];
  absl::StatusOr<chat::v1::ListAccountsResponse> page =
      context.client->ListAccounts(pattern, context.page_size,
                                   context.page_token);
  if (!page.ok()) return Fail(context, page.status());
  for (const chat::v1::Account& account : page->accounts()) {
    std::cout << account.username() << "\n";
  }
  std::cout << "(" << page->accounts_size() << " shown of "
            << page->total_count() << " matching '" << pattern << "')\n";
  if (!page->next_page_token().empty()) {
    std::cout << "more: "
              << NextPageCommand("parley users '" + pattern + "'",
                                 context.page_size, page->next_page_token())
              << "\n";
  }
  return 0;
}

int Send(CliContext& context, const Args& args) {
  if (args.size() < 2) return BadUsage("send NAME TEXT...");
  if (!Resume(context)) return 1;
  const std::string text = absl::StrJoin(args.begin() + 1, args.end(), " ");
  absl::StatusOr<chat::v1::SendMessageResponse> sent =
      context.client->SendMessage(args[0], text);
  if (!sent.ok()) return Fail(context, sent.status());
  std::cout << "Sent #" << sent->id() << ".\n";
  return 0;
}

int Read(CliContext& context, const Args& args) {
  if (!args.empty()) return BadUsage("read [--from NAME] [-n N]");
  if (!Resume(context)) return 1;
  absl::StatusOr<chat::v1::ReadMessagesResponse> read =
      context.client->ReadMessages(context.count, context.from);
  if (!read.ok()) return Fail(context, read.status());
  if (read->messages().empty()) {
    std::cout << "No unread messages"
              << (context.from.empty() ? "" : " from " + context.from) << ".\n";
    return 0;
  }
  for (const chat::v1::Message& message : read->messages()) {
    std::cout << FormatMessage(message) << "\n";
  }
  std::cout << "(" << read->remaining_unread() << " unread left)\n";
  return 0;
}

int Conversations(CliContext& context, const Args&) {
  if (!Resume(context)) return 1;
  absl::StatusOr<chat::v1::ListConversationsResponse> list =
      context.client->ListConversations();
  if (!list.ok()) return Fail(context, list.status());
  for (const chat::v1::Conversation& c : list->conversations()) {
    std::cout << c.peer() << ": " << c.unread_count() << " unread of "
              << c.message_count()
              << "; last: " << FormatMessage(c.last_message()) << "\n";
  }
  std::cout << "(" << list->total_unread() << " unread in all)\n";
  return 0;
}

int History(CliContext& context, const Args& args) {
  if (args.size() != 1) {
    return BadUsage("history NAME [--page_size N] [--page_token T]");
  }
  if (!Resume(context)) return 1;
  absl::StatusOr<chat::v1::GetHistoryResponse> page =
      context.client->GetHistory(args[0], context.page_size,
                                 context.page_token);
  if (!page.ok()) return Fail(context, page.status());
  if (page->messages().empty()) {
    std::cout << (context.page_token.empty() ? "No messages with "
                                             : "No older messages with ")
              << args[0] << ".\n";
    return 0;
  }
  for (const chat::v1::Message& message : page->messages()) {
    std::cout << FormatMessage(message) << "\n";
  }
  if (!page->next_page_token().empty()) {
    std::cout << "older: "
              << NextPageCommand("parley history " + args[0], context.page_size,
                                 page->next_page_token())
              << "\n";
  }
  return 0;
}

int Delete(CliContext& context, const Args& args) {
  if (args.empty()) return BadUsage("delete ID...");
  std::vector<int64_t> ids;
  for (const std::string& arg : args) {
    int64_t id;
    if (!absl::SimpleAtoi(absl::StripPrefix(arg, "#"), &id)) {
      return BadUsage(
          "delete ID... (ids are numbers, as `read` and `history` print them)");
    }
    ids.push_back(id);
  }
  if (!Resume(context)) return 1;
  absl::StatusOr<chat::v1::DeleteMessagesResponse> deleted =
      context.client->DeleteMessages(ids);
  if (!deleted.ok()) return Fail(context, deleted.status());
  std::cout << "Deleted " << deleted->deleted()
            << " message(s) for both sides.\n";
  return 0;
}

int DeleteAccount(CliContext& context, const Args&) {
  if (!Resume(context)) return 1;
  if (!context.yes && !Confirm("Delete your account and every message you sent "
                               "or received? This cannot be "
                               "undone.")) {
    std::cerr << "Not deleted (pass --yes to skip the question).\n";
    return 1;
  }
  absl::StatusOr<chat::v1::DeleteAccountResponse> deleted =
      context.client->DeleteAccount();
  if (!deleted.ok()) return Fail(context, deleted.status());
  ForgetSignIn(context.session_path).IgnoreError();
  std::cout << "Account deleted with " << deleted->deleted_messages()
            << " message(s).\n";
  return 0;
}

std::atomic<bool> g_interrupted{false};

int Watch(CliContext& context, const Args&) {
  if (!Resume(context)) return 1;
  signal(SIGINT, [](int) { g_interrupted = true; });
  signal(SIGTERM, [](int) { g_interrupted = true; });
  std::atomic<bool> stopped{false};
  absl::Status final_status;
  absl::Mutex print_mu;
  ReconnectNotice notice;
  auto subscription = context.client->Subscribe(
      context.after_id,
      {.on_event =
           [&](const chat::v1::Event& event) {
             absl::MutexLock lock(&print_mu);
             std::cout << FormatEvent(event) << std::endl;
           },
       .on_state =
           [&](LiveSubscription::State state, const absl::Status& status) {
             absl::MutexLock lock(&print_mu);
             if (std::optional<std::string> line =
                     notice.OnState(state, status)) {
               std::cerr << *line << std::endl;
             }
             if (state == LiveSubscription::State::kStopped) {
               final_status = status;
               stopped = true;
             }
           }});
  while (!g_interrupted && !stopped) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  subscription->Stop();
  if (g_interrupted) return 0;
  absl::MutexLock lock(&print_mu);
  return final_status.ok() ? 0 : Fail(context, final_status);
}

}  // namespace

int Fail(const CliContext& context, const absl::Status& status) {
  std::cerr << "error: ";
  if (absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status)) {
    std::cerr << "cannot reach the Parley server at " << context.server
              << " over " << ProtocolName(context.protocol) << ": ";
  }
  std::cerr << status.message() << "\n";
  return 1;
}

std::string Usage() {
  return R"(usage: parley [--protocol grpc|binary|json] [--server HOST:PORT] [--tls_ca FILE]
              [--session FILE] COMMAND ...

commands:
  register NAME                 create an account (signs in instead if NAME exists)
  login NAME                    sign in; prints your unread count
  logout                        end this session
  users [PATTERN]               list accounts matching a wildcard (* and ?), paged
                                  [--page_size N] [--page_token T]
  send NAME TEXT...             send a message
  read [--from NAME] [-n N]     read the N oldest unread messages (marks them read)
  conversations                 one line per conversation with unread counts
  history NAME                  a conversation, newest first [--page_size N] [--page_token T]
  delete ID...                  delete messages for both sides
  delete-account [--yes]        delete your account and all its messages
  watch [--after_id N]          print live events until Ctrl-C

Passwords are read without echo from the terminal, or as one line from standard input.
--protocol picks the wire (default: the saved session's, else grpc); without --server the
saved session's server is used for its own protocol, else the protocol's default port on its
host (or 127.0.0.1): grpc 50051, binary 50052, json 50053.
)";
}

int RunCommand(CliContext& context, const Args& args) {
  static const std::map<std::string,
                        std::function<int(CliContext&, const Args&)>>
      kCommands = {{"register", Register},
                   {"login", Login},
                   {"logout", Logout},
                   {"users", Users},
                   {"send", Send},
                   {"read", Read},
                   {"conversations", Conversations},
                   {"history", History},
                   {"delete", Delete},
                   {"delete-account", DeleteAccount},
                   {"watch", Watch}};
  if (args.empty()) {
    std::cerr << Usage();
    return 2;
  }
  auto it = kCommands.find(args[0]);
  if (it == kCommands.end()) {
    std::cerr << "unknown command '" << args[0] << "'\n" << Usage();
    return 2;
  }
  return it->second(context, Args(args.begin() + 1, args.end()));
}

}  // namespace parley::cli
