#include "client/gui/chat_view_model.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/gui/display_text.h"

namespace parley::gui {
namespace {

constexpr size_t kMaxNotices = 4;
// The server's default --max_read_limit: the most one ReadMessages call may ask
// for.
constexpr int kMaxReadBatch = 100;
// How much of an unsent text an error quotes.
constexpr size_t kQuoteLength = 40;

bool IsBlank(const std::string& text) {
  return absl::StripAsciiWhitespace(text).empty();
}

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

std::string Quote(const std::string& text) {
  if (text.size() <= kQuoteLength) return absl::StrCat("\"", text, "\"");
  size_t cut = kQuoteLength;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat("\"", text.substr(0, cut), "...\"");
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace

struct ChatViewModel::SignInResult {
  std::string name;
  bool created = false;
  bool existed = false;
  absl::Status create_status;
  absl::StatusOr<chat::v1::CompleteLoginResponse> login =
      absl::UnknownError("not attempted");
};

template <typename Call, typename Apply>
void ChatViewModel::Async(Call call, Apply apply) {
  if (client_ == nullptr) return;
  std::shared_ptr<ChatClient> client = client_;
  const uint64_t epoch = epoch_;
  worker_.Post([this, client, epoch, call = std::move(call),
                apply = std::move(apply)]() {
    auto result = call(*client);
    queue_.Post([this, epoch, apply, result = std::move(result)]() {
      if (epoch == epoch_) apply(result);
    });
  });
}

ChatViewModel::ChatViewModel(ViewModelOptions options,
                             std::function<void()> wake)
    : options_(std::move(options)), queue_(std::move(wake)) {
  connect_.address = options_.server_address;
  connect_.use_tls = !options_.tls_ca_path.empty();
  connect_.ca_path = options_.tls_ca_path;
}

ChatViewModel::~ChatViewModel() {
  // Stop the stream before the client (and its channel) goes.
  subscription_.reset();
}

bool ChatViewModel::Poll() { return queue_.RunPending(); }

// --- State ---

int64_t ChatViewModel::total_unread() const {
  if (!conversations_loaded_) return login_unread_;
  int64_t total = 0;
  for (const ConversationSummary& c : conversations_) total += c.unread;
  return total;
}

int64_t ChatViewModel::UnreadFrom(const std::string& peer) const {
  for (const ConversationSummary& c : conversations_) {
    if (SameName(c.peer, peer)) return c.unread;
  }
  return 0;
}

std::vector<PendingMessage> ChatViewModel::PendingTo(
    const std::string& peer) const {
  std::vector<PendingMessage> out;
  for (const PendingMessage& p : pending_) {
    if (SameName(p.peer, peer)) out.push_back(p);
  }
  return out;
}

std::string ChatViewModel::DeleteAccountWarning() const {
  std::string what;
  if (conversations_loaded_) {
    int64_t messages = 0;
    for (const ConversationSummary& c : conversations_) {
      messages += c.message_count;
    }
    what = absl::StrCat("all ", Plural(messages, "message", "messages"),
                        " of your ",
                        Plural(static_cast<int64_t>(conversations_.size()),
                               "conversation", "conversations"),
                        ", sent and received");
  } else {
    what = "every message you sent or received";
  }
  return absl::StrCat(
      "Deleting the account ", username_, " cannot be undone. It removes:\n",
      "  - your sign-in, and every session of it on every device;\n", "  - ",
      what, ". They disappear for the people you talked with too.\n",
      "The name ", username_, " becomes free for anyone to register.");
}

int ChatViewModel::ComposerLength() const {
  return view_ ? CountCodePoints(view_->composer) : 0;
}

bool ChatViewModel::CanSend() const {
  if (!view_ || IsBlank(view_->composer)) return false;
  return ComposerLength() <= options_.max_message_chars;
}

// --- Connecting and signing in ---

void ChatViewModel::Connect() {
  ConnectForm& form = connect_;
  if (form.busy) return;
  form.address_error.clear();
  form.ca_error.clear();
  const std::string address = Trimmed(form.address);
  if (address.empty()) {
    form.address_error = "Enter the server's address, e.g. 127.0.0.1:50051.";
    return;
  }
  if (form.use_tls && IsBlank(form.ca_path)) {
    form.ca_error =
        "Enter the CA certificate (a PEM file) that signed the server's "
        "certificate.";
    return;
  }
  ClientOptions options;
  options.address = address;
  options.tls_ca_path = form.use_tls ? Trimmed(form.ca_path) : "";
  options.bytes = &bytes_;
  options.call_timeout = options_.call_timeout;
  absl::StatusOr<std::unique_ptr<ChatClient>> client =
      ChatClient::Connect(options);
  if (!client.ok()) {
    form.ca_error = Sentence(client.status());
    return;
  }
  ++epoch_;
  client_ = *std::move(client);
  form.busy = true;
  // Without a token every RPC but sign-in answers UNAUTHENTICATED: proof that a
  // Parley server is there, at the cost of one tiny call and nothing stored.
  Async([](ChatClient& c) { return c.ListAccounts("", 1, "").status(); },
        [this, address](const absl::Status& status) {
          ApplyProbe(address, status);
        });
}

void ChatViewModel::ApplyProbe(const std::string& address,
                               const absl::Status& status) {
  connect_.busy = false;
  if (status.ok() || absl::IsUnauthenticated(status)) {
    server_address_ = address;
    sign_in_.error.clear();
    screen_ = Screen::kSignIn;
    return;
  }
  if (absl::IsUnimplemented(status)) {
    connect_.address_error = absl::StrCat("Something answers at ", address,
                                          ", but it is not a Parley server.");
  } else if (absl::IsUnavailable(status)) {
    connect_.address_error =
        absl::StrCat("Cannot reach ", address, ": ", status.message(), ".");
  } else {
    connect_.address_error = DescribeError(status);
  }
}

void ChatViewModel::ChangeServer() {
  if (screen_ != Screen::kSignIn) return;
  ++epoch_;
  sign_in_.busy = false;
  connect_.busy = false;
  screen_ = Screen::kConnect;
}

void ChatViewModel::SignIn() {
  SignInForm& form = sign_in_;
  if (form.busy || client_ == nullptr || screen_ != Screen::kSignIn) return;
  form.name_error.clear();
  form.password_error.clear();
  form.error.clear();
  const std::string name = Trimmed(form.name);
  if (name.empty()) {
    form.name_error = "Enter a name.";
    return;
  }
  if (form.password.empty()) {
    form.password_error = "Enter a password.";
    return;
  }
  form.name = name;
  form.busy = true;
  const bool existing = form.existing_account;
  const std::string password = form.password;
  Async(
      [name, password, existing](ChatClient& c) {
        SignInResult result;
        result.name = name;
        result.existed = existing;
        if (!existing) {
          absl::StatusOr<chat::v1::CreateAccountResponse> created =
              c.CreateAccount(name, password);
          if (created.ok()) {
            result.created = true;
          } else if (absl::IsAlreadyExists(created.status())) {
            result.existed = true;
          } else {
            result.create_status = created.status();
            return result;
          }
        }
        result.login = c.Login(name, password);
        return result;
      },
      [this](const SignInResult& result) { ApplySignIn(result); });
}

void ChatViewModel::ApplySignIn(const SignInResult& result) {
  SignInForm& form = sign_in_;
  form.busy = false;
  const absl::Status& created = result.create_status;
  if (!created.ok()) {
    if (absl::IsInvalidArgument(created)) {
      form.name_error = Sentence(created);
    } else {
      form.error = DescribeError(created);
    }
    return;
  }
  if (result.existed || result.created) form.existing_account = true;
  if (!result.login.ok()) {
    const absl::Status& status = result.login.status();
    if (absl::IsUnauthenticated(status)) {
      form.password.clear();
      form.password_error =
          result.existed ? absl::StrCat("Wrong password for ", result.name, ".")
                         : Sentence(status);
    } else if (absl::IsResourceExhausted(status)) {
      form.password_error = Sentence(status);
    } else if (absl::IsNotFound(status)) {
      form.error = "The sign-in took too long and expired. Try again.";
    } else {
      form.error = DescribeError(status);
    }
    return;
  }
  form.password.clear();
  if (result.created) {
    AddNotice(false, absl::StrCat("Created the account ",
                                  result.login->username(), "."));
  }
  StartSession(*result.login);
}

void ChatViewModel::UseAnotherName() {
  if (sign_in_.busy) return;
  sign_in_ = SignInForm();
}

void ChatViewModel::ClearSessionState() {
  ++epoch_;
  conversations_.clear();
  conversations_loaded_ = false;
  view_.reset();
  drafts_.clear();
  pending_.clear();
  search_ = AccountSearch();
  dialog_ = Dialog::kNone;
  deleting_account_ = false;
}

void ChatViewModel::StartSession(const chat::v1::CompleteLoginResponse& login) {
  ClearSessionState();
  username_ = login.username();
  login_unread_ = login.unread_count();
  screen_ = Screen::kChat;
  AddNotice(false, absl::StrCat("Signed in as ", username_, ". You have ",
                                Plural(login_unread_, "unread message",
                                       "unread messages"),
                                "."));
  // The conversation list is loaded once the stream is live (ApplyLinkState),
  // so nothing stored between the two is missed.
  StartSubscription();
}

void ChatViewModel::EndSession(const std::string& why, bool is_error,
                               bool name_exists) {
  ClearSessionState();
  subscription_.reset();
  username_.clear();
  login_unread_ = 0;
  link_ = LinkStatus();
  sign_in_.password.clear();
  sign_in_.busy = false;
  sign_in_.existing_account = name_exists;
  sign_in_.name_error.clear();
  sign_in_.password_error.clear();
  sign_in_.error = is_error ? why : "";
  if (!is_error) AddNotice(false, why);
  screen_ = Screen::kSignIn;
}

void ChatViewModel::SignOut() {
  if (screen_ != Screen::kChat) return;
  Async([](ChatClient& c) { return c.Logout(); }, [](const absl::Status&) {});
  EndSession(absl::StrCat("Signed out of ", username_, "."), false, true);
}

// --- The live stream ---

void ChatViewModel::StartSubscription() {
  subscription_.reset();
  link_ = LinkStatus();
  link_.state = LinkState::kConnecting;
  const uint64_t epoch = epoch_;
  LiveSubscription::Callbacks callbacks;
  callbacks.on_event = [this, epoch](const chat::v1::Event& event) {
    queue_.Post([this, epoch, event] {
      if (epoch == epoch_) ApplyEvent(event);
    });
  };
  callbacks.on_state = [this, epoch](LiveSubscription::State state,
                                     const absl::Status& status) {
    queue_.Post([this, epoch, state, status] {
      if (epoch == epoch_) ApplyLinkState(state, status);
    });
  };
  subscription_ =
      client_->Subscribe(std::nullopt, std::move(callbacks), options_.backoff);
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
      if (view_) LoadNewest();
      return;
    case LiveSubscription::State::kReconnecting:
      link_.state = LinkState::kReconnecting;
      link_.reason = std::string(status.message());
      ++link_.attempts;
      return;
    case LiveSubscription::State::kStopped:
      if (deleting_account_)
        return;  // the DeleteAccount answer says what happened
      if (absl::IsUnauthenticated(status)) {
        EndSession(absl::StrCat("Your session ended: ", status.message(),
                                ". Sign in again."),
                   true, false);
        return;
      }
      link_.state = LinkState::kStopped;
      link_.reason = std::string(status.message());
      AddNotice(true, absl::StrCat("Live updates stopped: ", Sentence(status)));
      return;
  }
}

void ChatViewModel::ApplyEvent(const chat::v1::Event& event) {
  switch (event.kind_case()) {
    case chat::v1::Event::kMessage:
      ApplyLiveMessage(event.message());
      return;
    case chat::v1::Event::kMessagesDeleted: {
      const chat::v1::MessagesDeleted& deleted = event.messages_deleted();
      if (IsOpen(deleted.peer())) {
        for (int64_t id : deleted.ids()) {
          view_->shown.erase(id);
          view_->selected.erase(id);
          view_->marking_read.erase(id);
        }
      }
      // Counts and last messages may have changed; the server has them right.
      RefreshConversations();
      return;
    }
    case chat::v1::Event::kAccountDeleted: {
      const std::string& name = event.account_deleted().username();
      std::erase_if(conversations_, [&](const ConversationSummary& c) {
        return SameName(c.peer, name);
      });
      drafts_.erase(absl::AsciiStrToLower(name));
      if (IsOpen(name)) view_.reset();
      AddNotice(false, absl::StrCat(name,
                                    " deleted their account; your "
                                    "conversation with them is gone."));
      return;
    }
    case chat::v1::Event::kCaughtUp:
      login_unread_ = event.caught_up().unread_count();
      return;
    case chat::v1::Event::KIND_NOT_SET:
      return;
  }
}

void ChatViewModel::ApplyLiveMessage(const chat::v1::Message& message) {
  const std::string peer = PeerOf(message);
  if (IsOpen(peer)) {
    ConversationView& view = *view_;
    if (view.shown.contains(message.id())) return;
    // Shown at once only if nothing older is still waiting to be read: the
    // transcript stays in order, and the new message joins the unread ones
    // otherwise.
    if (view.history_loaded && UnreadFrom(peer) == 0) {
      view.shown[message.id()] = message;
      ++view.appended;
      NoteMessage(message, peer);
      MarkShownRead({message.id()});
      return;
    }
  }
  ++SummaryFor(peer).unread;
  NoteMessage(message, peer);
}

void ChatViewModel::MarkShownRead(const std::vector<int64_t>& ids) {
  if (!view_) return;
  view_->marking_read.insert(ids.begin(), ids.end());
  const std::string peer = view_->peer;
  Async([ids](ChatClient& c) { return c.MarkRead(ids); },
        [this, ids,
         peer](const absl::StatusOr<chat::v1::MarkReadResponse>& marked) {
          if (IsOpen(peer)) {
            for (int64_t id : ids) view_->marking_read.erase(id);
          }
          // NOT_FOUND: deleted in the meantime, so nothing is left to mark.
          if (!marked.ok() && !absl::IsNotFound(marked.status())) {
            AddNotice(true, absl::StrCat("Could not mark messages read: ",
                                         DescribeError(marked.status())));
          }
        });
}

// --- Conversations ---

void ChatViewModel::RefreshConversations() {
  Async(
      [](ChatClient& c) { return c.ListConversations(); },
      [this](const absl::StatusOr<chat::v1::ListConversationsResponse>& list) {
        if (!list.ok()) {
          AddNotice(true, absl::StrCat("Could not load your conversations: ",
                                       DescribeError(list.status())));
          return;
        }
        ApplyConversations(*list);
      });
}

void ChatViewModel::ApplyConversations(
    const chat::v1::ListConversationsResponse& list) {
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
    } else if (IsOpen(summary.peer)) {
      // Messages shown live whose MarkRead was still on its way are read
      // already.
      const int64_t in_flight = std::count_if(
          view_->marking_read.begin(), view_->marking_read.end(),
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
  conversations_loaded_ = true;
  SortConversations();
}

ConversationSummary& ChatViewModel::SummaryFor(const std::string& peer) {
  for (ConversationSummary& c : conversations_) {
    if (SameName(c.peer, peer)) return c;
  }
  ConversationSummary& added = conversations_.emplace_back();
  added.peer = peer;
  return added;
}

void ChatViewModel::NoteMessage(const chat::v1::Message& message,
                                const std::string& peer) {
  ConversationSummary& summary = SummaryFor(peer);
  if (message.id() > summary.last_message.id()) {
    summary.last_message = message;
    ++summary.message_count;
  }
  SortConversations();
}

void ChatViewModel::SortConversations() {
  std::stable_sort(
      conversations_.begin(), conversations_.end(),
      [](const ConversationSummary& a, const ConversationSummary& b) {
        return a.last_message.id() > b.last_message.id();
      });
}

bool ChatViewModel::IsOpen(const std::string& peer) const {
  return view_ != nullptr && SameName(view_->peer, peer);
}

std::string ChatViewModel::PeerOf(const chat::v1::Message& message) const {
  return SameName(message.sender(), username_) ? message.recipient()
                                               : message.sender();
}

void ChatViewModel::OpenConversation(const std::string& peer) {
  if (screen_ != Screen::kChat) return;
  std::string name = Trimmed(peer);
  if (name.empty() || IsOpen(name)) return;
  CloseConversation();
  for (const ConversationSummary& c : conversations_) {
    if (SameName(c.peer, name)) name = c.peer;  // as registered
  }
  view_ = std::make_unique<ConversationView>();
  view_->peer = name;
  auto draft = drafts_.find(absl::AsciiStrToLower(name));
  if (draft != drafts_.end()) {
    view_->composer = draft->second;
    drafts_.erase(draft);
  }
  LoadNewest();
}

void ChatViewModel::CloseConversation() {
  if (!view_) return;
  if (!view_->composer.empty()) {
    drafts_[absl::AsciiStrToLower(view_->peer)] = view_->composer;
  }
  view_.reset();
  if (dialog_ == Dialog::kDeleteMessages) dialog_ = Dialog::kNone;
}

void ChatViewModel::LoadNewest() {
  if (!view_) return;
  const std::string peer = view_->peer;
  const int page_size = options_.history_page_size;
  Async([peer, page_size](
            ChatClient& c) { return c.GetHistory(peer, page_size, ""); },
        [this, peer](const absl::StatusOr<chat::v1::GetHistoryResponse>& page) {
          if (!IsOpen(peer)) return;
          if (!page.ok()) {
            view_->error = absl::StrCat("Could not load the conversation: ",
                                        DescribeError(page.status()));
            return;
          }
          ApplyHistory(peer, true, *page);
        });
}

void ChatViewModel::LoadOlder() {
  if (!view_ || !view_->history_loaded || view_->loading_older ||
      view_->older_page_token.empty()) {
    return;
  }
  view_->loading_older = true;
  const std::string peer = view_->peer;
  const std::string token = view_->older_page_token;
  const int page_size = options_.history_page_size;
  Async([peer, page_size,
         token](ChatClient& c) { return c.GetHistory(peer, page_size, token); },
        [this, peer](const absl::StatusOr<chat::v1::GetHistoryResponse>& page) {
          if (!IsOpen(peer)) return;
          if (!page.ok()) {
            view_->loading_older = false;
            view_->error = absl::StrCat("Could not load older messages: ",
                                        DescribeError(page.status()));
            return;
          }
          ApplyHistory(peer, false, *page);
        });
}

void ChatViewModel::ApplyHistory(const std::string& peer, bool newest,
                                 const chat::v1::GetHistoryResponse& page) {
  ConversationView& view = *view_;
  view.error.clear();
  std::set<int64_t> in_page;
  int64_t lowest = std::numeric_limits<int64_t>::max();
  int64_t highest = 0;
  for (const chat::v1::Message& m : page.messages()) {
    in_page.insert(m.id());
    lowest = std::min(lowest, m.id());
    highest = std::max(highest, m.id());
    const bool waiting_to_be_read = SameName(m.recipient(), username_) &&
                                    SameName(m.sender(), peer) && !m.read() &&
                                    !view.shown.contains(m.id());
    if (!waiting_to_be_read) view.shown[m.id()] = m;
  }
  if (!newest) {
    view.loading_older = false;
    view.older_page_token = page.next_page_token();
    return;
  }
  // The page is the truth for the ids it spans: what is missing was deleted
  // meanwhile.
  if (!in_page.empty()) {
    for (auto it = view.shown.lower_bound(lowest);
         it != view.shown.end() && it->first <= highest;) {
      if (in_page.contains(it->first)) {
        ++it;
      } else {
        view.selected.erase(it->first);
        it = view.shown.erase(it);
      }
    }
  }
  if (!view.history_loaded) {
    view.history_loaded = true;
    view.older_page_token = page.next_page_token();
  }
  ++view.appended;
}

void ChatViewModel::ReadUnread() {
  if (!view_ || view_->reading) return;
  const int limit = std::clamp(view_->read_batch, 1, kMaxReadBatch);
  view_->reading = true;
  const std::string peer = view_->peer;
  Async(
      [limit, peer](ChatClient& c) { return c.ReadMessages(limit, peer); },
      [this, peer](const absl::StatusOr<chat::v1::ReadMessagesResponse>& read) {
        if (!read.ok()) {
          if (IsOpen(peer)) {
            view_->reading = false;
            view_->error = absl::StrCat("Could not read messages: ",
                                        DescribeError(read.status()));
          }
          return;
        }
        SummaryFor(peer).unread = read->remaining_unread();
        if (!IsOpen(peer)) return;
        view_->reading = false;
        for (chat::v1::Message m : read->messages()) {
          m.set_read(true);
          view_->shown[m.id()] = std::move(m);
        }
        ++view_->appended;
      });
}

// --- Sending and deleting ---

void ChatViewModel::Send() {
  if (!view_) return;
  ConversationView& view = *view_;
  view.composer_error.clear();
  if (IsBlank(view.composer)) return;
  const int length = CountCodePoints(view.composer);
  if (length > options_.max_message_chars) {
    view.composer_error =
        absl::StrCat("Too long: ", length, " characters; the limit is ",
                     options_.max_message_chars, ".");
    return;
  }
  const PendingMessage pending{next_local_id_++, view.peer, view.composer};
  pending_.push_back(pending);
  view.composer.clear();
  ++view.appended;
  Async(
      [pending](ChatClient& c) {
        return c.SendMessage(pending.peer, pending.text);
      },
      [this,
       pending](const absl::StatusOr<chat::v1::SendMessageResponse>& sent) {
        ApplySent(pending, sent);
      });
}

void ChatViewModel::ApplySent(
    const PendingMessage& pending,
    const absl::StatusOr<chat::v1::SendMessageResponse>& sent) {
  std::erase_if(pending_, [&](const PendingMessage& p) {
    return p.local_id == pending.local_id;
  });
  if (!sent.ok()) {
    const std::string why = DescribeError(sent.status());
    if (IsOpen(pending.peer) && view_->composer.empty()) {
      // Hand the text back so the user can retry with Enter.
      view_->composer = pending.text;
      view_->composer_error = absl::StrCat("Not sent: ", why);
    } else {
      AddNotice(true, absl::StrCat("Your message ", Quote(pending.text), " to ",
                                   pending.peer, " was not sent: ", why));
    }
    return;
  }
  chat::v1::Message message;
  message.set_id(sent->id());
  message.set_sender(username_);
  message.set_recipient(pending.peer);
  message.set_text(pending.text);
  *message.mutable_sent_at() = sent->sent_at();
  NoteMessage(message, pending.peer);
  if (IsOpen(pending.peer)) {
    view_->shown[message.id()] = message;
    ++view_->appended;
  }
}

void ChatViewModel::ToggleSelected(int64_t id) {
  if (!view_ || !view_->shown.contains(id)) return;
  if (!view_->selected.erase(id)) view_->selected.insert(id);
}

void ChatViewModel::ClearSelection() {
  if (view_) view_->selected.clear();
}

void ChatViewModel::RequestDeleteSelected() {
  if (view_ && !view_->selected.empty() && !view_->deleting) {
    dialog_ = Dialog::kDeleteMessages;
  }
}

void ChatViewModel::RequestDeleteAccount() {
  if (screen_ == Screen::kChat && !deleting_account_) {
    dialog_ = Dialog::kDeleteAccount;
  }
}

void ChatViewModel::CancelDialog() { dialog_ = Dialog::kNone; }

void ChatViewModel::ConfirmDialog() {
  const Dialog dialog = dialog_;
  dialog_ = Dialog::kNone;
  if (dialog == Dialog::kDeleteMessages && view_ && !view_->selected.empty()) {
    const std::vector<int64_t> ids(view_->selected.begin(),
                                   view_->selected.end());
    const std::string peer = view_->peer;
    view_->deleting = true;
    Async([ids](ChatClient& c) { return c.DeleteMessages(ids); },
          [this, ids, peer](
              const absl::StatusOr<chat::v1::DeleteMessagesResponse>& deleted) {
            if (IsOpen(peer)) {
              view_->deleting = false;
              if (!deleted.ok()) {
                view_->error = absl::StrCat("Could not delete: ",
                                            DescribeError(deleted.status()));
                return;
              }
              for (int64_t id : ids) {
                view_->shown.erase(id);
                view_->selected.erase(id);
              }
            }
            if (deleted.ok()) {
              AddNotice(false, absl::StrCat("Deleted ",
                                            Plural(deleted->deleted(),
                                                   "message", "messages"),
                                            " for you and ", peer, "."));
              RefreshConversations();
            }
          });
  } else if (dialog == Dialog::kDeleteAccount && screen_ == Screen::kChat) {
    deleting_account_ = true;
    const std::string name = username_;
    Async([](ChatClient& c) { return c.DeleteAccount(); },
          [this, name](
              const absl::StatusOr<chat::v1::DeleteAccountResponse>& deleted) {
            if (!deleted.ok()) {
              deleting_account_ = false;
              AddNotice(true, absl::StrCat("Your account was not deleted: ",
                                           DescribeError(deleted.status())));
              return;
            }
            EndSession(absl::StrCat("Deleted the account ", name, " and ",
                                    Plural(deleted->deleted_messages(),
                                           "message", "messages"),
                                    "."),
                       false, false);
          });
  }
}

// --- Account search ---

void ChatViewModel::Search() {
  if (screen_ != Screen::kChat || search_.busy) return;
  const std::string pattern = Trimmed(search_.pattern);
  search_.searched_pattern = pattern.empty() ? "*" : pattern;
  FetchSearchPage("", PageStep::kFirst);
}

void ChatViewModel::NextSearchPage() {
  if (search_.busy || search_.next_token.empty()) return;
  FetchSearchPage(search_.next_token, PageStep::kNext);
}

void ChatViewModel::PreviousSearchPage() {
  if (search_.busy || search_.previous_tokens.empty()) return;
  FetchSearchPage(search_.previous_tokens.back(), PageStep::kPrevious);
}

void ChatViewModel::FetchSearchPage(const std::string& token, PageStep step) {
  search_.busy = true;
  search_.error.clear();
  const std::string pattern = search_.searched_pattern;
  const int page_size = options_.search_page_size;
  Async(
      [pattern, page_size, token](ChatClient& c) {
        return c.ListAccounts(pattern, page_size, token);
      },
      [this, token,
       step](const absl::StatusOr<chat::v1::ListAccountsResponse>& page) {
        search_.busy = false;
        if (!page.ok()) {
          search_.error = DescribeError(page.status());
          return;
        }
        ApplySearch(token, step, *page);
      });
}

void ChatViewModel::ApplySearch(const std::string& token, PageStep step,
                                const chat::v1::ListAccountsResponse& page) {
  switch (step) {
    case PageStep::kFirst:
      search_.previous_tokens.clear();
      break;
    case PageStep::kNext:
      search_.previous_tokens.push_back(search_.current_token);
      break;
    case PageStep::kPrevious:
      search_.previous_tokens.pop_back();
      break;
  }
  search_.current_token = token;
  search_.next_token = page.next_page_token();
  search_.total = page.total_count();
  search_.results.clear();
  for (const chat::v1::Account& account : page.accounts()) {
    search_.results.push_back(account.username());
  }
  search_.first_index = static_cast<int>(search_.previous_tokens.size()) *
                        options_.search_page_size;
  search_.searched = true;
}

// --- Notices ---

void ChatViewModel::AddNotice(bool error, std::string text) {
  notices_.push_back(Notice{error, std::move(text)});
  while (notices_.size() > kMaxNotices) notices_.pop_front();
}

void ChatViewModel::DismissNotice(size_t index) {
  if (index < notices_.size()) notices_.erase(notices_.begin() + index);
}

}  // namespace parley::gui
