#include "store/change_feed.h"

#include <map>
#include <tuple>

namespace parley::store {

std::vector<MessagesDeleted> DeletionsOf(std::span<const MessageRecord> deleted,
                                         std::string_view deleted_by) {
  std::map<std::tuple<int64_t, std::string>, std::vector<int64_t>> by_party;
  for (const MessageRecord& record : deleted) {
    by_party[{record.sender_id, record.recipient}].push_back(record.id);
    if (record.recipient_id != record.sender_id) {
      by_party[{record.recipient_id, record.sender}].push_back(record.id);
    }
  }
  std::vector<MessagesDeleted> changes;
  changes.reserve(by_party.size());
  for (auto& [party, ids] : by_party) {
    const auto& [account_id, peer] = party;
    changes.push_back(MessagesDeleted{account_id, peer, std::string(deleted_by),
                                      std::move(ids)});
  }
  return changes;
}

}  // namespace parley::store
