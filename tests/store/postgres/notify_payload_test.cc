// What servers on one PostgreSQL database tell each other
// (store/postgres/notify_payload.h): every announcement and every kind of
// logged change survives its text, messages with too many recipients stay
// under PostgreSQL's payload limit, and what is not Parley's is ignored.
#include "store/postgres/notify_payload.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace parley::store::postgres {
namespace {

template <typename T>
T RoundTrip(const Change& change) {
  const std::optional<Change> decoded = DecodeChange(EncodeChange(change));
  REQUIRE(decoded.has_value());
  REQUIRE(std::holds_alternative<T>(*decoded));
  return std::get<T>(*decoded);
}

TEST_CASE("both kinds of announcement survive their payload", "[notify]") {
  const std::optional<Announcement> messages = DecodeAnnouncement(
      AnnounceMessages("origin1", MessagesCommitted{7, 9, {3, 5}}));
  REQUIRE(messages.has_value());
  CHECK(messages->origin == "origin1");
  const auto& m = std::get<MessagesCommitted>(messages->what);
  CHECK(m.first_id == 7);
  CHECK(m.last_id == 9);
  CHECK(m.recipient_ids == std::vector<int64_t>{3, 5});

  const std::optional<Announcement> changes =
      DecodeAnnouncement(AnnounceChanges("origin2", ChangesLogged{10, 12}));
  REQUIRE(changes.has_value());
  CHECK(changes->origin == "origin2");
  const auto& c = std::get<ChangesLogged>(changes->what);
  CHECK(c.first_id == 10);
  CHECK(c.last_id == 12);
}

TEST_CASE("every kind of change survives the change log's text", "[notify]") {
  const auto deleted =
      RoundTrip<MessagesDeleted>(MessagesDeleted{4, "bob", "alice", {10, 11}});
  CHECK(deleted.account_id == 4);
  CHECK(deleted.peer == "bob");
  CHECK(deleted.deleted_by == "alice");
  CHECK(deleted.ids == std::vector<int64_t>{10, 11});

  const auto account =
      RoundTrip<AccountDeleted>(AccountDeleted{4, "bob", {1, 2}});
  CHECK(account.account_id == 4);
  CHECK(account.username == "bob");
  CHECK(account.peer_ids == std::vector<int64_t>{1, 2});
  CHECK(
      RoundTrip<AccountDeleted>(AccountDeleted{4, "bob", {}}).peer_ids.empty());

  const std::string hash("\x00\xff\x10 z", 5);
  const auto session = RoundTrip<SessionEnded>(SessionEnded{4, hash});
  CHECK(session.account_id == 4);
  CHECK(session.token_hash == hash);
}

TEST_CASE("messages with too many recipients to list are announced for anyone",
          "[notify]") {
  MessagesCommitted change{1, 2000, {}};
  for (int64_t id = 1'000'000; id < 1'002'000; ++id) {
    change.recipient_ids.push_back(id);
  }

  const std::string payload = AnnounceMessages("origin1", change);

  CHECK(payload == "m origin1 1 2000 *");
  const auto received = DecodeAnnouncement(payload);
  REQUIRE(received.has_value());
  const auto& decoded = std::get<MessagesCommitted>(received->what);
  CHECK(decoded.last_id == 2000);
  CHECK(decoded.recipient_ids.empty());
}

TEST_CASE("text that is not Parley's is ignored", "[notify]") {
  for (const char* payload :
       {"", "hello", "m origin1", "m origin1 x 2 *", "c origin1 1",
        "c origin1 1 2 3", "q origin1 1 2"}) {
    INFO(payload);
    CHECK_FALSE(DecodeAnnouncement(payload).has_value());
  }
  for (const char* text : {"", "hello", "s 4 zz", "s 4", "q 1 2",
                           "d 4 alice bob", "d x alice bob 1", "a 4"}) {
    INFO(text);
    CHECK_FALSE(DecodeChange(text).has_value());
  }
}

}  // namespace
}  // namespace parley::store::postgres
