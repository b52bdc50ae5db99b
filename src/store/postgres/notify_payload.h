// The text of the NOTIFY payloads that carry a Change (change_feed.h) between
// servers: one line of space-separated fields, the kind first, then the
// announcing server's id, so that a server can ignore its own:
//
//   m <origin> <first_id> <last_id> <recipient_id>...   MessagesCommitted
//   m <origin> <first_id> <last_id> *                   ... too many recipients
//   d <origin> <account_id> <deleted_by> <peer> <id>... MessagesDeleted
//   a <origin> <account_id> <username> <peer_id>...     AccountDeleted
//   s <origin> <account_id> <token_hash as hex>         SessionEnded
//
// Names never hold a space (text_rules.h). PostgreSQL refuses payloads of
// 8000 bytes or more, so a change whose lists do not fit is split into
// several payloads, each a change of the same kind with part of the list;
// messages whose recipients do not fit are announced with `*`, decoded as
// an empty recipient list ("not known": receivers then read the range
// whatever streams they have).
//
// Thread safety: pure functions.
#ifndef PARLEY_STORE_POSTGRES_NOTIFY_PAYLOAD_H_
#define PARLEY_STORE_POSTGRES_NOTIFY_PAYLOAD_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/change_feed.h"

namespace parley::store::postgres {

// The largest payload PostgreSQL takes.
inline constexpr size_t kMaxNotifyPayload = 7999;

// A change as received: who announced it, and what.
struct ReceivedChange {
  std::string origin;
  Change change;
};

// The payloads that announce `change` from the server `origin` (no spaces),
// each at most `max_bytes` long (at least 200).
std::vector<std::string> EncodeNotifyPayloads(
    std::string_view origin, const Change& change,
    size_t max_bytes = kMaxNotifyPayload);

// A payload decoded; nullopt for one this build does not understand (a
// newer Parley's, or not Parley's), which receivers ignore.
std::optional<ReceivedChange> DecodeNotifyPayload(std::string_view payload);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_NOTIFY_PAYLOAD_H_
