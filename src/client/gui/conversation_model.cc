#include "client/gui/conversation_model.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"
#include "client/gui/names.h"
#include "common/text_rules.h"

namespace parley::gui {
namespace {

// How much of an unsent text an error quotes.
constexpr size_t kQuoteLength = 40;

bool IsBlank(const std::string& text) {
  return absl::StripAsciiWhitespace(text).empty();
}

std::string Quote(const std::string& text) {
  if (text.size() <= kQuoteLength) return absl::StrCat("\"", text, "\"");
  return absl::StrCat("\"", CutToBytes(text, kQuoteLength), "...\"");
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// Characters as the server counts them; ImGui only ever produces valid UTF-8,
// so the byte count for anything else is only a fallback.
int CharacterCount(const std::string& text) {
  return static_cast<int>(Utf8Length(text).value_or(text.size()));
}

}  // namespace

ConversationModel::ConversationModel(AsyncCaller* calls,
                                     ConversationListModel* list,
                                     NoticeList* notices,
                                     const SessionModel* session, Limits limits,
                                     std::function<void()> refresh_list)
    : calls_(calls),
      list_(list),
      notices_(notices),
      session_(session),
      limits_(limits),
      refresh_list_(std::move(refresh_list)) {}

bool ConversationModel::IsOpen(const std::string& peer) const {
  return view_ != nullptr && SameName(view_->peer, peer);
}

std::vector<PendingMessage> ConversationModel::PendingTo(
    const std::string& peer) const {
  std::vector<PendingMessage> out;
  for (const PendingMessage& p : pending_) {
    if (SameName(p.peer, peer)) out.push_back(p);
  }
  return out;
}

int ConversationModel::ComposerLength() const {
  return view_ ? CharacterCount(view_->composer) : 0;
}

bool ConversationModel::CanSend() const {
  if (!view_ || IsBlank(view_->composer)) return false;
  return ComposerLength() <= limits_.max_message_chars;
}

std::string ConversationModel::PeerOf(const chat::v1::Message& message) const {
  return SameName(message.sender(), session_->username()) ? message.recipient()
                                                          : message.sender();
}

// --- Opening and loading ---

bool ConversationModel::Open(const std::string& peer) {
  const std::string trimmed(absl::StripAsciiWhitespace(peer));
  if (trimmed.empty() || IsOpen(trimmed)) return false;
  Close();
  view_ = std::make_unique<ConversationView>();
  view_->peer = list_->RegisteredName(trimmed);
  auto draft = drafts_.find(NameKey(trimmed));
  if (draft != drafts_.end()) {
    view_->composer = draft->second;
    drafts_.erase(draft);
  }
  LoadNewest();
  return true;
}

void ConversationModel::Close() {
  if (!view_) return;
  if (!view_->composer.empty()) drafts_[NameKey(view_->peer)] = view_->composer;
  view_.reset();
}

void ConversationModel::LoadNewest() {
  if (!view_) return;
  const std::string peer = view_->peer;
  const int page_size = limits_.history_page_size;
  calls_->Run(
      [peer, page_size](ChatClient& c) {
        return c.GetHistory(peer, page_size, "");
      },
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

void ConversationModel::LoadOlder() {
  if (!view_ || !view_->history_loaded || view_->loading_older ||
      view_->older_page_token.empty()) {
    return;
  }
  view_->loading_older = true;
  const std::string peer = view_->peer;
  const std::string token = view_->older_page_token;
  const int page_size = limits_.history_page_size;
  calls_->Run(
      [peer, page_size, token](ChatClient& c) {
        return c.GetHistory(peer, page_size, token);
      },
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

void ConversationModel::ApplyHistory(const std::string& peer, bool newest,
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
    const bool waiting_to_be_read =
        SameName(m.recipient(), session_->username()) &&
        SameName(m.sender(), peer) && !m.read() && !view.shown.contains(m.id());
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

// --- Reading ---

void ConversationModel::SetReadBatch(int batch) {
  if (view_) view_->read_batch = std::clamp(batch, 1, kDefaultMaxReadLimit);
}

void ConversationModel::ReadUnread() {
  if (!view_ || view_->reading) return;
  const int limit = std::clamp(view_->read_batch, 1, kDefaultMaxReadLimit);
  view_->reading = true;
  const std::string peer = view_->peer;
  calls_->Run(
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
        list_->SummaryFor(peer).unread = read->remaining_unread();
        if (!IsOpen(peer)) return;
        view_->reading = false;
        for (chat::v1::Message m : read->messages()) {
          m.set_read(true);
          view_->shown[m.id()] = std::move(m);
        }
        ++view_->appended;
      });
}

void ConversationModel::MarkShownRead(const std::vector<int64_t>& ids) {
  if (!view_) return;
  view_->marking_read.insert(ids.begin(), ids.end());
  const std::string peer = view_->peer;
  calls_->Run([ids](ChatClient& c) { return c.MarkRead(ids); },
              [this, ids,
               peer](const absl::StatusOr<chat::v1::MarkReadResponse>& marked) {
                if (IsOpen(peer)) {
                  for (int64_t id : ids) view_->marking_read.erase(id);
                }
                // NOT_FOUND: deleted in the meantime, so nothing is left to
                // mark.
                if (!marked.ok() && !absl::IsNotFound(marked.status())) {
                  notices_->Add(true,
                                absl::StrCat("Could not mark messages read: ",
                                             DescribeError(marked.status())));
                }
              });
}

// --- Sending ---

void ConversationModel::Send() {
  if (!view_) return;
  ConversationView& view = *view_;
  view.composer_error.clear();
  if (IsBlank(view.composer)) return;
  const int length = CharacterCount(view.composer);
  if (length > limits_.max_message_chars) {
    view.composer_error =
        absl::StrCat("Too long: ", length, " characters; the limit is ",
                     limits_.max_message_chars, ".");
    return;
  }
  const PendingMessage pending{next_local_id_++, view.peer, view.composer};
  pending_.push_back(pending);
  view.composer.clear();
  ++view.appended;
  calls_->Run(
      [pending](ChatClient& c) {
        return c.SendMessage(pending.peer, pending.text);
      },
      [this,
       pending](const absl::StatusOr<chat::v1::SendMessageResponse>& sent) {
        ApplySent(pending, sent);
      });
}

void ConversationModel::ApplySent(
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
      notices_->Add(true,
                    absl::StrCat("Your message ", Quote(pending.text), " to ",
                                 pending.peer, " was not sent: ", why));
    }
    return;
  }
  chat::v1::Message message;
  message.set_id(sent->id());
  message.set_sender(session_->username());
  message.set_recipient(pending.peer);
  message.set_text(pending.text);
  *message.mutable_sent_at() = sent->sent_at();
  list_->NoteMessage(message, pending.peer);
  if (IsOpen(pending.peer)) {
    view_->shown[message.id()] = message;
    ++view_->appended;
  }
}

// --- Selecting and deleting ---

void ConversationModel::ToggleSelected(int64_t id) {
  if (!view_ || !view_->shown.contains(id)) return;
  if (!view_->selected.erase(id)) view_->selected.insert(id);
}

void ConversationModel::ClearSelection() {
  if (view_) view_->selected.clear();
}

void ConversationModel::DeleteSelected() {
  if (!view_ || view_->selected.empty()) return;
  const std::vector<int64_t> ids(view_->selected.begin(),
                                 view_->selected.end());
  const std::string peer = view_->peer;
  view_->deleting = true;
  calls_->Run(
      [ids](ChatClient& c) { return c.DeleteMessages(ids); },
      [this, ids,
       peer](const absl::StatusOr<chat::v1::DeleteMessagesResponse>& deleted) {
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
          notices_->Add(false, absl::StrCat("Deleted ",
                                            Plural(deleted->deleted(),
                                                   "message", "messages"),
                                            " for you and ", peer, "."));
          refresh_list_();
        }
      });
}

// --- The live stream ---

void ConversationModel::ApplyLiveMessage(const chat::v1::Message& message) {
  const std::string peer = PeerOf(message);
  if (IsOpen(peer)) {
    ConversationView& view = *view_;
    if (view.shown.contains(message.id())) return;
    // Shown at once only if nothing older is still waiting to be read: the
    // transcript stays in order, and the new message joins the unread ones
    // otherwise.
    if (view.history_loaded && list_->UnreadFrom(peer) == 0) {
      view.shown[message.id()] = message;
      ++view.appended;
      list_->NoteMessage(message, peer);
      MarkShownRead({message.id()});
      return;
    }
  }
  ++list_->SummaryFor(peer).unread;
  list_->NoteMessage(message, peer);
}

void ConversationModel::ApplyDeleted(const chat::v1::MessagesDeleted& deleted) {
  if (!IsOpen(deleted.peer())) return;
  for (int64_t id : deleted.ids()) {
    view_->shown.erase(id);
    view_->selected.erase(id);
    view_->marking_read.erase(id);
  }
}

void ConversationModel::ForgetPeer(const std::string& peer) {
  drafts_.erase(NameKey(peer));
  if (IsOpen(peer)) view_.reset();
}

void ConversationModel::Clear() {
  view_.reset();
  drafts_.clear();
  pending_.clear();
}

}  // namespace parley::gui
