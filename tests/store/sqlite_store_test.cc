// Behaviour of SqliteStore against real SQLite files: every Store method, its
// error paths, schema migrations, and concurrent writers. Each test gets a
// fresh database in its own temporary directory.
#include "store/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/sqlite/sqlite_migrations.h"

namespace Catch {
template <>
struct StringMaker<absl::StatusCode> {
  static std::string convert(absl::StatusCode code) {
    return absl::StatusCodeToString(code);
  }
};
}  // namespace Catch

namespace parley::store {
namespace {

constexpr int64_t kNowUs = 1'700'000'000'000'000;
constexpr int64_t kHourUs = 3'600'000'000;

template <typename T>
T ValueOf(absl::StatusOr<T> result) {
  INFO(result.status());
  REQUIRE(result.ok());
  return *std::move(result);
}

void RequireOk(const absl::Status& status) {
  INFO(status);
  REQUIRE(status.ok());
}

std::filesystem::path MakeTempDir() {
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "parley_store_test.XXXXXX")
          .string();
  REQUIRE(mkdtemp(dir_template.data()) != nullptr);
  return dir_template;
}

Credentials SomeCredentials() {
  Credentials credentials;
  credentials.salt = std::string("s\0alt\xff", 6);
  credentials.iterations = 4096;
  credentials.stored_key = std::string(32, '\x01');
  credentials.server_key = std::string(32, '\x02');
  return credentials;
}

std::vector<int64_t> IdsOf(const std::vector<MessageRecord>& messages) {
  std::vector<int64_t> ids;
  for (const MessageRecord& message : messages) ids.push_back(message.id);
  return ids;
}

std::vector<std::string> NamesOf(const std::vector<AccountRecord>& accounts) {
  std::vector<std::string> names;
  for (const AccountRecord& account : accounts) {
    names.push_back(account.username);
  }
  return names;
}

// A store on a fresh database file, removed with its directory at the end of
// the test.
class StoreTest {
 public:
  StoreTest() : dir_(MakeTempDir()), path_((dir_ / "parley.db").string()) {
    // The store's INFO lines would drown Catch's report.
    SetLogLevel(LogLevel::kWarning);
    store_ = OpenStore();
  }

  ~StoreTest() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

 protected:
  std::unique_ptr<SqliteStore> OpenStore() {
    return ValueOf(SqliteStore::Open(path_, SqliteStoreOptions()));
  }

  AccountRecord NewAccount(std::string_view name) {
    return ValueOf(store_->CreateAccount(name, SomeCredentials(), kNowUs));
  }

  int64_t Send(const AccountRecord& from, const AccountRecord& to,
               std::string text) {
    const NewMessage message{from.id, to.id, std::move(text), kNowUs};
    return ValueOf(store_->AppendMessages({&message, 1})).front();
  }

  std::vector<MessageRecord> AllMessagesTo(const AccountRecord& account) {
    return ValueOf(store_->MessagesAfter(account.id, 0, 100000));
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
};

// Accounts.

TEST_CASE_METHOD(StoreTest,
                 "FindAccount returns the credentials CreateAccount stored") {
  const AccountRecord created = NewAccount("alice");
  const AccountWithCredentials found = ValueOf(store_->FindAccount("alice"));
  CHECK(found.account.id == created.id);
  CHECK(found.account.username == "alice");
  CHECK(found.account.created_at_us == kNowUs);
  const Credentials expected = SomeCredentials();
  CHECK(found.credentials.salt == expected.salt);
  CHECK(found.credentials.iterations == expected.iterations);
  CHECK(found.credentials.stored_key == expected.stored_key);
  CHECK(found.credentials.server_key == expected.server_key);
}

TEST_CASE_METHOD(
    StoreTest, "FindAccount finds a name in any case and keeps its spelling") {
  const AccountRecord created = NewAccount("Alice");
  const AccountWithCredentials found = ValueOf(store_->FindAccount("aLIcE"));
  CHECK(found.account.id == created.id);
  CHECK(found.account.username == "Alice");
}

TEST_CASE_METHOD(StoreTest,
                 "FindAccount answers NOT_FOUND for an unknown name") {
  NewAccount("alice");
  CHECK(store_->FindAccount("bob").status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE_METHOD(StoreTest,
                 "CreateAccount refuses a name taken in another case") {
  NewAccount("alice");
  const absl::StatusOr<AccountRecord> again =
      store_->CreateAccount("ALICE", SomeCredentials(), kNowUs);
  CHECK(again.status().code() == absl::StatusCode::kAlreadyExists);
  CHECK(again.status().message() == "an account named 'ALICE' already exists");
}

TEST_CASE_METHOD(
    StoreTest,
    "DeleteAccount removes the account with its sessions and messages") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  Send(alice, bob, "hi bob");
  Send(bob, alice, "hi alice");
  RequireOk(store_->CreateSession("alice-token", alice.id, kNowUs + kHourUs));

  ValueOf(store_->DeleteAccount(alice.id));

  CHECK(store_->FindAccount("alice").status().code() ==
        absl::StatusCode::kNotFound);
  CHECK(store_->FindSession("alice-token", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
  CHECK(AllMessagesTo(bob).empty());
  CHECK(ValueOf(store_->ListConversations(bob.id)).empty());
}

TEST_CASE_METHOD(
    StoreTest, "DeleteAccount reports the messages it removed and the peers") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord carol = NewAccount("carol");
  const AccountRecord bob = NewAccount("bob");
  Send(alice, bob, "one");
  Send(alice, bob, "two");
  Send(carol, alice, "three");
  Send(bob, carol, "not alice's");

  const DeletedAccount deleted = ValueOf(store_->DeleteAccount(alice.id));

  CHECK(deleted.deleted_messages == 3);
  CHECK(NamesOf(deleted.peers) == std::vector<std::string>{"bob", "carol"});
  CHECK(AllMessagesTo(carol).size() == 1);
}

TEST_CASE_METHOD(StoreTest,
                 "DeleteAccount answers NOT_FOUND for an unknown account") {
  const AccountRecord alice = NewAccount("alice");
  CHECK(store_->DeleteAccount(alice.id + 1).status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE_METHOD(
    StoreTest,
    "A re-created name is a new account with a new id and no messages") {
  const AccountRecord bob = NewAccount("bob");
  // Created last, so that a reused rowid would show.
  const AccountRecord alice = NewAccount("alice");
  Send(bob, alice, "for the first alice");
  ValueOf(store_->DeleteAccount(alice.id));

  const AccountRecord again = NewAccount("Alice");

  CHECK(again.id > alice.id);
  CHECK(ValueOf(store_->CountUnread(again.id)) == 0);
  CHECK(ValueOf(store_->ListConversations(again.id)).empty());
  CHECK(ValueOf(store_->ListConversations(bob.id)).empty());
}

// Listing accounts.

TEST_CASE_METHOD(
    StoreTest,
    "ListAccounts orders names without regard to case and counts all") {
  for (const char* name : {"bob", "Alice", "carol", "alfred", "Al_x"}) {
    NewAccount(name);
  }
  const AccountPage page = ValueOf(store_->ListAccounts("*", "", 10));
  CHECK(NamesOf(page.accounts) ==
        std::vector<std::string>{"Al_x", "alfred", "Alice", "bob", "carol"});
  CHECK(page.total_count == 5);
}

TEST_CASE_METHOD(
    StoreTest,
    "ListAccounts pages on from the last name of the previous page") {
  for (const char* name : {"bob", "Alice", "carol", "alfred", "dave"}) {
    NewAccount(name);
  }
  const AccountPage first = ValueOf(store_->ListAccounts("*", "", 2));
  CHECK(NamesOf(first.accounts) == std::vector<std::string>{"alfred", "Alice"});
  CHECK(first.total_count == 5);

  const AccountPage second = ValueOf(store_->ListAccounts("*", "ALICE", 2));
  CHECK(NamesOf(second.accounts) == std::vector<std::string>{"bob", "carol"});
  CHECK(second.total_count == 5);

  const AccountPage last = ValueOf(store_->ListAccounts("*", "carol", 2));
  CHECK(NamesOf(last.accounts) == std::vector<std::string>{"dave"});
  CHECK(ValueOf(store_->ListAccounts("*", "dave", 2)).accounts.empty());
}

TEST_CASE_METHOD(
    StoreTest,
    "ListAccounts matches star as any run and question mark as one character") {
  for (const char* name : {"bob", "bobby", "alice", "alfred", "al"}) {
    NewAccount(name);
  }
  const AccountPage al = ValueOf(store_->ListAccounts("al*", "", 10));
  CHECK(NamesOf(al.accounts) ==
        std::vector<std::string>{"al", "alfred", "alice"});
  CHECK(al.total_count == 3);
  CHECK(NamesOf(ValueOf(store_->ListAccounts("b?b", "", 10)).accounts) ==
        std::vector<std::string>{"bob"});
  CHECK(NamesOf(ValueOf(store_->ListAccounts("*e*", "", 10)).accounts) ==
        std::vector<std::string>{"alfred", "alice"});
  CHECK(ValueOf(store_->ListAccounts("?", "", 10)).total_count == 0);
}

TEST_CASE_METHOD(StoreTest, "ListAccounts matches without regard to case") {
  NewAccount("Alice");
  CHECK(NamesOf(ValueOf(store_->ListAccounts("aLI*", "", 10)).accounts) ==
        std::vector<std::string>{"Alice"});
}

TEST_CASE_METHOD(StoreTest,
                 "ListAccounts matches percent and underscore literally") {
  for (const char* name : {"a_b", "axb", "a%b", "ab"}) NewAccount(name);
  CHECK(NamesOf(ValueOf(store_->ListAccounts("a_b", "", 10)).accounts) ==
        std::vector<std::string>{"a_b"});
  CHECK(NamesOf(ValueOf(store_->ListAccounts("a%b", "", 10)).accounts) ==
        std::vector<std::string>{"a%b"});
  CHECK(ValueOf(store_->ListAccounts("%", "", 10)).total_count == 0);
}

TEST_CASE_METHOD(StoreTest,
                 "ListAccounts with an empty pattern matches every account") {
  for (const char* name : {"bob", "alice"}) NewAccount(name);
  const AccountPage page = ValueOf(store_->ListAccounts("", "", 10));
  CHECK(NamesOf(page.accounts) == std::vector<std::string>{"alice", "bob"});
  CHECK(page.total_count == 2);
}

// Sessions.

TEST_CASE_METHOD(StoreTest,
                 "FindSession finds a live session with its account's name") {
  const AccountRecord alice = NewAccount("alice");
  const std::string hash("\0\x01hash\xfe", 7);
  RequireOk(store_->CreateSession(hash, alice.id, kNowUs + kHourUs));

  const SessionRecord session = ValueOf(store_->FindSession(hash, kNowUs));

  CHECK(session.account_id == alice.id);
  CHECK(session.username == "alice");
  CHECK(session.expires_at_us == kNowUs + kHourUs);
}

TEST_CASE_METHOD(StoreTest,
                 "FindSession answers NOT_FOUND from the expiry time on") {
  const AccountRecord alice = NewAccount("alice");
  RequireOk(store_->CreateSession("hash", alice.id, kNowUs));
  CHECK(store_->FindSession("hash", kNowUs - 1).ok());
  CHECK(store_->FindSession("hash", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE_METHOD(StoreTest,
                 "FindSession answers NOT_FOUND for an unknown hash") {
  const AccountRecord alice = NewAccount("alice");
  RequireOk(store_->CreateSession("hash", alice.id, kNowUs + kHourUs));
  CHECK(store_->FindSession("other", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE_METHOD(StoreTest,
                 "CreateSession answers NOT_FOUND for an unknown account") {
  const AccountRecord alice = NewAccount("alice");
  CHECK(store_->CreateSession("hash", alice.id + 1, kNowUs + kHourUs).code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE_METHOD(StoreTest,
                 "DeleteSession removes a session and is OK when it is gone") {
  const AccountRecord alice = NewAccount("alice");
  RequireOk(store_->CreateSession("hash", alice.id, kNowUs + kHourUs));

  RequireOk(store_->DeleteSession("hash"));

  CHECK(store_->FindSession("hash", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
  RequireOk(store_->DeleteSession("hash"));
}

TEST_CASE_METHOD(
    StoreTest,
    "DeleteExpiredSessions removes only expired sessions and counts them") {
  const AccountRecord alice = NewAccount("alice");
  RequireOk(store_->CreateSession("old", alice.id, kNowUs - kHourUs));
  RequireOk(store_->CreateSession("just", alice.id, kNowUs));
  RequireOk(store_->CreateSession("live", alice.id, kNowUs + 1));

  CHECK(ValueOf(store_->DeleteExpiredSessions(kNowUs)) == 2);

  CHECK(store_->FindSession("live", kNowUs).ok());
  CHECK(ValueOf(store_->DeleteExpiredSessions(kNowUs)) == 0);
}

// Appending messages.

TEST_CASE_METHOD(StoreTest,
                 "AppendMessages returns increasing ids in input order") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const std::vector<NewMessage> batch = {{alice.id, bob.id, "one", kNowUs},
                                         {bob.id, alice.id, "two", kNowUs},
                                         {alice.id, bob.id, "three", kNowUs}};

  const std::vector<int64_t> ids = ValueOf(store_->AppendMessages(batch));
  const int64_t later = Send(alice, bob, "four");

  REQUIRE(ids.size() == 3);
  CHECK(ids[0] < ids[1]);
  CHECK(ids[1] < ids[2]);
  CHECK(ids[2] < later);
  const std::vector<MessageRecord> to_bob = AllMessagesTo(bob);
  CHECK(IdsOf(to_bob) == std::vector<int64_t>{ids[0], ids[2], later});
  CHECK(to_bob[0].text == "one");
  CHECK(to_bob[0].sender == "alice");
  CHECK(to_bob[0].recipient == "bob");
  CHECK(to_bob[0].sent_at_us == kNowUs);
  CHECK_FALSE(to_bob[0].read);
}

TEST_CASE_METHOD(StoreTest,
                 "AppendMessages with an unknown recipient stores nothing and "
                 "answers NOT_FOUND") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t nobody = bob.id + 1;
  const std::vector<NewMessage> batch = {{alice.id, bob.id, "fine", kNowUs},
                                         {alice.id, nobody, "lost", kNowUs}};

  const absl::StatusOr<std::vector<int64_t>> ids =
      store_->AppendMessages(batch);

  CHECK(ids.status().code() == absl::StatusCode::kNotFound);
  CHECK(ids.status().message() ==
        absl::StrCat("account ", nobody, " does not exist"));
  CHECK(AllMessagesTo(bob).empty());
}

TEST_CASE_METHOD(StoreTest, "AppendMessages with no messages returns no ids") {
  CHECK(ValueOf(store_->AppendMessages({})).empty());
}

TEST_CASE_METHOD(StoreTest, "Message text is stored byte for byte") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const std::vector<std::string> texts = {
      "Robert'); DROP TABLE messages;--",
      "h\xc3\xa9llo \xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd \xe4\xb8\x96\xe7\x95\x8c",
      "she said \"hi\", then 'bye' \\ % _ * ?",
      "line one\nline two\r\n\ttabbed",
      std::string("nul\0inside", 10),
      ""};
  for (const std::string& text : texts) Send(alice, bob, text);

  std::vector<std::string> stored;
  for (const MessageRecord& message : AllMessagesTo(bob)) {
    stored.push_back(message.text);
  }
  CHECK(stored == texts);
}

TEST_CASE_METHOD(
    StoreTest,
    "Message ids are not reused after the newest message is deleted") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t first = Send(alice, bob, "first");
  const std::vector<int64_t> ids = {first};
  ValueOf(store_->DeleteMessages(alice.id, ids));

  CHECK(Send(alice, bob, "second") > first);
}

// Reading and marking unread messages.

TEST_CASE_METHOD(StoreTest,
                 "ReadUnread returns the oldest unread first up to the limit "
                 "and counts the rest") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  std::vector<int64_t> sent;
  for (int i = 0; i < 5; ++i) sent.push_back(Send(alice, bob, "m"));

  const UnreadBatch batch =
      ValueOf(store_->ReadUnread(bob.id, std::nullopt, 3));

  CHECK(IdsOf(batch.messages) ==
        std::vector<int64_t>{sent[0], sent[1], sent[2]});
  CHECK(batch.remaining_unread == 2);
  CHECK(std::all_of(batch.messages.begin(), batch.messages.end(),
                    [](const MessageRecord& m) { return m.read; }));
}

TEST_CASE_METHOD(StoreTest, "ReadUnread marks what it returns read") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  std::vector<int64_t> sent;
  for (int i = 0; i < 3; ++i) sent.push_back(Send(alice, bob, "m"));
  ValueOf(store_->ReadUnread(bob.id, std::nullopt, 2));

  const UnreadBatch rest = ValueOf(store_->ReadUnread(bob.id, std::nullopt, 2));

  CHECK(IdsOf(rest.messages) == std::vector<int64_t>{sent[2]});
  CHECK(rest.remaining_unread == 0);
  CHECK(ValueOf(store_->CountUnread(bob.id)) == 0);
  CHECK(ValueOf(store_->ReadUnread(bob.id, std::nullopt, 2)).messages.empty());
  CHECK(AllMessagesTo(bob).back().read);
}

TEST_CASE_METHOD(
    StoreTest,
    "ReadUnread from a peer returns and counts only that peer's messages") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const AccountRecord carol = NewAccount("carol");
  Send(alice, bob, "a1");
  const int64_t c1 = Send(carol, bob, "c1");
  Send(alice, bob, "a2");
  Send(carol, bob, "c2");

  const UnreadBatch batch = ValueOf(store_->ReadUnread(bob.id, carol.id, 1));

  CHECK(IdsOf(batch.messages) == std::vector<int64_t>{c1});
  CHECK(batch.remaining_unread == 1);
  CHECK(ValueOf(store_->CountUnread(bob.id)) == 3);
}

TEST_CASE_METHOD(
    StoreTest,
    "MarkRead marks messages read and counts only those that were unread") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t m1 = Send(alice, bob, "1");
  const int64_t m2 = Send(alice, bob, "2");
  Send(alice, bob, "3");

  const std::vector<int64_t> first = {m1};
  const MarkReadResult once = ValueOf(store_->MarkRead(bob.id, first));
  CHECK(once.marked == 1);
  CHECK(once.remaining_unread == 2);

  const std::vector<int64_t> second = {m1, m2, m2};
  const MarkReadResult twice = ValueOf(store_->MarkRead(bob.id, second));
  CHECK(twice.marked == 1);
  CHECK(twice.remaining_unread == 1);
}

TEST_CASE_METHOD(StoreTest,
                 "MarkRead changes nothing and answers NOT_FOUND if an id is "
                 "not a message to the account") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t to_bob = Send(alice, bob, "for bob");
  const int64_t from_bob = Send(bob, alice, "from bob");

  const std::vector<int64_t> ids = {to_bob, from_bob, from_bob + 100};
  const absl::StatusOr<MarkReadResult> result = store_->MarkRead(bob.id, ids);

  CHECK(result.status().code() == absl::StatusCode::kNotFound);
  CHECK(result.status().message() ==
        absl::StrCat("message ", from_bob, " is not a message to you"));
  CHECK(ValueOf(store_->CountUnread(bob.id)) == 1);
}

TEST_CASE_METHOD(StoreTest,
                 "CountUnread counts only unread messages to the account") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t m1 = Send(alice, bob, "1");
  Send(alice, bob, "2");
  Send(bob, alice, "3");
  CHECK(ValueOf(store_->CountUnread(bob.id)) == 2);

  const std::vector<int64_t> ids = {m1};
  ValueOf(store_->MarkRead(bob.id, ids));

  CHECK(ValueOf(store_->CountUnread(bob.id)) == 1);
  CHECK(ValueOf(store_->CountUnread(alice.id)) == 1);
}

// Conversations and history.

TEST_CASE_METHOD(
    StoreTest,
    "ListConversations gives one summary per peer, newest first, with counts") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const AccountRecord carol = NewAccount("carol");
  NewAccount("dave");
  Send(alice, bob, "a->b");
  Send(bob, alice, "b->a 1");
  Send(carol, alice, "c->a 1");
  Send(carol, alice, "c->a 2");
  const int64_t last_with_carol = Send(alice, carol, "a->c");
  const int64_t last_with_bob = Send(bob, alice, "b->a 2");
  Send(bob, carol, "not alice's");

  const std::vector<ConversationSummary> conversations =
      ValueOf(store_->ListConversations(alice.id));

  REQUIRE(conversations.size() == 2);
  CHECK(conversations[0].peer.id == bob.id);
  CHECK(conversations[0].peer.username == "bob");
  CHECK(conversations[0].unread_count == 2);
  CHECK(conversations[0].message_count == 3);
  CHECK(conversations[0].last_message.id == last_with_bob);
  CHECK(conversations[0].last_message.text == "b->a 2");
  CHECK(conversations[1].peer.id == carol.id);
  CHECK(conversations[1].unread_count == 2);
  CHECK(conversations[1].message_count == 3);
  CHECK(conversations[1].last_message.id == last_with_carol);
  CHECK(conversations[1].last_message.sender == "alice");
  CHECK(conversations[1].last_message.recipient == "carol");
}

TEST_CASE_METHOD(StoreTest,
                 "ListConversations is empty for an account without messages") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const AccountRecord carol = NewAccount("carol");
  Send(bob, carol, "hi");
  CHECK(ValueOf(store_->ListConversations(alice.id)).empty());
}

TEST_CASE_METHOD(
    StoreTest, "GetHistory pages both directions newest first with before_id") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const AccountRecord carol = NewAccount("carol");
  const int64_t m1 = Send(alice, bob, "1");
  const int64_t m2 = Send(bob, alice, "2");
  Send(alice, carol, "elsewhere");
  const int64_t m3 = Send(bob, alice, "3");
  Send(carol, alice, "elsewhere");
  const int64_t m4 = Send(alice, bob, "4");
  const int64_t m5 = Send(bob, alice, "5");

  const std::vector<MessageRecord> first =
      ValueOf(store_->GetHistory(alice.id, bob.id, 0, 2));
  CHECK(IdsOf(first) == std::vector<int64_t>{m5, m4});
  const std::vector<MessageRecord> second =
      ValueOf(store_->GetHistory(alice.id, bob.id, m4, 2));
  CHECK(IdsOf(second) == std::vector<int64_t>{m3, m2});
  const std::vector<MessageRecord> third =
      ValueOf(store_->GetHistory(alice.id, bob.id, m2, 2));
  CHECK(IdsOf(third) == std::vector<int64_t>{m1});
  CHECK(ValueOf(store_->GetHistory(alice.id, bob.id, m1, 2)).empty());
}

TEST_CASE_METHOD(StoreTest, "GetHistory is the same from either side") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  Send(alice, bob, "1");
  Send(bob, alice, "2");
  Send(alice, bob, "3");
  CHECK(IdsOf(ValueOf(store_->GetHistory(alice.id, bob.id, 0, 10))) ==
        IdsOf(ValueOf(store_->GetHistory(bob.id, alice.id, 0, 10))));
}

TEST_CASE_METHOD(
    StoreTest,
    "MessagesAfter returns messages to the account after an id, oldest first") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const AccountRecord carol = NewAccount("carol");
  const int64_t m1 = Send(alice, bob, "1");
  const int64_t m2 = Send(carol, bob, "2");
  Send(bob, alice, "from bob");
  const int64_t m3 = Send(alice, bob, "3");
  const int64_t m4 = Send(carol, bob, "4");

  CHECK(IdsOf(ValueOf(store_->MessagesAfter(bob.id, m1, 2))) ==
        std::vector<int64_t>{m2, m3});
  CHECK(IdsOf(ValueOf(store_->MessagesAfter(bob.id, m3, 10))) ==
        std::vector<int64_t>{m4});
  CHECK(ValueOf(store_->MessagesAfter(bob.id, m4, 10)).empty());
}

// Deleting messages.

TEST_CASE_METHOD(StoreTest,
                 "DeleteMessages lets sender and recipient delete and returns "
                 "the messages") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t m1 = Send(alice, bob, "one");
  const int64_t m2 = Send(alice, bob, "two");

  const std::vector<int64_t> by_sender = {m1};
  const std::vector<MessageRecord> sender_deleted =
      ValueOf(store_->DeleteMessages(alice.id, by_sender));
  const std::vector<int64_t> by_recipient = {m2};
  const std::vector<MessageRecord> recipient_deleted =
      ValueOf(store_->DeleteMessages(bob.id, by_recipient));

  REQUIRE(sender_deleted.size() == 1);
  CHECK(sender_deleted[0].id == m1);
  CHECK(sender_deleted[0].text == "one");
  CHECK(sender_deleted[0].sender == "alice");
  CHECK(sender_deleted[0].recipient == "bob");
  CHECK(IdsOf(recipient_deleted) == std::vector<int64_t>{m2});
  CHECK(AllMessagesTo(bob).empty());
}

TEST_CASE_METHOD(StoreTest,
                 "DeleteMessages deletes nothing and answers NOT_FOUND if an "
                 "id is outside the account's conversations") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const AccountRecord carol = NewAccount("carol");
  const int64_t mine = Send(alice, bob, "mine");
  const int64_t theirs = Send(bob, carol, "theirs");

  const std::vector<int64_t> ids = {mine, theirs + 100, theirs};
  const absl::StatusOr<std::vector<MessageRecord>> deleted =
      store_->DeleteMessages(alice.id, ids);

  CHECK(deleted.status().code() == absl::StatusCode::kNotFound);
  CHECK(
      deleted.status().message() ==
      absl::StrCat("message ", theirs + 100, " is not in your conversations"));
  CHECK(IdsOf(AllMessagesTo(bob)) == std::vector<int64_t>{mine});
  CHECK(IdsOf(AllMessagesTo(carol)) == std::vector<int64_t>{theirs});
}

TEST_CASE_METHOD(StoreTest, "DeleteMessages counts a repeated id once") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t m1 = Send(alice, bob, "one");

  const std::vector<int64_t> ids = {m1, m1};
  CHECK(IdsOf(ValueOf(store_->DeleteMessages(alice.id, ids))) ==
        std::vector<int64_t>{m1});
}

// Schema and migrations.

TEST_CASE_METHOD(StoreTest, "A new database is at the latest schema version") {
  store_.reset();
  SQLite::Database db(path_);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == kLatestSchemaVersion);
}

TEST_CASE_METHOD(StoreTest, "Reopening an existing database keeps its data") {
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  const int64_t sent = Send(alice, bob, "still here");
  store_.reset();

  store_ = OpenStore();

  CHECK(ValueOf(store_->FindAccount("alice")).account.id == alice.id);
  const std::vector<MessageRecord> to_bob = AllMessagesTo(bob);
  REQUIRE(to_bob.size() == 1);
  CHECK(to_bob[0].id == sent);
  CHECK(to_bob[0].text == "still here");
}

TEST_CASE_METHOD(StoreTest,
                 "Under writes without pause the WAL starts over instead of "
                 "growing without bound") {
  store_.reset();
  SqliteStoreOptions options;
  options.checkpoint_frames = 16;
  options.wal_restart_frames = 64;
  store_ = ValueOf(SqliteStore::Open(path_, options));
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");

  // Each one-message commit writes at least two pages (the table and an
  // index) to the WAL. How far the WAL gets between restarts depends on how
  // fast this loop writes while a checkpoint syncs, so the bound is loose: a
  // WAL that never starts over would hold every page written.
  constexpr int kMessages = 5000;
  for (int i = 0; i < kMessages; ++i) Send(alice, bob, "no pause between us");

  const auto wal_frames =
      std::filesystem::file_size(path_ + "-wal") / (4096 + 24);
  INFO("WAL pages: " << wal_frames << ", pages written: at least "
                     << 2 * kMessages);
  CHECK(wal_frames < kMessages);
  CHECK(AllMessagesTo(bob).size() == kMessages);
}

TEST_CASE_METHOD(StoreTest,
                 "A version 1 database is migrated with its messages, and "
                 "loses the index version 2 drops") {
  store_.reset();
  std::filesystem::remove(path_);
  int64_t alice_id = 0;
  int64_t bob_id = 0;
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    RequireOk(Migrate(db, 1));
    db.exec(
        "INSERT INTO accounts (username, salt, iterations, stored_key, "
        "server_key, created_at_us) VALUES ('alice', x'00', 4096, x'01', "
        "x'02', 1), ('bob', x'00', 4096, x'01', x'02', 1)");
    alice_id = db.execAndGet("SELECT id FROM accounts WHERE username = 'alice'")
                   .getInt64();
    bob_id = db.execAndGet("SELECT id FROM accounts WHERE username = 'bob'")
                 .getInt64();
    db.exec(absl::StrCat(
        "INSERT INTO messages (sender_id, recipient_id, body, sent_at_us) "
        "VALUES (",
        alice_id, ", ", bob_id, ", 'written by version 1', 5)"));
    REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 1);
  }

  store_ = OpenStore();

  const AccountRecord bob = ValueOf(store_->FindAccount("bob")).account;
  const std::vector<MessageRecord> to_bob = AllMessagesTo(bob);
  REQUIRE(to_bob.size() == 1);
  CHECK(to_bob[0].text == "written by version 1");
  CHECK(to_bob[0].sender_id == alice_id);
  CHECK(ValueOf(store_->CountUnread(bob_id)) == 1);
  SQLite::Database db(path_);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 2);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                      "'messages_to_from'")
            .getInt() == 0);
}

TEST_CASE_METHOD(
    StoreTest,
    "Opening a database from a newer schema fails with FAILED_PRECONDITION") {
  store_.reset();
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec(absl::StrCat("PRAGMA user_version = ", kLatestSchemaVersion + 1));
  }

  const absl::StatusOr<std::unique_ptr<SqliteStore>> store =
      SqliteStore::Open(path_, SqliteStoreOptions());

  CHECK(store.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(store.status().message()),
             Catch::Contains(
                 absl::StrCat("schema version ", kLatestSchemaVersion + 1)));
}

// Concurrency.

TEST_CASE_METHOD(StoreTest,
                 "Concurrent AppendMessages from many threads loses nothing") {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  const AccountRecord alice = NewAccount("alice");
  const AccountRecord bob = NewAccount("bob");
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::vector<absl::Status> failures(kThreads);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const NewMessage message{alice.id, bob.id, absl::StrCat(t, "/", i),
                                 kNowUs};
        absl::StatusOr<std::vector<int64_t>> appended =
            store_->AppendMessages({&message, 1});
        if (!appended.ok()) {
          failures[t] = appended.status();
          return;
        }
        ids[t].push_back(appended->front());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (const absl::Status& failure : failures) RequireOk(failure);
  std::set<int64_t> distinct;
  for (const std::vector<int64_t>& thread_ids : ids) {
    CHECK(std::is_sorted(thread_ids.begin(), thread_ids.end()));
    distinct.insert(thread_ids.begin(), thread_ids.end());
  }
  CHECK(distinct.size() == kThreads * kPerThread);
  std::set<std::string> texts;
  for (const MessageRecord& message : AllMessagesTo(bob)) {
    texts.insert(message.text);
  }
  CHECK(texts.size() == kThreads * kPerThread);
}

}  // namespace
}  // namespace parley::store
