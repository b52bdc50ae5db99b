// The conversation list of the desktop client (the "Chats" tab): one summary
// per peer, most recent activity first, with unread counts. It merges the
// server's list with what the live stream brought since the list was made.
// A part of ChatViewModel; it makes no calls itself.
//
// Thread safety: the UI thread only.
#ifndef PARLEY_CLIENT_GUI_CONVERSATION_LIST_MODEL_H_
#define PARLEY_CLIENT_GUI_CONVERSATION_LIST_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "chat/v1/chat.pb.h"
#include "client/gui/view_state.h"

namespace parley::gui {

class ConversationListModel {
 public:
  // Most recent activity first.
  const std::vector<ConversationSummary>& conversations() const {
    return conversations_;
  }
  // The server's list arrived at least once this session.
  bool loaded() const { return loaded_; }
  // Unread messages over all conversations.
  int64_t TotalUnread() const;
  // Messages over all conversations.
  int64_t TotalMessages() const;
  // Unread messages from `peer` (0 for a peer not listed).
  int64_t UnreadFrom(const std::string& peer) const;
  // `peer` as registered if listed, else as given.
  std::string RegisteredName(const std::string& peer) const;

  // The summary of `peer`, added (empty) if it was not listed.
  ConversationSummary& SummaryFor(const std::string& peer);
  // Makes `message` the last of its conversation with `peer` if it is newer.
  void NoteMessage(const chat::v1::Message& message, const std::string& peer);
  // Takes the server's list as the truth, except for entries a live event made
  // newer meanwhile. Live messages shown in `open` whose MarkRead is still on
  // its way count as read. `open` may be null.
  void Merge(const chat::v1::ListConversationsResponse& list,
             const ConversationView* open);
  // Drops the conversation with `peer`.
  void Remove(const std::string& peer);
  // Forgets everything (a new session).
  void Clear();

 private:
  void Sort();

  std::vector<ConversationSummary> conversations_;
  bool loaded_ = false;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CONVERSATION_LIST_MODEL_H_
