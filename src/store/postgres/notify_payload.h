// The text of what servers on one PostgreSQL database tell each other
// (change_feed.h): the NOTIFY payloads that announce a commit, and the rows of
// the change log. Each is one line of space-separated fields, the kind first.
//
// Announcements carry the announcing server's id, so that a server can
// ignore its own:
//
//   m <origin> <first_id> <last_id> <recipient_id>...   messages stored
//   m <origin> <first_id> <last_id> *                   ... too many recipients
//   c <origin> <first_id> <last_id>                     changes logged
//
// PostgreSQL refuses payloads of 8000 bytes or more, so messages whose
// recipients do not fit are announced with `*`, decoded as an empty recipient
// list ("not known": receivers then read the range whatever streams they
// have).
//
// Changes, as the change log keeps them:
//
//   d <account_id> <deleted_by> <peer> <id>...          MessagesDeleted
//   a <account_id> <username> <peer_id>...              AccountDeleted
//   s <account_id> <token_hash as hex>                  SessionEnded
//
// Names never hold a space (text_rules.h).
//
// Thread safety: pure functions.
#ifndef PARLEY_STORE_POSTGRES_NOTIFY_PAYLOAD_H_
#define PARLEY_STORE_POSTGRES_NOTIFY_PAYLOAD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/change_feed.h"

namespace parley::store::postgres {

// The largest payload PostgreSQL takes.
inline constexpr size_t kMaxNotifyPayload = 7999;

// Changes with ids first_id..last_id were logged.
struct ChangesLogged {
  int64_t first_id = 0;
  int64_t last_id = 0;
};

// An announcement as received: who made it, and what it says.
struct Announcement {
  std::string origin;
  std::variant<MessagesCommitted, ChangesLogged> what;
};

// The longest an announcement's fields before its recipients can be: the
// kind, an origin of up to 32 characters and two ids of up to 20 digits,
// with their spaces.
inline constexpr size_t kMaxAnnouncementHeader = 80;

// The last field of an announcement of messages: the recipients' ids
// separated by spaces, or `*` when there are none or they would not fit in
// `max_bytes` (at least 100) after the longest header.
std::string RecipientsField(const std::vector<int64_t>& recipient_ids,
                            size_t max_bytes = kMaxNotifyPayload);
// The payload that announces `messages` from the server `origin` (no spaces,
// at most 32 characters), at most `max_bytes` long.
std::string AnnounceMessages(std::string_view origin,
                             const MessagesCommitted& messages,
                             size_t max_bytes = kMaxNotifyPayload);
// The payload that announces logged changes.
std::string AnnounceChanges(std::string_view origin,
                            const ChangesLogged& changes);
// An announcement decoded; nullopt for one this build does not understand (a
// newer Parley's, or not Parley's), which receivers ignore.
std::optional<Announcement> DecodeAnnouncement(std::string_view payload);

// A change as the change log keeps it, and back; nullopt for a row this build
// does not understand.
std::string EncodeChange(const Change& change);
std::optional<Change> DecodeChange(std::string_view text);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_NOTIFY_PAYLOAD_H_
