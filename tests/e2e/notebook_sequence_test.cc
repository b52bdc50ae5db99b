// The notebook's 30-step test sequence (its section 3.1), adapted step by step
// to this API, over each protocol. The steps depend on each other, as in the
// notebook, so they run as one test case; each step is a SECTION-free block
// with its number, so a failure names the step. docs/notebook-tests.md lists
// how each step maps.
#include <catch2/catch.hpp>

#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using absl::StatusCode;

PROTOCOL_TEST_CASE("the notebook's 30-step sequence passes step by step",
                   "[notebook]") {
  TestServer server(TestType::kProtocol);
  auto user1 = server.NewClient();
  auto user2 = server.NewClient();
  const std::string pw1 = "TestUser1-pw";
  const std::string pw2 = "TestUser2-pw";

  // Account management.
  INFO("1. create TestUser1");
  ASSERT_OK_AND_GET(user1->CreateAccount("TestUser1", pw1));
  INFO("2. creating TestUser1 again says the account exists");
  CHECK(user1->CreateAccount("TestUser1", pw1).status().code() ==
        StatusCode::kAlreadyExists);
  INFO("3. logging in to TestUser2, which does not exist, fails");
  CHECK(user2->Login("TestUser2", pw2).status().code() ==
        StatusCode::kUnauthenticated);
  INFO("4. create TestUser2");
  ASSERT_OK_AND_GET(user2->CreateAccount("TestUser2", pw2));
  INFO("5. TestUser2 with password 'hello' is refused");
  CHECK(user2->Login("TestUser2", "hello").status().code() ==
        StatusCode::kUnauthenticated);
  INFO("6. TestUser1 logs in");
  ASSERT_OK_AND_GET(user1->Login("TestUser1", pw1));
  INFO("7. TestUser2 logs in");
  ASSERT_OK_AND_GET(user2->Login("TestUser2", pw2));
  INFO("8. TestUser2 logs out");
  REQUIRE(user2->Logout().ok());

  // Offline messaging.
  INFO("9. TestUser1 sends '1' to the offline TestUser2");
  ASSERT_OK_AND_GET(user1->SendMessage("TestUser2", "1"));
  INFO("10. an empty message is refused and nothing is stored");
  CHECK(user1->SendMessage("TestUser2", "").status().code() ==
        StatusCode::kInvalidArgument);
  INFO("11. an SQL injection string is stored as text");
  const std::string injection =
      "'); DELETE FROM messages; DROP TABLE accounts; --";
  auto injected = ASSERT_OK_AND_GET(user1->SendMessage("TestUser2", injection));
  INFO("12. TestUser1 deletes that message");
  CHECK(ASSERT_OK_AND_GET(user1->DeleteMessages({injected.id()})).deleted() ==
        1);
  INFO("13. a 257-character message is refused as too long");
  auto too_long = user1->SendMessage("TestUser2", std::string(257, 'x'));
  CHECK(too_long.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(too_long.status().message()),
             Catch::Contains("at most 256"));
  INFO("14. TestUser1 sends '2'");
  ASSERT_OK_AND_GET(user1->SendMessage("TestUser2", "2"));
  INFO("15. TestUser1 sends '3'");
  ASSERT_OK_AND_GET(user1->SendMessage("TestUser2", "3"));

  // Reading.
  INFO("16. TestUser2 logs in");
  auto login = ASSERT_OK_AND_GET(user2->Login("TestUser2", pw2));
  INFO("17. TestUser2 has 3 unread messages");
  CHECK(login.unread_count() == 3);
  INFO("18. opening the conversation offers the unread count to choose from");
  auto conversations = ASSERT_OK_AND_GET(user2->ListConversations());
  REQUIRE(conversations.conversations_size() == 1);
  CHECK(conversations.conversations(0).peer() == "TestUser1");
  CHECK(conversations.conversations(0).unread_count() == 3);
  INFO("19. reading 2 gives '1' then '2'");
  auto two = ASSERT_OK_AND_GET(user2->ReadMessages(2, "TestUser1"));
  REQUIRE(two.messages_size() == 2);
  CHECK(two.messages(0).text() == "1");
  CHECK(two.messages(1).text() == "2");
  INFO("20. 1 message is still unread");
  CHECK(two.remaining_unread() == 1);
  INFO("21. 'view more' shows the remaining count again");
  CHECK(ASSERT_OK_AND_GET(user2->ListConversations()).total_unread() == 1);
  INFO(
      "22. asking for more than the server allows is refused (the notebook's "
      "'too many')");
  CHECK(user2->ReadMessages(101, "TestUser1").status().code() ==
        StatusCode::kInvalidArgument);
  INFO("23. a count that is not a positive number is refused");
  CHECK(user2->ReadMessages(0, "TestUser1").status().code() ==
        StatusCode::kInvalidArgument);
  INFO("24. reading 1 gives '3'");
  auto last = ASSERT_OK_AND_GET(user2->ReadMessages(1, "TestUser1"));
  REQUIRE(last.messages_size() == 1);
  CHECK(last.messages(0).text() == "3");

  // Live messaging.
  EventRecorder live1;
  auto stream1 = user1->Subscribe(std::nullopt, live1.Callbacks());
  REQUIRE(live1.WaitForState(LiveSubscription::State::kLive));
  INFO("25. TestUser2 sends 'hello' to TestUser1");
  ASSERT_OK_AND_GET(user2->SendMessage("TestUser1", "hello"));
  INFO("26. TestUser1, online, gets it at once on its stream");
  REQUIRE(live1.WaitFor([](const auto& events) {
    return std::any_of(events.begin(), events.end(), [](const auto& e) {
      return e.has_message() && e.message().text() == "hello";
    });
  }));

  // Deletion.
  INFO("27. TestUser2 deletes its account");
  ASSERT_OK_AND_GET(user2->DeleteAccount());
  INFO("28. TestUser1 has no conversation with TestUser2 any more");
  CHECK(ASSERT_OK_AND_GET(user1->ListConversations()).conversations_size() ==
        0);
  INFO(
      "29. TestUser2 is created again and its history with TestUser1 is empty");
  ASSERT_OK_AND_GET(user2->CreateAccount("TestUser2", pw2));
  ASSERT_OK_AND_GET(user2->Login("TestUser2", pw2));
  CHECK(ASSERT_OK_AND_GET(user1->GetHistory("TestUser2", 0, ""))
            .messages_size() == 0);
  CHECK(ASSERT_OK_AND_GET(user2->GetHistory("TestUser1", 0, ""))
            .messages_size() == 0);
  INFO("30. both accounts are deleted");
  ASSERT_OK_AND_GET(user2->DeleteAccount());
  ASSERT_OK_AND_GET(user1->DeleteAccount());
  auto anyone = server.SignedIn("observer");
  CHECK(ASSERT_OK_AND_GET(anyone->ListAccounts("TestUser*", 0, ""))
            .total_count() == 0);
}

}  // namespace
}  // namespace parley::testing
