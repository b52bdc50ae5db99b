// The account rules through the transport-neutral core: real engine, real
// SQLite file, real SCRAM exchange, no transport.
#include "server/rules/account_rules.h"

#include <catch2/catch.hpp>

#include "server/rules/core_fixture.h"

namespace parley {
namespace {

using testing::CoreFixture;
using testing::RecordingWriter;

bool CaughtUp(const std::vector<chat::v1::Event>& events) {
  return !events.empty() && events.back().has_caught_up();
}

TEST_CASE("a session from the SCRAM exchange authenticates later calls",
          "[account_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CHECK(alice.token.size() == 64);
  auto page = f.Call(f.core().accounts(), &AccountRules::ListAccounts, alice,
                     chat::v1::ListAccountsRequest());
  REQUIRE(page.ok());
  CHECK(page->accounts_size() == 1);
  CHECK(page->accounts(0).username() == "alice");
}

TEST_CASE("a wrong password and an unknown name fail alike",
          "[account_rules]") {
  CoreFixture f;
  f.SignUp("alice", "right");
  absl::Status wrong = f.SignIn("alice", "wrong").status();
  absl::Status unknown = f.SignIn("nobody", "wrong").status();
  CHECK(absl::IsUnauthenticated(wrong));
  CHECK(wrong == unknown);
}

TEST_CASE("a taken name is refused without regard to case", "[account_rules]") {
  CoreFixture f;
  f.SignUp("alice");
  chat::v1::CreateAccountRequest create;
  create.set_username("ALICE");
  create.set_salt(std::string(16, 's'));
  create.set_iterations(4096);
  create.set_stored_key(std::string(32, 'k'));
  create.set_server_key(std::string(32, 'k'));
  CHECK(absl::IsAlreadyExists(
      f.Call(f.core().accounts(), &AccountRules::CreateAccount, {}, create)
          .status()));
  create.set_iterations(10);
  create.set_username("carol");
  CHECK(absl::IsInvalidArgument(
      f.Call(f.core().accounts(), &AccountRules::CreateAccount, {}, create)
          .status()));
}

TEST_CASE("signing out ends that session's streams and not another's",
          "[account_rules]") {
  CoreFixture f;
  CallContext phone = f.SignUp("alice");
  absl::StatusOr<CallContext> laptop = f.SignIn("alice");
  REQUIRE(laptop.ok());
  RecordingWriter phone_writer;
  RecordingWriter laptop_writer;
  auto phone_stream = f.Subscribe(phone, &phone_writer);
  auto laptop_stream = f.Subscribe(*laptop, &laptop_writer);
  REQUIRE(phone_writer.WaitFor(CaughtUp));
  REQUIRE(laptop_writer.WaitFor(CaughtUp));

  REQUIRE(f.Call(f.core().accounts(), &AccountRules::Logout, phone,
                 chat::v1::LogoutRequest())
              .ok());
  std::optional<absl::Status> ended = phone_writer.WaitForFinish();
  REQUIRE(ended.has_value());
  CHECK(absl::IsUnauthenticated(*ended));
  // The other session keeps working, and its stream is still registered.
  CHECK(f.Call(f.core().accounts(), &AccountRules::ListAccounts, *laptop,
               chat::v1::ListAccountsRequest())
            .ok());
  CHECK_FALSE(laptop_writer.finished().has_value());
  CHECK(f.core().hub().SubscriberCount() == 1);
  CHECK(absl::IsUnauthenticated(f.Call(f.core().accounts(),
                                       &AccountRules::ListAccounts, phone,
                                       chat::v1::ListAccountsRequest())
                                    .status()));
  phone_stream->Detach();
  laptop_stream->Detach();
}

TEST_CASE("deleting an account ends its streams and tells its peers",
          "[account_rules]") {
  CoreFixture f;
  CallContext alice = f.SignUp("alice");
  CallContext bob = f.SignUp("bob");
  chat::v1::SendMessageRequest send;
  send.set_recipient("alice");
  send.set_text("hi");
  REQUIRE(
      f.Call(f.core().messages(), &MessageRules::SendMessage, bob, send).ok());
  RecordingWriter alice_writer;
  RecordingWriter bob_writer;
  auto alice_stream = f.Subscribe(alice, &alice_writer);
  auto bob_stream = f.Subscribe(bob, &bob_writer);
  REQUIRE(alice_writer.WaitFor(CaughtUp));
  REQUIRE(bob_writer.WaitFor(CaughtUp));

  auto deleted = f.Call(f.core().accounts(), &AccountRules::DeleteAccount, bob,
                        chat::v1::DeleteAccountRequest());
  REQUIRE(deleted.ok());
  CHECK(deleted->deleted_messages() == 1);
  std::optional<absl::Status> ended = bob_writer.WaitForFinish();
  REQUIRE(ended.has_value());
  CHECK(absl::IsUnauthenticated(*ended));
  CHECK(alice_writer.WaitFor([](const auto& events) {
    return events.back().has_account_deleted() &&
           events.back().account_deleted().username() == "bob";
  }));
  CHECK(absl::IsUnauthenticated(f.Call(f.core().accounts(),
                                       &AccountRules::ListAccounts, bob,
                                       chat::v1::ListAccountsRequest())
                                    .status()));
  alice_stream->Detach();
  bob_stream->Detach();
}

TEST_CASE("accounts list in pages whose token another call refuses",
          "[account_rules]") {
  CoreFixture f;
  CallContext caller = f.SignUp("ann");
  for (const char* name : {"anna", "annie", "bob"}) f.SignUp(name);
  chat::v1::ListAccountsRequest request;
  request.set_pattern("ann*");
  request.set_page_size(2);
  auto first =
      f.Call(f.core().accounts(), &AccountRules::ListAccounts, caller, request);
  REQUIRE(first.ok());
  CHECK(first->accounts_size() == 2);
  CHECK(first->total_count() == 3);
  REQUIRE_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());
  auto second =
      f.Call(f.core().accounts(), &AccountRules::ListAccounts, caller, request);
  REQUIRE(second.ok());
  REQUIRE(second->accounts_size() == 1);
  CHECK(second->accounts(0).username() == "annie");
  CHECK(second->next_page_token().empty());

  chat::v1::GetHistoryRequest history;
  history.set_peer("anna");
  history.set_page_token(first->next_page_token());
  CHECK(absl::IsInvalidArgument(
      f.Call(f.core().messages(), &MessageRules::GetHistory, caller, history)
          .status()));
  request.set_pattern(std::string(65, 'a'));
  request.clear_page_token();
  CHECK(absl::IsInvalidArgument(
      f.Call(f.core().accounts(), &AccountRules::ListAccounts, caller, request)
          .status()));
}

}  // namespace
}  // namespace parley
