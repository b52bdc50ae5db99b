// End-to-end: sending, reading, history, conversations and deletion over each
// protocol.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using absl::StatusCode;

std::vector<std::string> Texts(
    const google::protobuf::RepeatedPtrField<chat::v1::Message>& m) {
  std::vector<std::string> out;
  for (const auto& message : m) out.push_back(message.text());
  return out;
}

PROTOCOL_TEST_CASE("a message to an offline user waits until it is read",
                   "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("bob", "pw-bob"));
  auto sent = ASSERT_OK_AND_GET(alice->SendMessage("bob", "are you there?"));
  CHECK(sent.id() > 0);
  CHECK(sent.sent_at().seconds() > 0);

  auto bob = server.NewClient();
  CHECK(ASSERT_OK_AND_GET(bob->Login("bob", "pw-bob")).unread_count() == 1);
  auto read = ASSERT_OK_AND_GET(bob->ReadMessages(10, ""));
  REQUIRE(read.messages_size() == 1);
  CHECK(read.messages(0).id() == sent.id());
  CHECK(read.messages(0).sender() == "alice");
  CHECK(read.messages(0).recipient() == "bob");
  CHECK(read.messages(0).text() == "are you there?");
  CHECK(read.remaining_unread() == 0);
  CHECK(ASSERT_OK_AND_GET(bob->ReadMessages(10, "")).messages_size() == 0);
}

PROTOCOL_TEST_CASE("a full page of the longest messages reaches the reader",
                   "[messages]") {
  // 100 messages of 256 four-byte characters: a reply of over 100 KB, larger
  // than any request a server takes.
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  std::string longest;
  for (int i = 0; i < 256; ++i) longest += "\xF0\x9F\x98\x80";
  for (int i = 0; i < 100; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", longest));
  }
  auto read = ASSERT_OK_AND_GET(bob->ReadMessages(100, ""));
  REQUIRE(read.messages_size() == 100);
  CHECK(read.ByteSizeLong() > 100'000);
  CHECK(read.messages(99).text() == longest);
  // The connection is still good.
  CHECK(bob->ListConversations().ok());
}

PROTOCOL_TEST_CASE("message text must be 1 to 256 characters of valid UTF-8",
                   "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  auto empty = alice->SendMessage("bob", "");
  REQUIRE(empty.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(empty.status().message()), Catch::Contains("empty"));
  auto too_long = alice->SendMessage("bob", std::string(257, 'x'));
  REQUIRE(too_long.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(too_long.status().message()),
             Catch::Contains("at most 256"));
  auto invalid = alice->SendMessage("bob", "bad \xC3\x28 bytes");
  REQUIRE(invalid.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(invalid.status().message()), Catch::Contains("UTF-8"));
  // 256 characters of three bytes each are within the limit: it counts
  // characters.
  std::string euros;
  for (int i = 0; i < 256; ++i) euros += "\xE2\x82\xAC";
  CHECK(alice->SendMessage("bob", euros).ok());
}

PROTOCOL_TEST_CASE("the message limit follows the server's flag",
                   "[messages]") {
  TestServer server(TestType::kProtocol,
                    [](ServerOptions& o) { o.service.max_message_chars = 5; });
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  CHECK(alice->SendMessage("bob", "12345").ok());
  CHECK(alice->SendMessage("bob", "123456").status().code() ==
        StatusCode::kInvalidArgument);
}

PROTOCOL_TEST_CASE("sending to an unknown account answers NOT_FOUND",
                   "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto result = alice->SendMessage("nobody", "hello?");
  REQUIRE(result.status().code() == StatusCode::kNotFound);
  CHECK_THAT(std::string(result.status().message()), Catch::Contains("nobody"));
}

PROTOCOL_TEST_CASE("text is stored and returned byte for byte", "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  const std::vector<std::string> texts = {
      "'); DROP TABLE messages; --", "\"quoted\" and 'single'",
      "line one\nline two\ttab",
      // One literal on two lines: emoji, Chinese and Russian.
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
      "\xF0\x9F\x98\x80 \xE4\xBD\xA0\xE5\xA5\xBD "
      "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
      std::string("nul\0inside", 10), "%_*?\\"};
  for (const std::string& text : texts) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", text));
  }
  auto read = ASSERT_OK_AND_GET(bob->ReadMessages(100, ""));
  CHECK(Texts(read.messages()) == texts);
}

PROTOCOL_TEST_CASE(
    "ReadMessages gives the oldest unread first, at most limit, and what is "
    "left",
    "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto carol = server.SignedIn("carol");
  auto bob = server.SignedIn("bob");
  for (const char* text : {"a1", "a2", "a3"}) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", text));
  }
  ASSERT_OK_AND_GET(carol->SendMessage("bob", "c1"));

  auto first = ASSERT_OK_AND_GET(bob->ReadMessages(2, ""));
  CHECK(Texts(first.messages()) == std::vector<std::string>{"a1", "a2"});
  CHECK(first.remaining_unread() == 2);
  auto from_carol = ASSERT_OK_AND_GET(bob->ReadMessages(5, "carol"));
  CHECK(Texts(from_carol.messages()) == std::vector<std::string>{"c1"});
  CHECK(from_carol.remaining_unread() == 0);
  auto rest = ASSERT_OK_AND_GET(bob->ReadMessages(5, ""));
  CHECK(Texts(rest.messages()) == std::vector<std::string>{"a3"});
  CHECK(rest.remaining_unread() == 0);
}

PROTOCOL_TEST_CASE(
    "ReadMessages refuses a limit of 0, a negative one or one over the maximum",
    "[messages]") {
  TestServer server(TestType::kProtocol);
  auto bob = server.SignedIn("bob");
  for (int limit : {0, -3, 101}) {
    INFO("limit " << limit);
    auto result = bob->ReadMessages(limit, "");
    REQUIRE(result.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(result.status().message()),
               Catch::Contains("between 1 and 100"));
  }
  CHECK(bob->ReadMessages(1, "nobody").status().code() ==
        StatusCode::kNotFound);
}

PROTOCOL_TEST_CASE("MarkRead marks the caller's messages, all or nothing",
                   "[messages][security]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto to_bob = ASSERT_OK_AND_GET(alice->SendMessage("bob", "for bob")).id();
  auto to_alice =
      ASSERT_OK_AND_GET(bob->SendMessage("alice", "for alice")).id();

  auto refused = bob->MarkRead({to_bob, to_alice});
  REQUIRE(refused.status().code() == StatusCode::kNotFound);
  CHECK(ASSERT_OK_AND_GET(bob->ListConversations()).total_unread() == 1);

  auto marked = ASSERT_OK_AND_GET(bob->MarkRead({to_bob}));
  CHECK(marked.marked() == 1);
  CHECK(marked.remaining_unread() == 0);
  CHECK(bob->MarkRead({}).status().code() == StatusCode::kInvalidArgument);
}

PROTOCOL_TEST_CASE(
    "a request over the server's 64 KiB limit is refused with "
    "RESOURCE_EXHAUSTED and the client goes on",
    "[messages][limits]") {
  TestServer server(TestType::kProtocol);
  auto bob = server.SignedIn("bob");
  std::vector<int64_t> ids(20'000);
  for (size_t i = 0; i < ids.size(); ++i) {
    ids[i] = 1'000'000'000'000 + static_cast<int64_t>(i);
  }
  CHECK(bob->MarkRead(ids).status().code() == StatusCode::kResourceExhausted);
  CHECK(bob->ListConversations().ok());
}

PROTOCOL_TEST_CASE(
    "GetHistory shows both directions newest first, one page at a time",
    "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto carol = server.SignedIn("carol");
  for (int i = 1; i <= 5; ++i) {
    ASSERT_OK_AND_GET(
        (i % 2 ? alice : bob)
            ->SendMessage(i % 2 ? "bob" : "alice", absl::StrCat("m", i)));
  }
  ASSERT_OK_AND_GET(carol->SendMessage("alice", "not in this conversation"));

  auto page1 = ASSERT_OK_AND_GET(alice->GetHistory("bob", 2, ""));
  CHECK(Texts(page1.messages()) == std::vector<std::string>{"m5", "m4"});
  auto page2 =
      ASSERT_OK_AND_GET(alice->GetHistory("bob", 2, page1.next_page_token()));
  CHECK(Texts(page2.messages()) == std::vector<std::string>{"m3", "m2"});
  auto page3 =
      ASSERT_OK_AND_GET(alice->GetHistory("bob", 2, page2.next_page_token()));
  CHECK(Texts(page3.messages()) == std::vector<std::string>{"m1"});
  CHECK(page3.next_page_token().empty());
  // Reading history does not mark anything read.
  CHECK(ASSERT_OK_AND_GET(bob->ListConversations()).total_unread() == 3);
  CHECK(alice->GetHistory("nobody", 0, "").status().code() ==
        StatusCode::kNotFound);
}

PROTOCOL_TEST_CASE("ListConversations summarizes each peer, newest first",
                   "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto carol = server.SignedIn("carol");
  ASSERT_OK_AND_GET(bob->SendMessage("alice", "b1"));
  ASSERT_OK_AND_GET(bob->SendMessage("alice", "b2"));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "a1"));
  ASSERT_OK_AND_GET(carol->SendMessage("alice", "c1"));

  auto list = ASSERT_OK_AND_GET(alice->ListConversations());
  REQUIRE(list.conversations_size() == 2);
  CHECK(list.conversations(0).peer() == "carol");
  CHECK(list.conversations(0).unread_count() == 1);
  CHECK(list.conversations(1).peer() == "bob");
  CHECK(list.conversations(1).unread_count() == 2);
  CHECK(list.conversations(1).message_count() == 3);
  CHECK(list.conversations(1).last_message().text() == "a1");
  CHECK(list.total_unread() == 3);
}

PROTOCOL_TEST_CASE(
    "either party can delete messages and they are gone for both",
    "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto m1 = ASSERT_OK_AND_GET(alice->SendMessage("bob", "one")).id();
  auto m2 = ASSERT_OK_AND_GET(bob->SendMessage("alice", "two")).id();
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "three"));

  // The recipient deletes a message it received, and one it sent, in one call.
  CHECK(ASSERT_OK_AND_GET(bob->DeleteMessages({m1, m2})).deleted() == 2);
  CHECK(Texts(ASSERT_OK_AND_GET(alice->GetHistory("bob", 0, "")).messages()) ==
        std::vector<std::string>{"three"});
  CHECK(Texts(ASSERT_OK_AND_GET(bob->ReadMessages(10, "")).messages()) ==
        std::vector<std::string>{"three"});
}

PROTOCOL_TEST_CASE(
    "deleting a message outside one's conversations answers NOT_FOUND and "
    "deletes nothing",
    "[messages][security]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto mallory = server.SignedIn("mallory");
  auto theirs = ASSERT_OK_AND_GET(alice->SendMessage("bob", "private")).id();
  auto own = ASSERT_OK_AND_GET(mallory->SendMessage("alice", "hi")).id();

  auto refused = mallory->DeleteMessages({own, theirs});
  REQUIRE(refused.status().code() == StatusCode::kNotFound);
  CHECK_THAT(std::string(refused.status().message()),
             Catch::Contains(std::to_string(theirs)));
  CHECK(ASSERT_OK_AND_GET(alice->GetHistory("bob", 0, "")).messages_size() ==
        1);
  CHECK(
      ASSERT_OK_AND_GET(alice->GetHistory("mallory", 0, "")).messages_size() ==
      1);
  CHECK(mallory->DeleteMessages({}).status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(mallory->DeleteMessages({-1}).status().code() ==
        StatusCode::kInvalidArgument);
}

PROTOCOL_TEST_CASE("one account never sees another's messages",
                   "[messages][security]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  auto mallory = server.SignedIn("mallory");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "secret"));
  CHECK(ASSERT_OK_AND_GET(mallory->ReadMessages(100, "")).messages_size() == 0);
  CHECK(
      ASSERT_OK_AND_GET(mallory->ReadMessages(100, "alice")).messages_size() ==
      0);
  CHECK(
      ASSERT_OK_AND_GET(mallory->GetHistory("alice", 0, "")).messages_size() ==
      0);
  CHECK(ASSERT_OK_AND_GET(mallory->GetHistory("bob", 0, "")).messages_size() ==
        0);
  CHECK(ASSERT_OK_AND_GET(mallory->ListConversations()).conversations_size() ==
        0);
  // And the message is still unread for bob.
  CHECK(ASSERT_OK_AND_GET(bob->ReadMessages(100, "")).messages_size() == 1);
}

PROTOCOL_TEST_CASE(
    "deleting an account removes its messages for both sides and frees the "
    "name",
    "[messages][accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob", "old");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "to bob"));
  ASSERT_OK_AND_GET(bob->SendMessage("alice", "to alice"));
  const std::string old_token = bob->token();

  CHECK(ASSERT_OK_AND_GET(bob->DeleteAccount()).deleted_messages() == 2);
  CHECK(ASSERT_OK_AND_GET(alice->ListConversations()).conversations_size() ==
        0);
  CHECK(alice->SendMessage("bob", "hello?").status().code() ==
        StatusCode::kNotFound);
  bob->set_token(old_token);
  CHECK(bob->ListConversations().status().code() ==
        StatusCode::kUnauthenticated);

  auto reborn = server.SignedIn("bob", "new");
  CHECK(ASSERT_OK_AND_GET(reborn->ListConversations()).conversations_size() ==
        0);
  CHECK(ASSERT_OK_AND_GET(alice->GetHistory("bob", 0, "")).messages_size() ==
        0);
  CHECK(server.NewClient()->Login("bob", "old").status().code() ==
        StatusCode::kUnauthenticated);
}

PROTOCOL_TEST_CASE("an acknowledged message survives a server restart",
                   "[messages]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  auto id = ASSERT_OK_AND_GET(alice->SendMessage("bob", "durable")).id();
  server.Restart();
  auto bob = server.NewClient();
  ASSERT_OK_AND_GET(bob->Login("bob", "pw-bob"));
  auto read = ASSERT_OK_AND_GET(bob->ReadMessages(10, ""));
  REQUIRE(read.messages_size() == 1);
  CHECK(read.messages(0).id() == id);
  CHECK(read.messages(0).text() == "durable");
}

PROTOCOL_TEST_CASE("many clients sending at once lose nothing",
                   "[messages][concurrency]") {
  TestServer server(TestType::kProtocol);
  auto bob = server.SignedIn("bob");
  constexpr int kSenders = 8;
  constexpr int kEach = 40;
  std::vector<std::unique_ptr<ChatClient>> senders;
  senders.reserve(kSenders);
  for (int i = 0; i < kSenders; ++i) {
    senders.push_back(server.SignedIn(absl::StrCat("s", i)));
  }
  std::vector<std::thread> threads;
  threads.reserve(kSenders);
  std::atomic<int> failures{0};
  for (int i = 0; i < kSenders; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < kEach; ++k) {
        if (!senders[i]
                 ->SendMessage("bob",
                               std::to_string(i) + ":" + std::to_string(k))
                 .ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  std::set<std::string> seen;
  std::set<int64_t> ids;
  for (;;) {
    auto read = ASSERT_OK_AND_GET(bob->ReadMessages(100, ""));
    for (const auto& m : read.messages()) {
      seen.insert(m.text());
      ids.insert(m.id());
    }
    if (read.remaining_unread() == 0) break;
  }
  constexpr size_t kTotal = size_t{kSenders} * kEach;
  CHECK(seen.size() == kTotal);
  CHECK(ids.size() == kTotal);
}

PROTOCOL_TEST_CASE(
    "a call that outlives its deadline answers DEADLINE_EXCEEDED and the "
    "connection goes on",
    "[messages][deadline]") {
  TestServer server(TestType::kProtocol);
  server.SignedIn("bob");
  ClientOptions options = server.ClientOptionsFor(TestType::kProtocol);
  options.call_timeout = absl::Milliseconds(300);
  auto alice = ASSERT_OK_AND_GET(ChatClient::Connect(options));
  ASSERT_OK_AND_GET(alice->CreateAccount("alice", "pw"));
  ASSERT_OK_AND_GET(alice->Login("alice", "pw"));

  // Another connection holds SQLite's write lock, so the send cannot commit.
  SQLite::Database blocker(server.db_path(), SQLite::OPEN_READWRITE);
  blocker.exec("BEGIN IMMEDIATE");
  auto late = alice->SendMessage("bob", "too late");
  CHECK(late.status().code() == StatusCode::kDeadlineExceeded);
  // Other calls on the same client still get their own answers meanwhile.
  CHECK(ASSERT_OK_AND_GET(alice->ListAccounts("bob", 0, "")).total_count() ==
        1);
  blocker.exec("ROLLBACK");
  // The late send's reply, when it comes, goes to no one.
  auto next = ASSERT_OK_AND_GET(alice->SendMessage("bob", "in time"));
  CHECK(next.id() > 0);
}

PROTOCOL_TEST_CASE(
    "when too many sends wait to be stored, the excess is refused with "
    "RESOURCE_EXHAUSTED and the rest are stored",
    "[messages][concurrency]") {
  TestServer server(TestType::kProtocol, [](ServerOptions& options) {
    options.service.max_queued_sends = 2;
  });
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "before"));

  // Another connection holds SQLite's write lock, so the server's send thread
  // waits in its first commit while more sends arrive.
  SQLite::Database blocker(server.db_path(), SQLite::OPEN_READWRITE);
  blocker.exec("BEGIN IMMEDIATE");
  constexpr int kSends = 10;
  std::vector<std::thread> threads;
  threads.reserve(kSends);
  absl::Mutex mu;
  std::vector<std::string> stored_texts;
  std::vector<absl::Status> refusals;
  for (int i = 0; i < kSends; ++i) {
    threads.emplace_back([&, i] {
      const std::string text = "queued " + std::to_string(i);
      absl::StatusOr<chat::v1::SendMessageResponse> sent =
          alice->SendMessage("bob", text);
      absl::MutexLock lock(&mu);
      if (sent.ok()) {
        stored_texts.push_back(text);
      } else {
        refusals.push_back(sent.status());
      }
    });
  }
  // At most one group of up to two sends is being committed and two more wait,
  // so at least six come back refused while the lock is still held (the
  // deadline is a hang guard).
  {
    absl::MutexLock lock(&mu);
    CHECK(mu.AwaitWithTimeout(absl::Condition(
                                  +[](std::vector<absl::Status>* r) {
                                    return r->size() >= kSends - 4;
                                  },
                                  &refusals),
                              absl::Seconds(10)));
    CHECK(stored_texts.empty());
  }
  blocker.exec("ROLLBACK");
  for (std::thread& thread : threads) thread.join();

  CHECK(refusals.size() >= kSends - 4);
  CHECK(stored_texts.size() >= 2);
  CHECK(refusals.size() + stored_texts.size() == kSends);
  for (const absl::Status& refusal : refusals) {
    CHECK(refusal.code() == StatusCode::kResourceExhausted);
    CHECK_THAT(std::string(refusal.message()), Catch::Contains("busy"));
  }
  auto read = ASSERT_OK_AND_GET(bob->ReadMessages(100, ""));
  std::set<std::string> read_texts;
  for (const auto& m : read.messages()) read_texts.insert(m.text());
  std::set<std::string> expected(stored_texts.begin(), stored_texts.end());
  expected.insert("before");
  CHECK(read_texts == expected);
}

}  // namespace
}  // namespace parley::testing
