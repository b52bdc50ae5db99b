// The desktop client's view-model against a real server: the test thread plays
// the UI thread, giving intents and calling Poll() until the state shows their
// outcome, while other accounts act through the client library as other people
// would.
#include "client/gui/chat_view_model.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/gui/script_runner.h"
#include "support/test_server.h"

namespace parley::gui {
namespace {

using ::parley::testing::TestServer;

// Polls `models` (as the frame loop would) until `done` holds; false after
// `timeout`.
bool PollUntil(std::initializer_list<ChatViewModel*> models,
               const std::function<bool()>& done,
               absl::Duration timeout = absl::Seconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    for (ChatViewModel* model : models) model->Poll();
    if (done()) return true;
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

ViewModelOptions OptionsFor(const TestServer& server) {
  ViewModelOptions options;
  options.server_address = server.address();
  options.backoff = {absl::Milliseconds(50), absl::Milliseconds(200)};
  return options;
}

std::unique_ptr<ChatViewModel> NewModel(const TestServer& server) {
  return std::make_unique<ChatViewModel>(OptionsFor(server), nullptr);
}

void ConnectTo(ChatViewModel& model) {
  model.Connect();
  REQUIRE(PollUntil({&model}, [&] { return !model.connect_form().busy; }));
  INFO(model.connect_form().address_error);
  REQUIRE(model.screen() == Screen::kSignIn);
}

// Fills in the sign-in form and submits it, as a person would.
void SubmitSignIn(ChatViewModel& model, const std::string& name,
                  const std::string& password) {
  model.sign_in_form().name = name;
  model.sign_in_form().password = password;
  model.SignIn();
  REQUIRE(PollUntil({&model}, [&] { return !model.sign_in_form().busy; }));
}

// Connects and signs in, then waits for the live stream and the conversation
// list.
void SignIn(ChatViewModel& model, const std::string& name,
            const std::string& password) {
  ConnectTo(model);
  SubmitSignIn(model, name, password);
  INFO(model.sign_in_form().password_error << model.sign_in_form().error);
  REQUIRE(model.screen() == Screen::kChat);
  REQUIRE(PollUntil({&model}, [&] {
    return model.link().state == LinkState::kLive &&
           model.conversations_loaded();
  }));
}

void OpenConversation(ChatViewModel& model, const std::string& peer) {
  model.OpenConversation(peer);
  REQUIRE(model.conversation_view() != nullptr);
  REQUIRE(PollUntil({&model},
                    [&] { return model.conversation_view()->history_loaded; }));
}

bool Shows(const ChatViewModel& model, const std::string& text) {
  const ConversationView* view = model.conversation_view();
  if (view == nullptr) return false;
  for (const auto& [id, message] : view->shown) {
    if (message.text() == text) return true;
  }
  return false;
}

int64_t IdOf(const ChatViewModel& model, const std::string& text) {
  for (const auto& [id, message] : model.conversation_view()->shown) {
    if (message.text() == text) return id;
  }
  return 0;
}

bool HasNotice(const ChatViewModel& model, const std::string& part) {
  for (const Notice& notice : model.notices()) {
    if (absl::StrContains(notice.text, part)) return true;
  }
  return false;
}

TEST_CASE(
    "choosing a protocol moves a default port to that protocol's and keeps "
    "any other",
    "[gui][connect]") {
  ChatViewModel model(ViewModelOptions{}, nullptr);
  CHECK(model.connect_form().address == "127.0.0.1:50051");
  model.ChooseProtocol(Protocol::kBinary);
  CHECK(model.connect_form().protocol == Protocol::kBinary);
  CHECK(model.connect_form().address == "127.0.0.1:50052");
  model.ChooseProtocol(Protocol::kJson);
  CHECK(model.connect_form().address == "127.0.0.1:50053");
  model.connect_form().address = "chat.example:7000";
  model.ChooseProtocol(Protocol::kGrpc);
  CHECK(model.connect_form().protocol == Protocol::kGrpc);
  CHECK(model.connect_form().address == "chat.example:7000");
}

TEST_CASE(
    "a window signs in over the protocol it chose and counts its bytes, TCP "
    "too where the protocol tells",
    "[gui][connect][bytes]") {
  const Protocol protocol =
      GENERATE(Protocol::kGrpc, Protocol::kBinary, Protocol::kJson);
  INFO("over " << ProtocolName(protocol));
  TestServer server(protocol);
  ViewModelOptions options = OptionsFor(server);
  options.protocol = protocol;
  ChatViewModel model(options, nullptr);
  SignIn(model, "dora", "dora's secret");
  CHECK(model.server_protocol() == protocol);
  CHECK(model.server_address() == server.address(protocol));
  const MethodBytes payload = model.bytes();
  CHECK(payload.sent_bytes > 0);
  CHECK(payload.received_bytes > 0);
  const std::optional<TcpBytes> tcp = model.tcp_bytes();
  if (protocol == Protocol::kGrpc) {
    CHECK_FALSE(tcp.has_value());
  } else {
    REQUIRE(tcp.has_value());
    CHECK(tcp->sent > payload.sent_bytes);
    CHECK(tcp->received > payload.received_bytes);
  }
}

TEST_CASE("a new name creates the account and signs in to it", "[gui][login]") {
  TestServer server;
  auto model = NewModel(server);
  SignIn(*model, "dora", "dora's secret");
  CHECK(model->username() == "dora");
  CHECK(model->total_unread() == 0);
  CHECK(HasNotice(*model, "Created the account dora"));
  auto other_device = server.NewClient();
  CHECK(other_device->Login("dora", "dora's secret").ok());
}

TEST_CASE(
    "an existing name signs in with its password and shows the unread count at "
    "once",
    "[gui][login]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  for (const char* text : {"one", "two", "three"}) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", text));
  }
  auto model = NewModel(server);
  ConnectTo(*model);
  SubmitSignIn(*model, "bob", "pw-bob");
  REQUIRE(model->screen() == Screen::kChat);
  // From the sign-in answer itself, before any list has loaded.
  CHECK(model->total_unread() == 3);
  CHECK(model->sign_in_form().existing_account);
  CHECK(HasNotice(*model, "You have 3 unread messages"));
  REQUIRE(
      PollUntil({model.get()}, [&] { return model->conversations_loaded(); }));
  CHECK(model->UnreadFrom("alice") == 3);
  CHECK(model->total_unread() == 3);
}

TEST_CASE(
    "a wrong password for an existing name is shown next to the password field",
    "[gui][login]") {
  TestServer server;
  server.SignedIn("alice");
  auto model = NewModel(server);
  ConnectTo(*model);
  SubmitSignIn(*model, "alice", "not her password");
  CHECK(model->screen() == Screen::kSignIn);
  CHECK(model->sign_in_form().password_error == "Wrong password for alice.");
  CHECK(model->sign_in_form().name_error.empty());
  CHECK(model->sign_in_form().existing_account);
  CHECK(model->sign_in_form().password.empty());
  // The form is now alice's password prompt: the right password signs in.
  SubmitSignIn(*model, "alice", "pw-alice");
  CHECK(model->screen() == Screen::kChat);
}

TEST_CASE("a name the server refuses is explained next to the name field",
          "[gui][login]") {
  TestServer server;
  auto model = NewModel(server);
  ConnectTo(*model);
  SubmitSignIn(*model, "no spaces please", "pw");
  CHECK(model->screen() == Screen::kSignIn);
  CHECK(
      absl::StrContains(model->sign_in_form().name_error, "may only contain"));
  CHECK(model->sign_in_form().password_error.empty());
}

TEST_CASE("an unreachable server is explained next to the address field",
          "[gui][login]") {
  std::string address;
  {
    TestServer gone;
    address = gone.address();
  }
  ViewModelOptions options;
  options.server_address = address;
  ChatViewModel model(options, nullptr);
  model.Connect();
  REQUIRE(PollUntil({&model}, [&] { return !model.connect_form().busy; }));
  CHECK(model.screen() == Screen::kConnect);
  CHECK(absl::StrContains(model.connect_form().address_error, "Cannot reach"));
}

TEST_CASE("results and events wake the frame loop", "[gui]") {
  TestServer server;
  std::atomic<int> wakes{0};
  ChatViewModel model(OptionsFor(server), [&] { ++wakes; });
  model.Connect();
  REQUIRE(
      PollUntil({&model}, [&] { return model.screen() == Screen::kSignIn; }));
  CHECK(wakes > 0);
}

TEST_CASE("read N shows the oldest N unread messages and marks them read",
          "[gui][read]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  for (const char* text : {"1", "2", "3", "4", "5"}) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", text));
  }
  auto model = NewModel(server);
  SignIn(*model, "bob", "pw-bob");
  OpenConversation(*model, "alice");
  // Unread messages wait behind the "read N" control instead of being shown.
  CHECK(model->conversation_view()->shown.empty());
  CHECK(model->UnreadFrom("alice") == 5);
  model->conversation_view()->read_batch = 2;
  model->ReadUnread();
  REQUIRE(PollUntil({model.get()},
                    [&] { return !model->conversation_view()->reading; }));
  CHECK(Shows(*model, "1"));
  CHECK(Shows(*model, "2"));
  CHECK_FALSE(Shows(*model, "3"));
  CHECK(model->UnreadFrom("alice") == 3);
  CHECK(ASSERT_OK_AND_GET(bob->ListConversations()).total_unread() == 3);
}

TEST_CASE(
    "a live message appears in the open conversation at once and is marked "
    "read",
    "[gui][live]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto model = NewModel(server);
  SignIn(*model, "bob", "pw-bob");
  OpenConversation(*model, "alice");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "are you there?"));
  REQUIRE(PollUntil({model.get()},
                    [&] { return Shows(*model, "are you there?"); }));
  CHECK(model->UnreadFrom("alice") == 0);
  REQUIRE(PollUntil({model.get()}, [&] {
    return model->conversation_view()->marking_read.empty();
  }));
  CHECK(ASSERT_OK_AND_GET(bob->ListConversations()).total_unread() == 0);
}

TEST_CASE(
    "a live message to a conversation that is not open raises its unread count",
    "[gui][live]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  auto carol = server.SignedIn("carol");
  server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "from alice"));
  auto model = NewModel(server);
  SignIn(*model, "bob", "pw-bob");
  ASSERT_OK_AND_GET(carol->SendMessage("bob", "from carol"));
  REQUIRE(PollUntil({model.get()},
                    [&] { return model->UnreadFrom("carol") == 1; }));
  CHECK(model->total_unread() == 2);
  // Newest activity first.
  REQUIRE(model->conversations().size() == 2);
  CHECK(model->conversations()[0].peer == "carol");
  CHECK(model->conversations()[0].last_message.text() == "from carol");
}

TEST_CASE(
    "sending shows the message once stored and the peer's window gets it live",
    "[gui][send]") {
  TestServer server;
  server.SignedIn("alice");
  server.SignedIn("bob");
  auto alice = NewModel(server);
  auto bob = NewModel(server);
  SignIn(*alice, "alice", "pw-alice");
  SignIn(*bob, "bob", "pw-bob");
  OpenConversation(*alice, "bob");
  OpenConversation(*bob, "alice");
  alice->conversation_view()->composer = "Привет, Боб!";
  alice->Send();
  CHECK(alice->conversation_view()->composer.empty());
  CHECK(alice->PendingTo("bob").size() == 1);
  REQUIRE(PollUntil({alice.get(), bob.get()}, [&] {
    return Shows(*alice, "Привет, Боб!") && Shows(*bob, "Привет, Боб!");
  }));
  CHECK(alice->PendingTo("bob").empty());
  CHECK(alice->conversations()[0].peer == "bob");
  CHECK(bob->conversations()[0].last_message.text() == "Привет, Боб!");
}

TEST_CASE("the composer counts characters, not bytes, against the limit",
          "[gui][send]") {
  TestServer server;
  server.SignedIn("alice");
  server.SignedIn("bob");
  ViewModelOptions options = OptionsFor(server);
  options.max_message_chars = 6;
  ChatViewModel model(options, nullptr);
  SignIn(model, "alice", "pw-alice");
  OpenConversation(model, "bob");
  model.conversation_view()->composer = "Привет";  // 6 characters, 12 bytes
  CHECK(model.ComposerLength() == 6);
  CHECK(model.CanSend());
  model.conversation_view()->composer = "Привет!";
  CHECK(model.ComposerLength() == 7);
  CHECK_FALSE(model.CanSend());
  model.Send();
  CHECK(model.PendingTo("bob").empty());
  CHECK(model.conversation_view()->composer == "Привет!");
  CHECK(model.conversation_view()->composer_error ==
        "Too long: 7 characters; the limit is 6.");
  model.conversation_view()->composer = "   ";
  CHECK_FALSE(model.CanSend());
}

TEST_CASE(
    "a message the server refuses comes back to the composer with the reason",
    "[gui][send]") {
  TestServer server;
  server.SignedIn("alice");
  ViewModelOptions options = OptionsFor(server);
  options.max_message_chars =
      1000;  // more than the server allows: the server says no
  ChatViewModel model(options, nullptr);
  SignIn(model, "alice", "pw-alice");
  OpenConversation(model, "alice");
  const std::string long_text(300, 'x');
  model.conversation_view()->composer = long_text;
  model.Send();
  REQUIRE(
      PollUntil({&model}, [&] { return model.PendingTo("alice").empty(); }));
  CHECK(model.conversation_view()->composer == long_text);
  CHECK(absl::StrContains(model.conversation_view()->composer_error,
                          "Not sent: Text must be at most 256 characters"));
  // Typing on before the answer comes: the draft stays, a notice quotes the
  // failed text.
  model.Send();
  model.conversation_view()->composer = "a new draft";
  REQUIRE(
      PollUntil({&model}, [&] { return model.PendingTo("alice").empty(); }));
  CHECK(model.conversation_view()->composer == "a new draft");
  CHECK(HasNotice(model, "Your message \"xxxxxxxx"));
  CHECK(HasNotice(model, "to alice was not sent"));
}

TEST_CASE("history pages back to the start of the conversation",
          "[gui][history]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  for (int i = 1; i <= 7; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", std::to_string(i)));
  }
  ViewModelOptions options = OptionsFor(server);
  options.history_page_size = 3;
  ChatViewModel model(options, nullptr);
  SignIn(model, "alice", "pw-alice");
  OpenConversation(model, "bob");
  ConversationView& view = *model.conversation_view();
  CHECK(view.shown.size() == 3);
  CHECK(Shows(model, "7"));
  CHECK_FALSE(view.older_page_token.empty());
  for (int page = 0; page < 2; ++page) {
    model.LoadOlder();
    REQUIRE(PollUntil({&model}, [&] { return !view.loading_older; }));
  }
  CHECK(view.shown.size() == 7);
  CHECK(view.shown.begin()->second.text() == "1");
  CHECK(view.older_page_token.empty());
}

TEST_CASE(
    "deleting selected messages removes them from the other side's window too",
    "[gui][delete]") {
  TestServer server;
  server.SignedIn("alice");
  server.SignedIn("bob");
  auto alice = NewModel(server);
  auto bob = NewModel(server);
  SignIn(*alice, "alice", "pw-alice");
  SignIn(*bob, "bob", "pw-bob");
  OpenConversation(*alice, "bob");
  OpenConversation(*bob, "alice");
  for (const char* text : {"keep this", "oops"}) {
    alice->conversation_view()->composer = text;
    alice->Send();
  }
  REQUIRE(PollUntil({alice.get(), bob.get()}, [&] {
    return Shows(*alice, "oops") && Shows(*bob, "oops") &&
           Shows(*bob, "keep this");
  }));
  alice->ToggleSelected(IdOf(*alice, "oops"));
  alice->RequestDeleteSelected();
  CHECK(alice->dialog() == Dialog::kDeleteMessages);
  alice->ConfirmDialog();
  CHECK(alice->dialog() == Dialog::kNone);
  // The deletion event on alice's own stream can remove the message before the
  // reply to her DeleteMessages call (which brings the notice) arrives: wait
  // for both.
  REQUIRE(PollUntil({alice.get(), bob.get()}, [&] {
    return !Shows(*alice, "oops") && !Shows(*bob, "oops") &&
           HasNotice(*alice, "Deleted 1 message for you and bob");
  }));
  CHECK(Shows(*bob, "keep this"));
  CHECK(alice->conversation_view()->selected.empty());
}

TEST_CASE("cancelling a dialog deletes nothing", "[gui][delete]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "still here"));
  auto model = NewModel(server);
  SignIn(*model, "alice", "pw-alice");
  OpenConversation(*model, "bob");
  model->ToggleSelected(IdOf(*model, "still here"));
  model->RequestDeleteSelected();
  model->CancelDialog();
  CHECK(model->dialog() == Dialog::kNone);
  model->RequestDeleteAccount();
  model->CancelDialog();
  CHECK(model->screen() == Screen::kChat);
  CHECK(ASSERT_OK_AND_GET(alice->GetHistory("bob", 0, "")).messages_size() ==
        1);
}

TEST_CASE(
    "deleting the account says what goes, frees the name and tells the peer's "
    "window",
    "[gui][account]") {
  TestServer server;
  auto alice_client = server.SignedIn("alice");
  server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice_client->SendMessage("bob", "hi bob"));
  ASSERT_OK_AND_GET(alice_client->SendMessage("bob", "still there?"));
  auto alice = NewModel(server);
  auto bob = NewModel(server);
  SignIn(*alice, "alice", "pw-alice");
  SignIn(*bob, "bob", "pw-bob");
  OpenConversation(*alice, "bob");
  const std::string warning = bob->DeleteAccountWarning();
  CHECK(absl::StrContains(warning, "cannot be undone"));
  CHECK(absl::StrContains(warning, "all 2 messages of your 1 conversation"));
  CHECK(absl::StrContains(warning, "The name bob becomes free"));
  bob->RequestDeleteAccount();
  REQUIRE(bob->dialog() == Dialog::kDeleteAccount);
  bob->ConfirmDialog();
  // The stream's end and the call's reply may arrive in either order: wait for
  // both.
  REQUIRE(PollUntil({bob.get()}, [&] {
    return bob->screen() == Screen::kSignIn &&
           HasNotice(*bob, "Deleted the account bob and 2 messages");
  }));
  CHECK(bob->sign_in_form().error.empty());
  CHECK_FALSE(bob->sign_in_form().existing_account);
  REQUIRE(PollUntil({alice.get()},
                    [&] { return alice->conversation_view() == nullptr; }));
  CHECK(alice->conversations().empty());
  CHECK(HasNotice(*alice, "bob deleted their account"));
  CHECK(server.NewClient()->CreateAccount("bob", "a new bob").ok());
}

TEST_CASE("signing out ends the session and returns to the sign-in screen",
          "[gui][account]") {
  TestServer server;
  server.SignedIn("alice");
  auto model = NewModel(server);
  SignIn(*model, "alice", "pw-alice");
  REQUIRE(server.server().subscriber_count() == 1);
  model->SignOut();
  CHECK(model->screen() == Screen::kSignIn);
  CHECK(model->sign_in_form().existing_account);
  CHECK(model->link().state == LinkState::kSignedOut);
  REQUIRE(PollUntil({model.get()},
                    [&] { return server.server().subscriber_count() == 0; }));
}

TEST_CASE(
    "the window reconnects after the server restarts and gets live messages "
    "again",
    "[gui][reconnect]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  auto model = NewModel(server);
  SignIn(*model, "bob", "pw-bob");
  OpenConversation(*model, "alice");
  server.Stop();
  REQUIRE(PollUntil({model.get()}, [&] {
    return model->link().state == LinkState::kReconnecting;
  }));
  CHECK_FALSE(model->link().reason.empty());
  server.Restart();
  REQUIRE(PollUntil(
      {model.get()}, [&] { return model->link().state == LinkState::kLive; },
      absl::Seconds(20)));
  CHECK(model->link().attempts == 0);
  auto alice_again = server.NewClient();
  alice_again->set_token(alice->token());
  ASSERT_OK_AND_GET(alice_again->SendMessage("bob", "after restart"));
  REQUIRE(
      PollUntil({model.get()}, [&] { return Shows(*model, "after restart"); }));
}

TEST_CASE("account search pages forward and back", "[gui][search]") {
  TestServer server;
  for (int i = 0; i < 5; ++i) server.SignedIn(absl::StrCat("user", i));
  server.SignedIn("bob");
  ViewModelOptions options = OptionsFor(server);
  options.search_page_size = 2;
  ChatViewModel model(options, nullptr);
  SignIn(model, "bob", "pw-bob");
  const AccountSearch& search = model.search();
  auto wait = [&] {
    REQUIRE(PollUntil({&model}, [&] { return !search.busy; }));
  };
  model.search().pattern = "user*";
  model.Search();
  wait();
  CHECK(search.results == std::vector<std::string>{"user0", "user1"});
  CHECK(search.total == 5);
  CHECK(search.first_index == 0);
  model.NextSearchPage();
  wait();
  CHECK(search.results == std::vector<std::string>{"user2", "user3"});
  CHECK(search.first_index == 2);
  model.NextSearchPage();
  wait();
  CHECK(search.results == std::vector<std::string>{"user4"});
  CHECK(search.next_token.empty());
  model.PreviousSearchPage();
  wait();
  CHECK(search.results == std::vector<std::string>{"user2", "user3"});
  // A result starts a conversation, even without messages yet.
  model.OpenConversation(search.results[0]);
  REQUIRE(model.conversation_view() != nullptr);
  CHECK(model.conversation_view()->peer == "user2");
}

TEST_CASE("a script drives the view-model through sign-in, sending and waiting",
          "[gui][script]") {
  TestServer server;
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "hello from alice"));
  auto script =
      ASSERT_OK_AND_GET(ScriptRunner::Parse("# a comment\n"
                                            "connect\n"
                                            "login bob pw-bob\n"
                                            "open alice\n"
                                            "read 10\n"
                                            "wait_for hello from\n"
                                            "send hi alice, it is bob\n"
                                            "wait_live\n"
                                            "quit\n",
                                            absl::Seconds(10)));
  auto model = NewModel(server);
  REQUIRE(PollUntil({model.get()}, [&] {
    script.Advance(*model, absl::Now());
    return script.finished();
  }));
  CHECK(script.exit_code() == 0);
  CHECK(script.quit_requested());
  auto history = ASSERT_OK_AND_GET(alice->GetHistory("bob", 0, ""));
  CHECK(history.messages(0).text() == "hi alice, it is bob");
}

TEST_CASE("a script step that fails ends the script with an error",
          "[gui][script]") {
  TestServer server;
  server.SignedIn("bob");
  auto script = ASSERT_OK_AND_GET(ScriptRunner::Parse(
      "connect\nlogin bob wrong\nquit\n", absl::Seconds(10)));
  auto model = NewModel(server);
  REQUIRE(PollUntil({model.get()}, [&] {
    script.Advance(*model, absl::Now());
    return script.finished();
  }));
  CHECK(script.exit_code() == 1);
  CHECK(model->screen() == Screen::kSignIn);
  CHECK(ScriptRunner::Parse("dance\n", absl::Seconds(1)).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ScriptRunner::Parse("login bob\n", absl::Seconds(1)).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parley::gui
