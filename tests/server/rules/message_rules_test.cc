// The message rules through the transport-neutral core: real engine, real
// SQLite file, no transport.
#include "server/rules/message_rules.h"

#include <catch2/catch.hpp>

#include "server/rules/core_fixture.h"

namespace parley {
namespace {

using testing::CoreFixture;
using testing::RecordingWriter;

chat::v1::SendMessageRequest Send(const std::string& to,
                                  const std::string& text) {
  chat::v1::SendMessageRequest request;
  request.set_recipient(to);
  request.set_text(text);
  return request;
}

bool HasMessage(const std::vector<chat::v1::Event>& events,
                const std::string& text) {
  for (const chat::v1::Event& event : events) {
    if (event.has_message() && event.message().text() == text) return true;
  }
  return false;
}

TEST_CASE("a sent message is stored and reaches the recipient's stream",
          "[message_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CallContext bob = f.SignUp("bob");
  RecordingWriter writer;
  auto stream = f.Subscribe(bob, &writer);
  REQUIRE(writer.WaitFor([](const auto& events) {
    return !events.empty() && events.back().has_caught_up();
  }));

  auto sent = f.Call(f.core().messages(), &MessageRules::SendMessage, alice,
                     Send("bob", "hello"));
  REQUIRE(sent.ok());
  CHECK(sent->id() > 0);
  REQUIRE(writer.WaitFor(
      [](const auto& events) { return HasMessage(events, "hello"); }));
  CHECK(writer.written().back().message().id() == sent->id());
  CHECK(writer.written().back().message().sender() == "alice");

  auto bob_account = f.store().FindAccount("bob");
  REQUIRE(bob_account.ok());
  auto stored = f.store().MessagesAfter(bob_account->account.id, 0, 10);
  REQUIRE(stored.ok());
  REQUIRE(stored->size() == 1);
  CHECK((*stored)[0].text == "hello");
  stream->Detach();
}

TEST_CASE("a send is refused before it is queued when a rule fails",
          "[message_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  auto send = [&](const CallContext& who, const std::string& to,
                  const std::string& text) {
    return f
        .Call(f.core().messages(), &MessageRules::SendMessage, who,
              Send(to, text))
        .status();
  };
  CHECK(absl::IsNotFound(send(alice, "nobody", "hi")));
  CHECK(absl::IsInvalidArgument(send(alice, "bad name!", "hi")));
  CHECK(absl::IsInvalidArgument(send(alice, "alice", "")));
  CHECK(absl::IsInvalidArgument(send(alice, "alice", std::string(257, 'x'))));
  CHECK(absl::IsInvalidArgument(send(alice, "alice", "\xff")));
  CHECK(absl::IsUnauthenticated(send(CallContext{}, "alice", "hi")));
  CallContext forged;
  forged.token = "0123456789abcdef";
  CHECK(absl::IsUnauthenticated(send(forged, "alice", "hi")));
  auto account = f.store().FindAccount("alice");
  REQUIRE(account.ok());
  CHECK(*f.store().CountUnread(account->account.id) == 0);
}

TEST_CASE(
    "a recipient deleted after it was cached is not found on the next "
    "send",
    "[message_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CallContext bob = f.SignUp("bob");
  REQUIRE(f.Call(f.core().messages(), &MessageRules::SendMessage, alice,
                 Send("bob", "one"))
              .ok());
  REQUIRE(f.Call(f.core().accounts(), &AccountRules::DeleteAccount, bob,
                 chat::v1::DeleteAccountRequest())
              .ok());
  CHECK(absl::IsNotFound(f.Call(f.core().messages(), &MessageRules::SendMessage,
                                alice, Send("bob", "two"))
                             .status()));
}

TEST_CASE("reading unread takes the oldest first and counts what remains",
          "[message_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CallContext bob = f.SignUp("bob");
  for (const char* text : {"1", "2", "3"}) {
    REQUIRE(f.Call(f.core().messages(), &MessageRules::SendMessage, alice,
                   Send("bob", text))
                .ok());
  }
  chat::v1::ReadMessagesRequest read;
  read.set_limit(2);
  auto batch =
      f.Call(f.core().messages(), &MessageRules::ReadMessages, bob, read);
  REQUIRE(batch.ok());
  REQUIRE(batch->messages_size() == 2);
  CHECK(batch->messages(0).text() == "1");
  CHECK(batch->messages(1).text() == "2");
  CHECK(batch->remaining_unread() == 1);

  read.set_limit(101);
  CHECK(absl::IsInvalidArgument(
      f.Call(f.core().messages(), &MessageRules::ReadMessages, bob, read)
          .status()));
}

TEST_CASE("deleting messages tells both sides' streams, naming the other party",
          "[message_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CallContext bob = f.SignUp("bob");
  RecordingWriter alice_stream;
  RecordingWriter bob_stream;
  auto a = f.Subscribe(alice, &alice_stream);
  auto b = f.Subscribe(bob, &bob_stream);
  auto sent = f.Call(f.core().messages(), &MessageRules::SendMessage, alice,
                     Send("bob", "oops"));
  REQUIRE(sent.ok());

  chat::v1::DeleteMessagesRequest remove;
  remove.add_ids(sent->id());
  auto deleted =
      f.Call(f.core().messages(), &MessageRules::DeleteMessages, bob, remove);
  REQUIRE(deleted.ok());
  CHECK(deleted->deleted() == 1);
  auto deletion_from = [](const std::string& peer) {
    return [peer](const std::vector<chat::v1::Event>& events) {
      for (const chat::v1::Event& event : events) {
        if (event.has_messages_deleted() &&
            event.messages_deleted().peer() == peer &&
            event.messages_deleted().deleted_by() == "bob") {
          return true;
        }
      }
      return false;
    };
  };
  CHECK(alice_stream.WaitFor(deletion_from("bob")));
  CHECK(bob_stream.WaitFor(deletion_from("alice")));

  // It is gone for both: deleting it again finds nothing.
  CHECK(absl::IsNotFound(
      f.Call(f.core().messages(), &MessageRules::DeleteMessages, alice, remove)
          .status()));
  a->Detach();
  b->Detach();
}

TEST_CASE("events reach a stream in commit order, sends and deletions alike",
          "[message_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CallContext bob = f.SignUp("bob");
  RecordingWriter writer;
  auto stream = f.Subscribe(bob, &writer);
  std::vector<int64_t> ids;
  for (int i = 0; i < 20; ++i) {
    auto sent = f.Call(f.core().messages(), &MessageRules::SendMessage, alice,
                       Send("bob", std::to_string(i)));
    REQUIRE(sent.ok());
    ids.push_back(sent->id());
    if (i % 5 == 4) {
      chat::v1::DeleteMessagesRequest remove;
      remove.add_ids(sent->id());
      REQUIRE(f.Call(f.core().messages(), &MessageRules::DeleteMessages, alice,
                     remove)
                  .ok());
    }
  }
  REQUIRE(writer.WaitFor([](const auto& events) {
    int deletions = 0;
    for (const chat::v1::Event& event : events) {
      deletions += event.has_messages_deleted();
    }
    return deletions == 4;
  }));
  int64_t last_id = 0;
  int messages_since_deletion = 0;
  for (const chat::v1::Event& event : writer.written()) {
    if (event.has_message()) {
      CHECK(event.message().id() > last_id);
      last_id = event.message().id();
      ++messages_since_deletion;
    } else if (event.has_messages_deleted()) {
      // Each deletion follows the message it deletes, and nothing after it.
      CHECK(event.messages_deleted().ids(0) == last_id);
      CHECK(messages_since_deletion == 5);
      messages_since_deletion = 0;
    }
  }
  stream->Detach();
}

}  // namespace
}  // namespace parley
