#include "client/gui/conversation_list_model.h"

#include <algorithm>
#include <utility>

#include "client/gui/names.h"

namespace parley::gui {

int64_t ConversationListModel::TotalUnread() const {
  int64_t total = 0;
  for (const ConversationSummary& c : conversations_) total += c.unread;
  return total;
}

int64_t ConversationListModel::TotalMessages() const {
  int64_t total = 0;
  for (const ConversationSummary& c : conversations_) total += c.message_count;
  return total;
}

int64_t ConversationListModel::UnreadFrom(const std::string& peer) const {
  for (const ConversationSummary& c : conversations_) {
    if (SameName(c.peer, peer)) return c.unread;
  }
  return 0;
}

std::string ConversationListModel::RegisteredName(
    const std::string& peer) const {
  for (const ConversationSummary& c : conversations_) {
    if (SameName(c.peer, peer)) return c.peer;
  }
  return peer;
}

ConversationSummary& ConversationListModel::SummaryFor(
    const std::string& peer) {
  for (ConversationSummary& c : conversations_) {
    if (SameName(c.peer, peer)) return c;
  }
  ConversationSummary& added = conversations_.emplace_back();
  added.peer = peer;
  return added;
}

void ConversationListModel::NoteMessage(const chat::v1::Message& message,
                                        const std::string& peer) {
  ConversationSummary& summary = SummaryFor(peer);
  if (message.id() > summary.last_message.id()) {
    summary.last_message = message;
    ++summary.message_count;
  }
  Sort();
}

void ConversationListModel::Merge(
    const chat::v1::ListConversationsResponse& list,
    const ConversationView* open) {
  std::vector<ConversationSummary> merged;
  int64_t newest_known = 0;
  for (const chat::v1::Conversation& c : list.conversations()) {
    ConversationSummary summary{c.peer(), c.unread_count(), c.message_count(),
                                c.last_message()};
    newest_known = std::max(newest_known, c.last_message().id());
    auto local = std::find_if(conversations_.begin(), conversations_.end(),
                              [&](const ConversationSummary& s) {
                                return SameName(s.peer, c.peer());
                              });
    if (local != conversations_.end() &&
        local->last_message.id() > summary.last_message.id()) {
      // A live event got here after the server made this list: ours is newer.
      summary = *local;
    } else if (open != nullptr && SameName(open->peer, summary.peer)) {
      // Messages shown live whose MarkRead was still on its way are read
      // already.
      const int64_t in_flight = std::count_if(
          open->marking_read.begin(), open->marking_read.end(),
          [&](int64_t id) { return id <= summary.last_message.id(); });
      summary.unread = std::max<int64_t>(0, summary.unread - in_flight);
    }
    merged.push_back(std::move(summary));
  }
  for (const ConversationSummary& local : conversations_) {
    const bool listed = std::any_of(merged.begin(), merged.end(),
                                    [&](const ConversationSummary& s) {
                                      return SameName(s.peer, local.peer);
                                    });
    if (!listed && local.last_message.id() > newest_known) {
      merged.push_back(local);
    }
  }
  conversations_ = std::move(merged);
  loaded_ = true;
  Sort();
}

void ConversationListModel::Remove(const std::string& peer) {
  std::erase_if(conversations_, [&](const ConversationSummary& c) {
    return SameName(c.peer, peer);
  });
}

void ConversationListModel::Clear() {
  conversations_.clear();
  loaded_ = false;
}

void ConversationListModel::Sort() {
  std::stable_sort(
      conversations_.begin(), conversations_.end(),
      [](const ConversationSummary& a, const ConversationSummary& b) {
        return a.last_message.id() > b.last_message.id();
      });
}

}  // namespace parley::gui
