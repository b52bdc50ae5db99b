// The desktop client's view-model: every piece of state the window shows and
// every intent the user can express, with no drawing in it (the window,
// chat_window.h, draws this and calls the intents; tests drive it directly
// against a real server).
//
// RPCs run on a background worker, one at a time in the order asked; the live
// Subscribe stream runs on gRPC's threads. Their results and events reach the
// state only through Poll(), which the UI thread calls once per frame. Each
// time something arrives for Poll(), the `wake` function given at construction
// is called (from the arriving thread), so a frame loop can sleep until then
// (glfwPostEmptyEvent).
//
// Thread safety: everything except the constructor's `wake` callback runs on
// one thread, the UI thread that constructed the object. Intents never block on
// the network. Errors: nothing is returned; errors become text in the state,
// next to the field they concern (ConnectForm, SignInForm,
// ConversationView::composer_error, ...) or as notices().
#ifndef PARLEY_CLIENT_GUI_CHAT_VIEW_MODEL_H_
#define PARLEY_CLIENT_GUI_CHAT_VIEW_MODEL_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "client/chat_client.h"
#include "client/gui/background_worker.h"
#include "client/gui/main_thread_queue.h"
#include "client/gui/view_state.h"
#include "client/live_subscription.h"
#include "interceptors/byte_counter.h"

namespace parley::gui {

struct ViewModelOptions {
  std::string server_address = "127.0.0.1:50051";
  // PEM CA file; non-empty turns TLS on in the connect form.
  std::string tls_ca_path;
  // The server's --max_message_chars (the API does not publish it; 256 by
  // default).
  int max_message_chars = 256;
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

  Screen screen() const { return screen_; }
  // The forms' text fields may be edited in place by the window.
  ConnectForm& connect_form() { return connect_; }
  SignInForm& sign_in_form() { return sign_in_; }
  // The address of the server the client talks to (set by Connect).
  const std::string& server_address() const { return server_address_; }
  // The signed-in account's name as registered ("" when signed out).
  const std::string& username() const { return username_; }
  // Unread messages to the signed-in account: the sign-in's count until the
  // conversation list arrives, then the list's total, kept current by the live
  // stream.
  int64_t total_unread() const;
  // Most recent activity first.
  const std::vector<ConversationSummary>& conversations() const {
    return conversations_;
  }
  bool conversations_loaded() const { return conversations_loaded_; }
  // The open conversation, or null.
  ConversationView* conversation_view() { return view_.get(); }
  const ConversationView* conversation_view() const { return view_.get(); }
  // Unread messages from `peer` not shown yet (0 for an unknown peer).
  int64_t UnreadFrom(const std::string& peer) const;
  // Messages to `peer` sent but not yet confirmed, oldest first.
  std::vector<PendingMessage> PendingTo(const std::string& peer) const;
  AccountSearch& search() { return search_; }
  Dialog dialog() const { return dialog_; }
  // What deleting the account will remove, in words, for the confirmation
  // dialog.
  std::string DeleteAccountWarning() const;
  const LinkStatus& link() const { return link_; }
  // Payload bytes sent and received by this client so far (all servers, all
  // sessions).
  MethodBytes bytes() const { return bytes_.Total(); }
  // Newest last; at most a handful are kept.
  const std::deque<Notice>& notices() const { return notices_; }
  int max_message_chars() const { return options_.max_message_chars; }
  // The composer's length in Unicode characters (0 without an open
  // conversation).
  int ComposerLength() const;
  // The composer holds 1 to max_message_chars characters that are not all
  // blank.
  bool CanSend() const;

  // --- Intents ---

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
  void SignOut();

  // Account search, paged (the search() fields hold the pattern and the
  // results).
  void Search();
  void NextSearchPage();
  void PreviousSearchPage();

  // Opens the conversation with `peer` (any account, even without messages yet)
  // and loads its newest page of history. The composer's draft of the previous
  // one is kept.
  void OpenConversation(const std::string& peer);
  void CloseConversation();
  // Loads the page of history before the oldest message shown.
  void LoadOlder();
  // Shows the next read_batch unread messages from the peer and marks them
  // read.
  void ReadUnread();
  // Sends the composer's text to the open conversation's peer.
  void Send();

  void ToggleSelected(int64_t id);
  void ClearSelection();
  // Asks to confirm deleting the selected messages (Dialog::kDeleteMessages).
  void RequestDeleteSelected();
  // Asks to confirm deleting the account (Dialog::kDeleteAccount).
  void RequestDeleteAccount();
  // Does what the open dialog asked about.
  void ConfirmDialog();
  void CancelDialog();

  void DismissNotice(size_t index);

 private:
  struct SignInResult;
  enum class PageStep { kFirst, kNext, kPrevious };

  // Runs `call(client)` on the worker, then `apply(result)` on the UI thread,
  // unless the session or server changed in between.
  template <typename Call, typename Apply>
  void Async(Call call, Apply apply);

  void AddNotice(bool error, std::string text);
  void ApplyProbe(const std::string& address, const absl::Status& status);
  void ApplySignIn(const SignInResult& result);
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
  void ApplyLiveMessage(const chat::v1::Message& message);
  void RefreshConversations();
  void ApplyConversations(const chat::v1::ListConversationsResponse& list);
  void LoadNewest();
  void ApplyHistory(const std::string& peer, bool newest,
                    const chat::v1::GetHistoryResponse& page);
  void ApplySearch(const std::string& token, PageStep step,
                   const chat::v1::ListAccountsResponse& page);
  void FetchSearchPage(const std::string& token, PageStep step);
  void ApplySent(const PendingMessage& pending,
                 const absl::StatusOr<chat::v1::SendMessageResponse>& sent);
  void MarkShownRead(const std::vector<int64_t>& ids);
  ConversationSummary& SummaryFor(const std::string& peer);
  void NoteMessage(const chat::v1::Message& message, const std::string& peer);
  void SortConversations();
  bool IsOpen(const std::string& peer) const;
  // The other party of a message to or from the signed-in account.
  std::string PeerOf(const chat::v1::Message& message) const;

  const ViewModelOptions options_;
  MainThreadQueue queue_;
  ByteCounter bytes_;

  Screen screen_ = Screen::kConnect;
  ConnectForm connect_;
  SignInForm sign_in_;
  std::string server_address_;
  std::string username_;
  int64_t login_unread_ = 0;
  std::vector<ConversationSummary> conversations_;
  bool conversations_loaded_ = false;
  std::unique_ptr<ConversationView> view_;
  std::map<std::string, std::string> drafts_;  // by lower-case peer
  std::vector<PendingMessage> pending_;
  int64_t next_local_id_ = 1;
  AccountSearch search_;
  Dialog dialog_ = Dialog::kNone;
  LinkStatus link_;
  std::deque<Notice> notices_;
  // DeleteAccount is in flight: the stream's end is its doing, not a lost
  // session.
  bool deleting_account_ = false;
  // Bumped when the session or the server changes; results of older requests
  // are dropped.
  uint64_t epoch_ = 0;

  // Declared last: destroyed first, so no callback or task outlives the state
  // above.
  std::shared_ptr<ChatClient> client_;
  BackgroundWorker worker_;
  std::unique_ptr<LiveSubscription> subscription_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CHAT_VIEW_MODEL_H_
