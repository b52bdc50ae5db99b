// The desktop client's view-model: every piece of state the window shows and
// every intent the user can express, with no drawing in it (the window,
// chat_window.h, draws this and calls the intents; tests drive it directly
// against a real server). It is a facade over its parts, one per area of the
// window: SessionModel (connect, sign in), ConversationListModel (the chats),
// ConversationModel (the open conversation), AccountSearchModel (find people)
// and NoticeList. It holds what ties them together: a session's start and
// end, the live stream and what its events change, and the dialogs.
//
// RPCs run on a background worker, one at a time in the order asked; the live
// Subscribe stream runs on the transport's threads. Their results and events
// reach the state only through Poll(), which the UI thread calls once per
// frame. Each time something arrives for Poll(), the `wake` function given at
// construction is called (from the arriving thread), so a frame loop can sleep
// until then (glfwPostEmptyEvent).
//
// Thread safety: everything except the constructor's `wake` callback runs on
// one thread, the UI thread that constructed the object. Intents never block on
// the network. Errors: nothing is returned; errors become text in the state,
// next to the field they concern (ConnectForm, SignInForm,
// ConversationView::composer_error, ...) or as notices().
#ifndef PARLEY_CLIENT_GUI_CHAT_VIEW_MODEL_H_
#define PARLEY_CLIENT_GUI_CHAT_VIEW_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chat/v1/chat.pb.h"
#include "client/gui/account_search_model.h"
#include "client/gui/async_caller.h"
#include "client/gui/conversation_list_model.h"
#include "client/gui/conversation_model.h"
#include "client/gui/notice_list.h"
#include "client/gui/session_model.h"
#include "client/gui/view_state.h"
#include "client/live_subscription.h"
#include "common/text_rules.h"
#include "interceptors/byte_counter.h"

namespace parley::gui {

struct ViewModelOptions {
  // What the connect form starts with.
  Protocol protocol = Protocol::kGrpc;
  std::string server_address = "127.0.0.1:50051";
  // PEM CA file; non-empty turns TLS on in the connect form.
  std::string tls_ca_path;
  // The server's --max_message_chars (the API does not publish it).
  int max_message_chars = static_cast<int>(kDefaultMaxMessageChars);
  int history_page_size = 30;
  int search_page_size = 20;
  absl::Duration call_timeout = absl::Seconds(10);
  LiveSubscription::Backoff backoff;
};

class ChatViewModel {
 public:
  ChatViewModel(ViewModelOptions options, std::function<void()> wake);
  // Stops the stream and the worker (waiting for an RPC in flight to end).
  ~ChatViewModel();
  ChatViewModel(const ChatViewModel&) = delete;
  ChatViewModel& operator=(const ChatViewModel&) = delete;

  // Applies the RPC results and stream events that arrived since the last call.
  // Returns whether anything was applied (the window then has something new to
  // draw).
  bool Poll();

  // --- State ---

  Screen screen() const { return session_.screen(); }
  // The forms' text fields may be edited in place by the window.
  ConnectForm& connect_form() { return session_.connect_form(); }
  SignInForm& sign_in_form() { return session_.sign_in_form(); }
  // The address of the server the client talks to (set by Connect).
  const std::string& server_address() const {
    return session_.server_address();
  }
  // The protocol that address speaks.
  Protocol server_protocol() const { return session_.server_protocol(); }
  // The signed-in account's name as registered ("" when signed out).
  const std::string& username() const { return session_.username(); }
  // Whether `name` is the signed-in account's (names compare as the server
  // compares them).
  bool IsOwnName(const std::string& name) const;
  // Unread messages to the signed-in account: the sign-in's count until the
  // conversation list arrives, then the list's total, kept current by the live
  // stream.
  int64_t total_unread() const;
  // Most recent activity first.
  const std::vector<ConversationSummary>& conversations() const {
    return conversations_.conversations();
  }
  bool conversations_loaded() const { return conversations_.loaded(); }
  // The open conversation, or null.
  ConversationView* conversation_view() { return conversation_.view(); }
  const ConversationView* conversation_view() const {
    return conversation_.view();
  }
  // Whether the conversation with `peer` is the open one.
  bool IsOpen(const std::string& peer) const {
    return conversation_.IsOpen(peer);
  }
  // Unread messages from `peer` not shown yet (0 for an unknown peer).
  int64_t UnreadFrom(const std::string& peer) const {
    return conversations_.UnreadFrom(peer);
  }
  // Messages to `peer` sent but not yet confirmed, oldest first.
  std::vector<PendingMessage> PendingTo(const std::string& peer) const {
    return conversation_.PendingTo(peer);
  }
  AccountSearch& search() { return search_.search(); }
  Dialog dialog() const { return dialog_; }
  // What deleting the account will remove, in words, for the confirmation
  // dialog.
  std::string DeleteAccountWarning() const;
  const LinkStatus& link() const { return link_; }
  // Payload bytes sent and received by this client so far (all servers, all
  // sessions; interceptors/byte_counter.h says what they are).
  MethodBytes bytes() const { return bytes_.Total(); }
  // The bytes that crossed TCP so far, when the protocol counts them (the
  // socket protocols do; gRPC keeps its sockets to itself): nullopt for gRPC.
  std::optional<TcpBytes> tcp_bytes() const;
  // Newest last; at most a handful are kept.
  const std::deque<Notice>& notices() const { return notices_.notices(); }
  int max_message_chars() const { return options_.max_message_chars; }
  // The composer's length in Unicode characters (0 without an open
  // conversation).
  int ComposerLength() const { return conversation_.ComposerLength(); }
  // The composer holds 1 to max_message_chars characters that are not all
  // blank.
  bool CanSend() const { return conversation_.CanSend(); }

  // --- Intents ---

  // Connect screen: picks the protocol (SessionModel::ChooseProtocol).
  void ChooseProtocol(Protocol protocol) { session_.ChooseProtocol(protocol); }
  // Connect screen: builds a client for connect_form() and checks that a Parley
  // server answers there; on success, the sign-in screen follows.
  void Connect();
  // Sign-in screen: back to the connect screen.
  void ChangeServer();
  // Sign-in screen: creates the account and signs in; if the name is taken,
  // signs in to it with the password given (the notebook's flow). A wrong
  // password for a taken name turns the form into that account's password
  // prompt.
  void SignIn();
  // Leaves the password prompt of an existing account to type another name.
  void UseAnotherName();
  // Chat screen: ends the session on the server (in the background) and goes
  // back to the sign-in screen, forgetting this session's state.
  void SignOut();

  // Account search, paged (the search() fields hold the pattern and the
  // results).
  void Search();
  // The page after, or before, the one shown; nothing while one is loading.
  void NextSearchPage();
  void PreviousSearchPage();

  // Opens the conversation with `peer` (any account, even without messages yet)
  // and loads its newest page of history. The composer's draft of the previous
  // one is kept.
  void OpenConversation(const std::string& peer);
  // Closes the open conversation, keeping its composer's text as a draft.
  void CloseConversation();
  // Loads the page of history before the oldest message shown.
  void LoadOlder();
  // Sets the N of "show the next N unread", kept within 1 to the server's read
  // limit.
  void SetReadBatch(int batch) { conversation_.SetReadBatch(batch); }
  // Shows the next read_batch unread messages from the peer and marks them
  // read.
  void ReadUnread();
  // Sends the composer's text to the open conversation's peer.
  void Send();

  // Ticks or unticks a shown message for deletion.
  void ToggleSelected(int64_t id);
  void ClearSelection();
  // Asks to confirm deleting the selected messages (Dialog::kDeleteMessages).
  void RequestDeleteSelected();
  // Asks to confirm deleting the account (Dialog::kDeleteAccount).
  void RequestDeleteAccount();
  // Does what the open dialog asked about.
  void ConfirmDialog();
  // Closes the open dialog; nothing is done.
  void CancelDialog();

  // Removes notices()[index]; out of range does nothing.
  void DismissNotice(size_t index);

 private:
  void RefreshConversations();
  // Forgets everything of the previous session (conversations, drafts, dialogs)
  // and bumps the epoch so replies to its calls are ignored.
  void ClearSessionState();
  void StartSession(const chat::v1::CompleteLoginResponse& login);
  // Back to the sign-in screen with `why` as the form's message (errors) or a
  // notice.
  void EndSession(const std::string& why, bool is_error, bool name_exists);
  void StartSubscription();
  void ApplyLinkState(LiveSubscription::State state,
                      const absl::Status& status);
  void ApplyEvent(const chat::v1::Event& event);
  void DeleteAccount();

  const ViewModelOptions options_;
  // Before the caller and its clients, whose channels count into it.
  ByteCounter bytes_;
  AsyncCaller calls_;
  NoticeList notices_;
  SessionModel session_;
  ConversationListModel conversations_;
  ConversationModel conversation_;
  AccountSearchModel search_;
  Dialog dialog_ = Dialog::kNone;
  LinkStatus link_;
  // DeleteAccount is in flight: the stream's end is its doing, not a lost
  // session.
  bool deleting_account_ = false;
  // Declared last: stopped first, so no stream callback outlives the rest.
  std::unique_ptr<LiveSubscription> subscription_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CHAT_VIEW_MODEL_H_
