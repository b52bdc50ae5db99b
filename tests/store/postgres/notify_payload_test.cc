// The NOTIFY payloads that carry changes between servers
// (store/postgres/notify_payload.h): every kind survives the round trip, long
// lists are split under PostgreSQL's limit, and what is not Parley's is
// ignored.
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
  const std::vector<std::string> payloads =
      EncodeNotifyPayloads("origin1", change);
  REQUIRE(payloads.size() == 1);
  const std::optional<ReceivedChange> received =
      DecodeNotifyPayload(payloads[0]);
  REQUIRE(received.has_value());
  CHECK(received->origin == "origin1");
  REQUIRE(std::holds_alternative<T>(received->change));
  return std::get<T>(received->change);
}

TEST_CASE("every kind of change survives its payload", "[notify]") {
  const auto messages =
      RoundTrip<MessagesCommitted>(MessagesCommitted{7, 9, {3, 5}});
  CHECK(messages.first_id == 7);
  CHECK(messages.last_id == 9);
  CHECK(messages.recipient_ids == std::vector<int64_t>{3, 5});

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

TEST_CASE("a long list of ids is split into payloads under the limit",
          "[notify]") {
  MessagesDeleted change{4, "bob", "alice", {}};
  for (int64_t id = 1'000'000; id < 1'003'000; ++id) change.ids.push_back(id);

  const std::vector<std::string> payloads =
      EncodeNotifyPayloads("origin1", change);

  REQUIRE(payloads.size() > 1);
  std::vector<int64_t> ids;
  for (const std::string& payload : payloads) {
    CHECK(payload.size() <= kMaxNotifyPayload);
    const auto received = DecodeNotifyPayload(payload);
    REQUIRE(received.has_value());
    const auto& part = std::get<MessagesDeleted>(received->change);
    CHECK(part.peer == "bob");
    ids.insert(ids.end(), part.ids.begin(), part.ids.end());
  }
  CHECK(ids == change.ids);
}

TEST_CASE("messages with too many recipients to list are announced for anyone",
          "[notify]") {
  MessagesCommitted change{1, 2000, {}};
  for (int64_t id = 1'000'000; id < 1'002'000; ++id) {
    change.recipient_ids.push_back(id);
  }

  const std::vector<std::string> payloads =
      EncodeNotifyPayloads("origin1", change);

  REQUIRE(payloads.size() == 1);
  CHECK(payloads[0] == "m origin1 1 2000 *");
  const auto received = DecodeNotifyPayload(payloads[0]);
  REQUIRE(received.has_value());
  const auto& decoded = std::get<MessagesCommitted>(received->change);
  CHECK(decoded.last_id == 2000);
  CHECK(decoded.recipient_ids.empty());
}

TEST_CASE("a payload that is not Parley's is ignored", "[notify]") {
  for (const char* payload :
       {"", "hello", "m origin1", "m origin1 x 2 *", "s origin1 4 zz",
        "q origin1 1 2", "d origin1 4 alice bob"}) {
    INFO(payload);
    CHECK_FALSE(DecodeNotifyPayload(payload).has_value());
  }
}

}  // namespace
}  // namespace parley::store::postgres
