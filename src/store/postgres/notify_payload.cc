#include "store/postgres/notify_payload.h"

#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace parley::store::postgres {
namespace {

using Fields = std::vector<absl::string_view>;

absl::string_view View(std::string_view text) {
  return {text.data(), text.size()};
}

std::string Text(absl::string_view field) {
  return {field.data(), field.size()};
}

Fields Split(std::string_view text) {
  return absl::StrSplit(View(text), ' ', absl::SkipEmpty());
}

bool ParseIds(const Fields& fields, size_t from, std::vector<int64_t>* ids) {
  for (size_t i = from; i < fields.size(); ++i) {
    int64_t id;
    if (!absl::SimpleAtoi(fields[i], &id)) return false;
    ids->push_back(id);
  }
  return true;
}

template <typename Item>
void AppendList(std::string* text, const std::vector<Item>& items) {
  for (const Item& item : items) absl::StrAppend(text, " ", item);
}

}  // namespace

std::string RecipientsField(const std::vector<int64_t>& recipient_ids,
                            size_t max_bytes) {
  std::string field;
  AppendList(&field, recipient_ids);
  if (recipient_ids.empty() ||
      field.size() + kMaxAnnouncementHeader > max_bytes) {
    return "*";
  }
  return field.substr(1);  // without the space before the first
}

std::string AnnounceMessages(std::string_view origin,
                             const MessagesCommitted& messages,
                             size_t max_bytes) {
  return absl::StrCat("m ", View(origin), " ", messages.first_id, " ",
                      messages.last_id, " ",
                      RecipientsField(messages.recipient_ids, max_bytes));
}

std::string AnnounceChanges(std::string_view origin,
                            const ChangesLogged& changes) {
  return absl::StrCat("c ", View(origin), " ", changes.first_id, " ",
                      changes.last_id);
}

std::optional<Announcement> DecodeAnnouncement(std::string_view payload) {
  const Fields fields = Split(payload);
  if (fields.size() < 4 || fields[0].size() != 1) return std::nullopt;
  Announcement announcement;
  announcement.origin = Text(fields[1]);
  int64_t first;
  int64_t last;
  if (!absl::SimpleAtoi(fields[2], &first) ||
      !absl::SimpleAtoi(fields[3], &last)) {
    return std::nullopt;
  }
  switch (fields[0][0]) {
    case 'm': {
      MessagesCommitted m{first, last, {}};
      if (fields.size() < 5) return std::nullopt;
      if (!(fields.size() == 5 && fields[4] == "*") &&
          !ParseIds(fields, 4, &m.recipient_ids)) {
        return std::nullopt;
      }
      announcement.what = std::move(m);
      return announcement;
    }
    case 'c':
      if (fields.size() != 4) return std::nullopt;
      announcement.what = ChangesLogged{first, last};
      return announcement;
    default:
      return std::nullopt;
  }
}

std::string EncodeChange(const Change& change) {
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        std::string text;
        if constexpr (std::is_same_v<T, MessagesDeleted>) {
          text =
              absl::StrCat("d ", c.account_id, " ", c.deleted_by, " ", c.peer);
          AppendList(&text, c.ids);
        } else if constexpr (std::is_same_v<T, AccountDeleted>) {
          text = absl::StrCat("a ", c.account_id, " ", c.username);
          AppendList(&text, c.peer_ids);
        } else {
          text = absl::StrCat("s ", c.account_id, " ",
                              absl::BytesToHexString(c.token_hash));
        }
        return text;
      },
      change);
}

std::optional<Change> DecodeChange(std::string_view text) {
  const Fields fields = Split(text);
  if (fields.size() < 3 || fields[0].size() != 1) return std::nullopt;
  int64_t account_id;
  if (!absl::SimpleAtoi(fields[1], &account_id)) return std::nullopt;
  switch (fields[0][0]) {
    case 'd': {
      MessagesDeleted c;
      c.account_id = account_id;
      if (fields.size() < 5 || !ParseIds(fields, 4, &c.ids)) {
        return std::nullopt;
      }
      c.deleted_by = Text(fields[2]);
      c.peer = Text(fields[3]);
      return c;
    }
    case 'a': {
      AccountDeleted c;
      c.account_id = account_id;
      if (!ParseIds(fields, 3, &c.peer_ids)) return std::nullopt;
      c.username = Text(fields[2]);
      return c;
    }
    case 's': {
      if (fields.size() != 3) return std::nullopt;
      const absl::string_view hex = fields[2];
      if (hex.size() % 2 != 0 ||
          hex.find_first_not_of("0123456789abcdefABCDEF") !=
              absl::string_view::npos) {
        return std::nullopt;
      }
      return SessionEnded{account_id, absl::HexStringToBytes(hex)};
    }
    default:
      return std::nullopt;
  }
}

}  // namespace parley::store::postgres
