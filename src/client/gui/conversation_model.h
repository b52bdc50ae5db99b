// The open conversation of the desktop client: its transcript (history pages,
// unread messages revealed N at a time, live messages), the composer with its
// sends in flight, the selection and its deletion, and the drafts of the
// conversations not open. A part of ChatViewModel (chat_view_model.h).
//
// Thread safety: the UI thread only. Errors become text in the
// ConversationView (error, composer_error) or notices.
#ifndef PARLEY_CLIENT_GUI_CONVERSATION_MODEL_H_
#define PARLEY_CLIENT_GUI_CONVERSATION_MODEL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chat/v1/chat.pb.h"
#include "client/gui/async_caller.h"
#include "client/gui/conversation_list_model.h"
#include "client/gui/notice_list.h"
#include "client/gui/session_model.h"
#include "client/gui/view_state.h"

namespace parley::gui {

class ConversationModel {
 public:
  struct Limits {
    int history_page_size = 30;
    // The server's --max_message_chars, in Unicode characters.
    int max_message_chars = 0;
  };

  // Not owned, all must outlive this. `session` says who is signed in;
  // `refresh_list` asks for the conversation list again (after a deletion).
  ConversationModel(AsyncCaller* calls, ConversationListModel* list,
                    NoticeList* notices, const SessionModel* session,
                    Limits limits, std::function<void()> refresh_list);

  // The open conversation, or null.
  ConversationView* view() { return view_.get(); }
  const ConversationView* view() const { return view_.get(); }
  // Whether the conversation with `peer` is the open one.
  bool IsOpen(const std::string& peer) const;
  // Messages to `peer` sent but not yet confirmed, oldest first.
  std::vector<PendingMessage> PendingTo(const std::string& peer) const;
  // The composer's length in Unicode characters (0 with nothing open).
  int ComposerLength() const;
  // The composer holds 1 to max_message_chars characters, not all blank.
  bool CanSend() const;

  // Opens the conversation with `peer` (closing the open one) and loads its
  // newest page. False, changing nothing, for a blank or already open peer.
  bool Open(const std::string& peer);
  // Closes it, keeping the composer's text as the peer's draft.
  void Close();
  // Loads the newest page again (what a stream that was down may have
  // missed).
  void LoadNewest();
  // Loads the page before the oldest message shown.
  void LoadOlder();
  // How many unread messages "read N" shows: 1 to the server's read limit.
  void SetReadBatch(int batch);
  // Shows the next read_batch unread messages from the peer (marking them
  // read on the server).
  void ReadUnread();
  // Sends the composer's text to the peer; it shows as pending until stored.
  void Send();
  // Ticks or unticks a shown message for deletion.
  void ToggleSelected(int64_t id);
  void ClearSelection();
  // Deletes the selected messages for both sides, then asks for the list.
  void DeleteSelected();

  // A message the stream brought: shown (and marked read) in the open
  // conversation if nothing older waits to be read, else counted unread.
  void ApplyLiveMessage(const chat::v1::Message& message);
  // Messages deleted by either side disappear from the open conversation.
  void ApplyDeleted(const chat::v1::MessagesDeleted& deleted);
  // `peer`'s account is gone: its conversation closes, its draft goes.
  void ForgetPeer(const std::string& peer);
  // Forgets everything (a new session).
  void Clear();

 private:
  void ApplyHistory(const std::string& peer, bool newest,
                    const chat::v1::GetHistoryResponse& page);
  void ApplySent(const PendingMessage& pending,
                 const absl::StatusOr<chat::v1::SendMessageResponse>& sent);
  void MarkShownRead(const std::vector<int64_t>& ids);
  // The other party of a message to or from the signed-in account.
  std::string PeerOf(const chat::v1::Message& message) const;

  AsyncCaller* const calls_;
  ConversationListModel* const list_;
  NoticeList* const notices_;
  const SessionModel* const session_;
  const Limits limits_;
  const std::function<void()> refresh_list_;

  std::unique_ptr<ConversationView> view_;
  std::map<std::string, std::string> drafts_;  // by NameKey of the peer
  std::vector<PendingMessage> pending_;
  int64_t next_local_id_ = 1;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CONVERSATION_MODEL_H_
