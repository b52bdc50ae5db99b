#include "client/gui/chat_view_model.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"
#include "client/gui/names.h"

namespace parley::gui {
namespace {

std::string Plural(int64_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace

ChatViewModel::ChatViewModel(ViewModelOptions options,
                             std::function<void()> wake)
    : options_(std::move(options)),
      calls_(std::move(wake)),
      session_(&calls_, &notices_, &bytes_, options_.call_timeout,
               [this](const chat::v1::CompleteLoginResponse& login) {
                 StartSession(login);
               }),
      conversation_(&calls_, &conversations_, &notices_, &session_,
                    {.history_page_size = options_.history_page_size,
                     .max_message_chars = options_.max_message_chars},
                    [this] { RefreshConversations(); }),
      search_(&calls_, options_.search_page_size) {
  ConnectForm& form = session_.connect_form();
  form.protocol = options_.protocol;
  form.address = options_.server_address;
  form.use_tls = !options_.tls_ca_path.empty();
  form.ca_path = options_.tls_ca_path;
}

ChatViewModel::~ChatViewModel() {
  // Stop the stream before the client (and its channel) goes.
  subscription_.reset();
}

bool ChatViewModel::Poll() { return calls_.RunPending(); }

// --- State ---

bool ChatViewModel::IsOwnName(const std::string& name) const {
  return SameName(name, session_.username());
}

int64_t ChatViewModel::total_unread() const {
  if (!conversations_.loaded()) return session_.login_unread();
  return conversations_.TotalUnread();
}

std::string ChatViewModel::DeleteAccountWarning() const {
  const std::string& name = session_.username();
  std::string what;
  if (conversations_.loaded()) {
    what = absl::StrCat(
        "all ", Plural(conversations_.TotalMessages(), "message", "messages"),
        " of your ",
        Plural(static_cast<int64_t>(conversations_.conversations().size()),
               "conversation", "conversations"),
        ", sent and received");
  } else {
    what = "every message you sent or received";
  }
  return absl::StrCat(
      "Deleting the account ", name, " cannot be undone. It removes:\n",
      "  - your sign-in, and every session of it on every device;\n", "  - ",
      what, ". They disappear for the people you talked with too.\n",
      "The name ", name, " becomes free for anyone to register.");
}

// --- Sessions ---

std::optional<TcpBytes> ChatViewModel::tcp_bytes() const {
  if (session_.server_protocol() == Protocol::kGrpc) return std::nullopt;
  return bytes_.Tcp();
}

void ChatViewModel::Connect() { session_.Connect(); }

void ChatViewModel::ChangeServer() { session_.ChangeServer(); }

void ChatViewModel::SignIn() { session_.SignIn(); }

void ChatViewModel::UseAnotherName() { session_.UseAnotherName(); }

void ChatViewModel::ClearSessionState() {
  calls_.NewEpoch();
  conversations_.Clear();
  conversation_.Clear();
  search_.Clear();
  dialog_ = Dialog::kNone;
  deleting_account_ = false;
}

void ChatViewModel::StartSession(const chat::v1::CompleteLoginResponse& login) {
  ClearSessionState();
  session_.Enter(login);
  // The conversation list is loaded once the stream is live (ApplyLinkState),
  // so nothing stored between the two is missed.
  StartSubscription();
}

void ChatViewModel::EndSession(const std::string& why, bool is_error,
                               bool name_exists) {
  ClearSessionState();
  subscription_.reset();
  link_ = LinkStatus();
  session_.Leave(why, is_error, name_exists);
}

void ChatViewModel::SignOut() {
  if (screen() != Screen::kChat) return;
  calls_.Run([](ChatClient& c) { return c.Logout(); },
             [](const absl::Status&) {});
  EndSession(absl::StrCat("Signed out of ", username(), "."), false, true);
}

// --- The live stream ---

void ChatViewModel::StartSubscription() {
  subscription_.reset();
  link_ = LinkStatus();
  link_.state = LinkState::kConnecting;
  const uint64_t epoch = calls_.epoch();
  LiveSubscription::Callbacks callbacks;
  callbacks.on_event = [this, epoch](const chat::v1::Event& event) {
    calls_.Post(epoch, [this, event] { ApplyEvent(event); });
  };
  callbacks.on_state = [this, epoch](LiveSubscription::State state,
                                     const absl::Status& status) {
    calls_.Post(epoch,
                [this, state, status] { ApplyLinkState(state, status); });
  };
  subscription_ = calls_.client()->Subscribe(std::nullopt, std::move(callbacks),
                                             options_.backoff);
}

void ChatViewModel::ApplyLinkState(LiveSubscription::State state,
                                   const absl::Status& status) {
  switch (state) {
    case LiveSubscription::State::kConnecting:
      // While retrying, keep saying "reconnecting" rather than flicker.
      if (link_.state != LinkState::kReconnecting) {
        link_.state = LinkState::kConnecting;
      }
      return;
    case LiveSubscription::State::kLive:
      link_ = LinkStatus();
      link_.state = LinkState::kLive;
      // Live again (or for the first time): whatever happened while the stream
      // was down is in the server's lists, not in the stream, so fetch them.
      RefreshConversations();
      conversation_.LoadNewest();
      return;
    case LiveSubscription::State::kReconnecting:
      link_.state = LinkState::kReconnecting;
      link_.reason = std::string{status.message()};
      ++link_.attempts;
      return;
    case LiveSubscription::State::kStopped:
      if (deleting_account_) {
        return;  // the DeleteAccount answer says what happened
      }
      if (absl::IsUnauthenticated(status)) {
        EndSession(absl::StrCat("Your session ended: ", status.message(),
                                ". Sign in again."),
                   true, false);
        return;
      }
      link_.state = LinkState::kStopped;
      link_.reason = std::string{status.message()};
      notices_.Add(true,
                   absl::StrCat("Live updates stopped: ", Sentence(status)));
      return;
  }
}

void ChatViewModel::ApplyEvent(const chat::v1::Event& event) {
  switch (event.kind_case()) {
    case chat::v1::Event::kMessage:
      conversation_.ApplyLiveMessage(event.message());
      return;
    case chat::v1::Event::kMessagesDeleted:
      conversation_.ApplyDeleted(event.messages_deleted());
      // Counts and last messages may have changed; the server has them right.
      RefreshConversations();
      return;
    case chat::v1::Event::kAccountDeleted: {
      const std::string& name = event.account_deleted().username();
      conversations_.Remove(name);
      conversation_.ForgetPeer(name);
      notices_.Add(false, absl::StrCat(name,
                                       " deleted their account; your "
                                       "conversation with them is gone."));
      return;
    }
    case chat::v1::Event::kCaughtUp:
      session_.set_login_unread(event.caught_up().unread_count());
      return;
    case chat::v1::Event::KIND_NOT_SET:
      return;
  }
}

void ChatViewModel::RefreshConversations() {
  calls_.Run(
      [](ChatClient& c) { return c.ListConversations(); },
      [this](const absl::StatusOr<chat::v1::ListConversationsResponse>& list) {
        if (!list.ok()) {
          notices_.Add(true, absl::StrCat("Could not load your conversations: ",
                                          DescribeError(list.status())));
          return;
        }
        conversations_.Merge(*list, conversation_.view());
      });
}

// --- Conversations and search ---

void ChatViewModel::OpenConversation(const std::string& peer) {
  if (screen() != Screen::kChat) return;
  // The selection a delete dialog asked about belongs to the one closed.
  if (conversation_.Open(peer) && dialog_ == Dialog::kDeleteMessages) {
    dialog_ = Dialog::kNone;
  }
}

void ChatViewModel::CloseConversation() {
  conversation_.Close();
  if (dialog_ == Dialog::kDeleteMessages) dialog_ = Dialog::kNone;
}

void ChatViewModel::LoadOlder() { conversation_.LoadOlder(); }

void ChatViewModel::ReadUnread() { conversation_.ReadUnread(); }

void ChatViewModel::Send() { conversation_.Send(); }

void ChatViewModel::ToggleSelected(int64_t id) {
  conversation_.ToggleSelected(id);
}

void ChatViewModel::ClearSelection() { conversation_.ClearSelection(); }

void ChatViewModel::Search() {
  if (screen() == Screen::kChat) search_.Search();
}

void ChatViewModel::NextSearchPage() { search_.NextPage(); }

void ChatViewModel::PreviousSearchPage() { search_.PreviousPage(); }

// --- Dialogs ---

void ChatViewModel::RequestDeleteSelected() {
  const ConversationView* view = conversation_.view();
  if (view && !view->selected.empty() && !view->deleting) {
    dialog_ = Dialog::kDeleteMessages;
  }
}

void ChatViewModel::RequestDeleteAccount() {
  if (screen() == Screen::kChat && !deleting_account_) {
    dialog_ = Dialog::kDeleteAccount;
  }
}

void ChatViewModel::CancelDialog() { dialog_ = Dialog::kNone; }

void ChatViewModel::ConfirmDialog() {
  const Dialog dialog = dialog_;
  dialog_ = Dialog::kNone;
  if (dialog == Dialog::kDeleteMessages) {
    conversation_.DeleteSelected();
  } else if (dialog == Dialog::kDeleteAccount && screen() == Screen::kChat) {
    DeleteAccount();
  }
}

void ChatViewModel::DeleteAccount() {
  deleting_account_ = true;
  const std::string name = username();
  calls_.Run(
      [](ChatClient& c) { return c.DeleteAccount(); },
      [this,
       name](const absl::StatusOr<chat::v1::DeleteAccountResponse>& deleted) {
        if (!deleted.ok()) {
          deleting_account_ = false;
          notices_.Add(true, absl::StrCat("Your account was not deleted: ",
                                          DescribeError(deleted.status())));
          return;
        }
        EndSession(absl::StrCat("Deleted the account ", name, " and ",
                                Plural(deleted->deleted_messages(), "message",
                                       "messages"),
                                "."),
                   false, false);
      });
}

void ChatViewModel::DismissNotice(size_t index) { notices_.Dismiss(index); }

}  // namespace parley::gui
