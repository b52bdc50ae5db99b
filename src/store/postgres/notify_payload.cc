#include "store/postgres/notify_payload.h"

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace parley::store::postgres {
namespace {

// `header` followed by " <item>" for each item, in as many payloads of at
// most `max_bytes` as it takes, each with at least one item (none for none).
template <typename Item>
std::vector<std::string> WithList(const std::string& header,
                                  const std::vector<Item>& items,
                                  size_t max_bytes) {
  std::vector<std::string> payloads;
  std::string payload = header;
  size_t in_payload = 0;
  for (const Item& item : items) {
    const std::string field = absl::StrCat(" ", item);
    if (in_payload > 0 && payload.size() + field.size() > max_bytes) {
      payloads.push_back(std::exchange(payload, header));
      in_payload = 0;
    }
    payload += field;
    ++in_payload;
  }
  if (in_payload > 0 || payloads.empty()) payloads.push_back(payload);
  return payloads;
}

std::string Text(absl::string_view field) {
  return {field.data(), field.size()};
}

bool ParseIds(const std::vector<absl::string_view>& fields, size_t from,
              std::vector<int64_t>* ids) {
  for (size_t i = from; i < fields.size(); ++i) {
    int64_t id;
    if (!absl::SimpleAtoi(fields[i], &id)) return false;
    ids->push_back(id);
  }
  return true;
}

}  // namespace

std::vector<std::string> EncodeNotifyPayloads(std::string_view origin_view,
                                              const Change& change,
                                              size_t max_bytes) {
  const absl::string_view origin(origin_view.data(), origin_view.size());
  return std::visit(
      [&](const auto& c) -> std::vector<std::string> {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, MessagesCommitted>) {
          const std::string header =
              absl::StrCat("m ", origin, " ", c.first_id, " ", c.last_id);
          std::string listed = header;
          for (const int64_t id : c.recipient_ids) {
            absl::StrAppend(&listed, " ", id);
          }
          if (c.recipient_ids.empty() || listed.size() > max_bytes) {
            return {header + " *"};
          }
          return {listed};
        } else if constexpr (std::is_same_v<T, MessagesDeleted>) {
          return WithList(absl::StrCat("d ", origin, " ", c.account_id, " ",
                                       c.deleted_by, " ", c.peer),
                          c.ids, max_bytes);
        } else if constexpr (std::is_same_v<T, AccountDeleted>) {
          return WithList(
              absl::StrCat("a ", origin, " ", c.account_id, " ", c.username),
              c.peer_ids, max_bytes);
        } else {
          return {absl::StrCat("s ", origin, " ", c.account_id, " ",
                               absl::BytesToHexString(c.token_hash))};
        }
      },
      change);
}

std::optional<ReceivedChange> DecodeNotifyPayload(std::string_view payload) {
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(payload.data(), payload.size()), ' ',
                     absl::SkipEmpty());
  if (fields.size() < 3 || fields[0].size() != 1) return std::nullopt;
  ReceivedChange received;
  received.origin = Text(fields[1]);
  int64_t first;
  if (!absl::SimpleAtoi(fields[2], &first)) return std::nullopt;
  switch (fields[0][0]) {
    case 'm': {
      MessagesCommitted c;
      c.first_id = first;
      if (fields.size() < 5 || !absl::SimpleAtoi(fields[3], &c.last_id)) {
        return std::nullopt;
      }
      if (!(fields.size() == 5 && fields[4] == "*") &&
          !ParseIds(fields, 4, &c.recipient_ids)) {
        return std::nullopt;
      }
      received.change = std::move(c);
      return received;
    }
    case 'd': {
      MessagesDeleted c;
      c.account_id = first;
      if (fields.size() < 6 || !ParseIds(fields, 5, &c.ids)) {
        return std::nullopt;
      }
      c.deleted_by = Text(fields[3]);
      c.peer = Text(fields[4]);
      received.change = std::move(c);
      return received;
    }
    case 'a': {
      AccountDeleted c;
      c.account_id = first;
      if (fields.size() < 4 || !ParseIds(fields, 4, &c.peer_ids)) {
        return std::nullopt;
      }
      c.username = Text(fields[3]);
      received.change = std::move(c);
      return received;
    }
    case 's': {
      SessionEnded c;
      c.account_id = first;
      if (fields.size() != 4) return std::nullopt;
      const absl::string_view hex = fields[3];
      if (hex.size() % 2 != 0 ||
          hex.find_first_not_of("0123456789abcdefABCDEF") !=
              absl::string_view::npos) {
        return std::nullopt;
      }
      c.token_hash = absl::HexStringToBytes(hex);
      received.change = std::move(c);
      return received;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace parley::store::postgres
