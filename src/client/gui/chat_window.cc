#include "client/gui/chat_window.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace parley::gui {
namespace {

const ImVec4 kErrorColor(0.95f, 0.40f, 0.40f, 1.0f);
const ImVec4 kInfoColor(0.55f, 0.80f, 1.00f, 1.0f);
const ImVec4 kAccentColor(1.00f, 0.78f, 0.30f, 1.0f);
const ImVec4 kLiveColor(0.35f, 0.85f, 0.45f, 1.0f);
const ImVec4 kOwnNameColor(0.55f, 0.80f, 1.00f, 1.0f);
const ImVec4 kPeerNameColor(0.95f, 0.70f, 0.45f, 1.0f);

// Characters of the last message shown under a conversation's name.
constexpr size_t kPreviewBytes = 60;

void ErrorText(const std::string& error) {
  if (error.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", error.c_str());
  ImGui::PopStyleColor();
}

float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x +
         ImGui::GetStyle().FramePadding.x * 2;
}

// Moves to the same line so that buttons of `width` end at the right edge.
void SameLineRightAligned(float width) {
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(),
                           ImGui::GetWindowContentRegionMax().x - width));
}

// A column of at most `width`, centered, starting a little below the top.
void BeginCenteredColumn(const char* id, float width) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float column = std::min(width, avail.x);
  ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - column) / 2,
                             ImGui::GetCursorPosY() + avail.y * 0.10f));
  ImGui::BeginChild(id, ImVec2(column, 0), false);
}

// `text` on one line, cut at a character boundary.
std::string Preview(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() <= kPreviewBytes) return line;
  return CutToBytes(line, kPreviewBytes) + "...";
}

// `text`, cut at a character boundary and ended with "..." if wider than
// `width`.
std::string FitToWidth(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty() && ImGui::CalcTextSize((cut + "...").c_str()).x > width) {
    // Drop one whole character: its continuation bytes, then its lead byte.
    unsigned char dropped;
    do {
      dropped = static_cast<unsigned char>(cut.back());
      cut.pop_back();
    } while ((dropped & 0xC0) == 0x80 && !cut.empty());
  }
  return cut + "...";
}

bool EscapePressed() {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
}

}  // namespace

ChatWindow::ChatWindow(ChatViewModel* model) : model_(model) {}

void ChatWindow::Draw() {
  if (model_->screen() != last_screen_) {
    last_screen_ = model_->screen();
    focus_first_field_ = true;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::Begin("Parley", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  DrawNotices();
  const float status_height =
      ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("body", ImVec2(0, -status_height), false);
  switch (model_->screen()) {
    case Screen::kConnect:
      DrawConnect();
      break;
    case Screen::kSignIn:
      DrawSignIn();
      break;
    case Screen::kChat:
      DrawChat();
      break;
  }
  ImGui::EndChild();
  DrawStatusBar();
  DrawDialogs();
  HandleKeys();
  ImGui::End();
}

void ChatWindow::DrawNotices() {
  const std::deque<Notice>& notices = model_->notices();
  for (size_t i = 0; i < notices.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    const bool dismissed = ImGui::SmallButton("x");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text,
                          notices[i].error ? kErrorColor : kInfoColor);
    ImGui::TextWrapped("%s", notices[i].text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopID();
    if (dismissed) {
      model_->DismissNotice(i);
      break;
    }
  }
  if (!notices.empty()) ImGui::Separator();
}

void ChatWindow::DrawConnect() {
  ConnectForm& form = model_->connect_form();
  BeginCenteredColumn("connect", 520);
  ImGui::TextUnformatted("Parley");
  ImGui::TextDisabled("Connect to a Parley chat server.");
  ImGui::Separator();
  ImGui::Spacing();
  bool submit = false;
  ImGui::TextUnformatted("Server address");
  ImGui::SetNextItemWidth(-1);
  if (focus_first_field_) {
    ImGui::SetKeyboardFocusHere();
    focus_first_field_ = false;
  }
  submit |= ImGui::InputTextWithHint("##address", "host:port", &form.address,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
  ErrorText(form.address_error);
  ImGui::Checkbox("Use TLS", &form.use_tls);
  if (form.use_tls) {
    ImGui::TextUnformatted("CA certificate (PEM file)");
    ImGui::SetNextItemWidth(-1);
    submit |= ImGui::InputTextWithHint("##ca", "/path/to/ca.pem", &form.ca_path,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    ErrorText(form.ca_error);
  }
  ImGui::Spacing();
  ImGui::BeginDisabled(form.busy);
  submit |=
      ImGui::Button(form.busy ? "Connecting..." : "Connect", ImVec2(-1, 0));
  ImGui::EndDisabled();
  if (submit) model_->Connect();
  ImGui::EndChild();
}

void ChatWindow::DrawSignIn() {
  SignInForm& form = model_->sign_in_form();
  BeginCenteredColumn("sign_in", 520);
  ImGui::Text("Server: %s", model_->server_address().c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Change")) model_->ChangeServer();
  ImGui::Separator();
  ImGui::Spacing();
  if (form.existing_account) {
    ImGui::TextWrapped(
        "An account named %s exists. Enter its password to sign in.",
        form.name.c_str());
  } else {
    ImGui::TextWrapped(
        "Sign in with your name and password. A name nobody has yet creates "
        "a new account with that password.");
  }
  ImGui::Spacing();
  bool submit = false;
  ImGui::TextUnformatted("Name");
  ImGui::SetNextItemWidth(-1);
  if (focus_first_field_ && !form.existing_account) {
    ImGui::SetKeyboardFocusHere();
    focus_first_field_ = false;
  }
  submit |= ImGui::InputTextWithHint(
      "##name", "letters, digits, _ . -", &form.name,
      ImGuiInputTextFlags_EnterReturnsTrue |
          (form.existing_account ? ImGuiInputTextFlags_ReadOnly : 0));
  ErrorText(form.name_error);
  ImGui::TextUnformatted("Password");
  ImGui::SetNextItemWidth(-1);
  if (focus_first_field_) {
    ImGui::SetKeyboardFocusHere();
    focus_first_field_ = false;
  }
  submit |= ImGui::InputText(
      "##password", &form.password,
      ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ErrorText(form.password_error);
  ImGui::Spacing();
  ImGui::BeginDisabled(form.busy);
  const char* label = form.busy               ? "Signing in..."
                      : form.existing_account ? "Sign in"
                                              : "Continue";
  submit |= ImGui::Button(label, ImVec2(form.existing_account ? 200 : -1, 0));
  if (form.existing_account) {
    ImGui::SameLine();
    if (ImGui::Button("Use another name")) {
      model_->UseAnotherName();
      focus_first_field_ = true;
    }
  }
  ImGui::EndDisabled();
  ErrorText(form.error);
  if (submit) model_->SignIn();
  ImGui::EndChild();
}

void ChatWindow::DrawChat() {
  DrawTopBar();
  ImGui::Separator();
  const float width = ImGui::GetContentRegionAvail().x;
  const float sidebar = std::clamp(width * 0.3f, 220.0f, 380.0f);
  ImGui::BeginChild("sidebar", ImVec2(sidebar, 0), true);
  if (ImGui::BeginTabBar("sidebar_tabs")) {
    if (ImGui::BeginTabItem("Chats")) {
      DrawConversationList();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Find people")) {
      DrawSearch();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("conversation", ImVec2(0, 0), true);
  if (ConversationView* view = model_->conversation_view()) {
    DrawConversation(*view);
  } else {
    last_peer_.clear();
    ImGui::TextDisabled(
        "Choose a conversation on the left, or find someone under \"Find "
        "people\".");
  }
  ImGui::EndChild();
}

void ChatWindow::DrawTopBar() {
  ImGui::Text("Signed in as %s", model_->username().c_str());
  ImGui::SameLine();
  const int64_t unread = model_->total_unread();
  if (unread > 0) {
    ImGui::TextColored(kAccentColor, "%lld unread",
                       static_cast<long long>(unread));
  } else {
    ImGui::TextDisabled("no unread messages");
  }
  const float buttons = ButtonWidth("Sign out") +
                        ButtonWidth("Delete account...") +
                        ImGui::GetStyle().ItemSpacing.x;
  SameLineRightAligned(buttons);
  if (ImGui::Button("Sign out")) model_->SignOut();
  ImGui::SameLine();
  if (ImGui::Button("Delete account...")) {
    confirm_name_.clear();
    model_->RequestDeleteAccount();
  }
}

void ChatWindow::DrawConversationList() {
  const std::vector<ConversationSummary>& conversations =
      model_->conversations();
  if (!model_->conversations_loaded() && conversations.empty()) {
    ImGui::TextDisabled("Loading...");
    return;
  }
  if (conversations.empty()) {
    ImGui::TextWrapped(
        "No conversations yet. Find someone under \"Find people\" and say "
        "hello.");
    return;
  }
  const float row_height = ImGui::GetTextLineHeightWithSpacing() * 2;
  ImGui::BeginChild("conversation_list");
  for (const ConversationSummary& c : conversations) {
    ImGui::PushID(c.peer.c_str());
    const bool selected = model_->IsOpen(c.peer);
    const ImVec2 start = ImGui::GetCursorPos();
    if (ImGui::Selectable("##row", selected,
                          ImGuiSelectableFlags_AllowItemOverlap,
                          ImVec2(0, row_height))) {
      model_->OpenConversation(c.peer);
    }
    const ImVec2 end = ImGui::GetCursorPos();
    ImGui::SetCursorPos(start);
    ImGui::TextUnformatted(c.peer.c_str());
    if (c.unread > 0) {
      ImGui::SameLine();
      ImGui::TextColored(kAccentColor, "%lld unread",
                         static_cast<long long>(c.unread));
    }
    if (c.last_message.id() != 0) {
      const bool mine = model_->IsOwnName(c.last_message.sender());
      ImGui::TextDisabled("%s%s", mine ? "you: " : "",
                          Preview(c.last_message.text()).c_str());
    }
    ImGui::SetCursorPos(end);
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void ChatWindow::DrawSearch() {
  AccountSearch& search = model_->search();
  const float button = ButtonWidth("Search");
  ImGui::SetNextItemWidth(-(button + ImGui::GetStyle().ItemSpacing.x));
  bool submit = ImGui::InputTextWithHint("##pattern", "name, with * and ?",
                                         &search.pattern,
                                         ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::BeginDisabled(search.busy);
  submit |= ImGui::Button("Search");
  ImGui::EndDisabled();
  if (submit) model_->Search();
  ImGui::PushStyleColor(ImGuiCol_Text,
                        ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("* matches any run of characters, ? exactly one.");
  ImGui::PopStyleColor();
  ErrorText(search.error);
  if (!search.searched) return;
  ImGui::Separator();
  if (search.results.empty()) {
    ImGui::TextDisabled("Nobody matches \"%s\".",
                        search.searched_pattern.c_str());
    return;
  }
  const float pager_height = ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("results", ImVec2(0, -pager_height));
  std::string open_peer;
  for (const std::string& name : search.results) {
    const bool me = model_->IsOwnName(name);
    const std::string label = me ? absl::StrCat(name, " (you)") : name;
    if (ImGui::Selectable(label.c_str())) open_peer = name;
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Open the conversation with %s", name.c_str());
    }
  }
  ImGui::EndChild();
  ImGui::BeginDisabled(search.busy || search.previous_tokens.empty());
  if (ImGui::Button("< Previous")) model_->PreviousSearchPage();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("%d-%d of %lld", search.first_index + 1,
              search.first_index + static_cast<int>(search.results.size()),
              static_cast<long long>(search.total));
  ImGui::SameLine();
  ImGui::BeginDisabled(search.busy || search.next_token.empty());
  if (ImGui::Button("Next >")) model_->NextSearchPage();
  ImGui::EndDisabled();
  if (!open_peer.empty()) model_->OpenConversation(open_peer);
}

void ChatWindow::DrawConversation(ConversationView& view) {
  if (view.peer != last_peer_) {
    last_peer_ = view.peer;
    last_appended_ = view.appended;
    follow_ = true;
    focus_composer_ = true;
    scroll_anchor_id_ = 0;
    settling_frames_ = 3;
  }
  ImGui::TextColored(kPeerNameColor, "%s", view.peer.c_str());
  if (!view.selected.empty()) {
    const std::string remove =
        absl::StrCat("Delete ", view.selected.size(), " selected...");
    SameLineRightAligned(ButtonWidth(remove.c_str()) +
                         ButtonWidth("Clear selection") +
                         ImGui::GetStyle().ItemSpacing.x);
    ImGui::BeginDisabled(view.deleting);
    if (ImGui::Button(remove.c_str())) model_->RequestDeleteSelected();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Clear selection")) model_->ClearSelection();
  } else {
    ImGui::SameLine();
    ImGui::TextDisabled("  Tick messages to delete them for both of you.");
  }
  ErrorText(view.error);
  ImGui::Separator();
  DrawMessages(view);
  DrawComposer(view);
}

void ChatWindow::DrawUnreadBar(ConversationView& view) {
  const int64_t unread = model_->UnreadFrom(view.peer);
  if (unread == 0 || !view.history_loaded) return;
  ImGui::Separator();
  ImGui::TextColored(kAccentColor, "%lld unread message%s from %s.",
                     static_cast<long long>(unread), unread == 1 ? "" : "s",
                     view.peer.c_str());
  ImGui::SameLine();
  ImGui::TextUnformatted("Show the next");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  int batch = view.read_batch;
  ImGui::InputInt("##read_batch", &batch);
  model_->SetReadBatch(batch);
  ImGui::SameLine();
  ImGui::BeginDisabled(view.reading);
  if (ImGui::Button(view.reading ? "Reading..." : "Show")) {
    model_->ReadUnread();
    follow_ = true;
  }
  ImGui::EndDisabled();
}

void ChatWindow::DrawMessages(ConversationView& view) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float composer_height =
      ImGui::GetTextLineHeight() * 3 + style.FramePadding.y * 2 +
      ImGui::GetTextLineHeightWithSpacing() + style.ItemSpacing.y * 2;
  ImGui::BeginChild("messages", ImVec2(0, -composer_height), false);
  // From last frame's layout: was the newest message in view?
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4.0f;
  if (view.appended != last_appended_) {
    last_appended_ = view.appended;
    if (at_bottom) follow_ = true;
  }
  if (!view.history_loaded) {
    ImGui::TextDisabled("Loading...");
  } else if (view.loading_older) {
    ImGui::TextDisabled("Loading older messages...");
  } else if (!view.older_page_token.empty()) {
    if (ImGui::SmallButton("Load older messages")) {
      scroll_anchor_id_ = view.shown.empty() ? 0 : view.shown.begin()->first;
      model_->LoadOlder();
    }
  } else {
    ImGui::TextDisabled("This is the start of your conversation with %s.",
                        view.peer.c_str());
  }
  // Paging back on scroll: reaching the top (or a page too short to scroll)
  // asks for the page before, and the message that was on top stays there once
  // it arrives.
  if (scroll_anchor_id_ != 0 && !view.loading_older &&
      (view.shown.empty() || view.shown.begin()->first >= scroll_anchor_id_)) {
    scroll_anchor_id_ = 0;  // nothing older arrived
  }
  if (settling_frames_ == 0 && !follow_ && scroll_anchor_id_ == 0 &&
      view.history_loaded && !view.loading_older &&
      !view.older_page_token.empty() && ImGui::GetScrollY() <= 0.0f) {
    scroll_anchor_id_ = view.shown.empty() ? 0 : view.shown.begin()->first;
    model_->LoadOlder();
  }
  // Drawing only reads `shown`: a click is handed to the model, which changes
  // `selected`.
  for (const auto& [id, message] : view.shown) {
    if (id == scroll_anchor_id_ && view.shown.begin()->first < id) {
      ImGui::SetScrollHereY(0.0f);
      scroll_anchor_id_ = 0;
      settling_frames_ = 2;
    }
    DrawMessage(view, message);
  }
  // The unread messages come after everything shown, so their control does too.
  DrawUnreadBar(view);
  for (const PendingMessage& pending : model_->PendingTo(view.peer)) {
    ImGui::TextDisabled("%s   sending...", model_->username().c_str());
    ImGui::Indent(ImGui::GetFrameHeight() + style.ItemSpacing.x);
    ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", pending.text.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent(ImGui::GetFrameHeight() + style.ItemSpacing.x);
  }
  if (follow_) {
    ImGui::SetScrollHereY(1.0f);
    follow_ = false;
    settling_frames_ = 2;
  } else if (settling_frames_ > 0) {
    --settling_frames_;
  }
  ImGui::EndChild();
}

void ChatWindow::DrawMessage(ConversationView& view,
                             const chat::v1::Message& message) {
  ImGui::PushID(static_cast<int>(message.id()));
  bool selected = view.selected.contains(message.id());
  if (ImGui::Checkbox("##select", &selected)) {
    model_->ToggleSelected(message.id());
  }
  ImGui::SameLine();
  const bool mine = model_->IsOwnName(message.sender());
  ImGui::TextColored(mine ? kOwnNameColor : kPeerNameColor, "%s",
                     message.sender().c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", FormatMessageTime(message.sent_at()).c_str());
  const float indent =
      ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x;
  ImGui::Indent(indent);
  ImGui::TextWrapped("%s", message.text().c_str());
  ImGui::Unindent(indent);
  ImGui::PopID();
}

void ChatWindow::DrawComposer(ConversationView& view) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float send_width = ButtonWidth("Send") + 16;
  const float height =
      ImGui::GetTextLineHeight() * 3 + style.FramePadding.y * 2;
  if (focus_composer_ && model_->dialog() == Dialog::kNone) {
    ImGui::SetKeyboardFocusHere();
    focus_composer_ = false;
  }
  const bool enter =
      ImGui::InputTextMultiline("##composer", &view.composer,
                                ImVec2(ImGui::GetContentRegionAvail().x -
                                           send_width - style.ItemSpacing.x,
                                       height),
                                ImGuiInputTextFlags_EnterReturnsTrue |
                                    ImGuiInputTextFlags_CtrlEnterForNewLine);
  ImGui::SameLine();
  ImGui::BeginDisabled(!model_->CanSend());
  const bool clicked = ImGui::Button("Send", ImVec2(send_width, height));
  ImGui::EndDisabled();
  if (enter || clicked) {
    model_->Send();
    focus_composer_ = true;
    follow_ = true;
  }
  const int length = model_->ComposerLength();
  const int limit = model_->max_message_chars();
  if (length > limit) {
    ImGui::TextColored(kErrorColor, "%d / %d characters", length, limit);
  } else {
    ImGui::TextDisabled("%d / %d characters", length, limit);
  }
  ImGui::SameLine();
  if (!view.composer_error.empty()) {
    ImGui::TextColored(kErrorColor, "%s", view.composer_error.c_str());
  } else {
    ImGui::TextDisabled("  Enter sends, Ctrl+Enter starts a new line.");
  }
}

void ChatWindow::DrawStatusBar() {
  ImGui::Separator();
  const LinkStatus& link = model_->link();
  ImVec4 color = ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
  std::string text;
  switch (link.state) {
    case LinkState::kSignedOut:
      text = "Not signed in";
      break;
    case LinkState::kConnecting:
      text = "Connecting...";
      color = kAccentColor;
      break;
    case LinkState::kLive:
      text = "Live";
      color = kLiveColor;
      break;
    case LinkState::kReconnecting:
      text = absl::StrCat("Reconnecting (attempt ", link.attempts, ")");
      color = kAccentColor;
      break;
    case LinkState::kStopped:
      text = "Live updates stopped";
      color = kErrorColor;
      break;
  }
  if (!model_->server_address().empty()) {
    absl::StrAppend(&text, "   |   ", model_->server_address());
  }
  const bool show_reason = link.state == LinkState::kReconnecting ||
                           link.state == LinkState::kStopped;
  if (show_reason && !link.reason.empty()) {
    absl::StrAppend(&text, "   |   ", link.reason);
  }
  const MethodBytes bytes = model_->bytes();
  const std::string traffic =
      absl::StrCat("Sent ", FormatBytes(bytes.sent_bytes), "   Received ",
                   FormatBytes(bytes.received_bytes));
  const float traffic_width = ImGui::CalcTextSize(traffic.c_str()).x;
  const float radius = ImGui::GetTextLineHeight() * 0.3f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddCircleFilled(
      ImVec2(at.x + radius, at.y + ImGui::GetTextLineHeight() / 2), radius,
      ImGui::GetColorU32(color));
  ImGui::Dummy(ImVec2(radius * 2, ImGui::GetTextLineHeight()));
  ImGui::SameLine();
  const float room = ImGui::GetContentRegionAvail().x - traffic_width -
                     ImGui::GetStyle().ItemSpacing.x * 4;
  ImGui::TextColored(color, "%s", FitToWidth(text, room).c_str());
  if (show_reason && ImGui::IsItemHovered() && !link.reason.empty()) {
    ImGui::SetTooltip("%s", link.reason.c_str());
  }
  SameLineRightAligned(traffic_width);
  ImGui::TextDisabled("%s", traffic.c_str());
}

void ChatWindow::DrawDialogs() {
  constexpr const char* kDeleteMessages = "Delete messages?";
  constexpr const char* kDeleteAccount = "Delete your account?";
  const Dialog dialog = model_->dialog();
  if (dialog == Dialog::kDeleteMessages &&
      !ImGui::IsPopupOpen(kDeleteMessages)) {
    ImGui::OpenPopup(kDeleteMessages);
  }
  if (dialog == Dialog::kDeleteAccount && !ImGui::IsPopupOpen(kDeleteAccount)) {
    ImGui::OpenPopup(kDeleteAccount);
  }
  const float wrap = ImGui::GetFontSize() * 32;
  const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(kDeleteMessages, nullptr,
                             ImGuiWindowFlags_AlwaysAutoResize)) {
    const ConversationView* view = model_->conversation_view();
    if (dialog != Dialog::kDeleteMessages || view == nullptr) {
      ImGui::CloseCurrentPopup();
    } else {
      ImGui::PushTextWrapPos(wrap);
      ImGui::Text(
          "Delete %zu selected message%s? They disappear for both you and %s. "
          "This cannot be undone.",
          view->selected.size(), view->selected.size() == 1 ? "" : "s",
          view->peer.c_str());
      ImGui::PopTextWrapPos();
      ImGui::Spacing();
      if (ImGui::Button("Delete")) model_->ConfirmDialog();
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) model_->CancelDialog();
    }
    ImGui::EndPopup();
  }
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(kDeleteAccount, nullptr,
                             ImGuiWindowFlags_AlwaysAutoResize)) {
    if (dialog != Dialog::kDeleteAccount) {
      ImGui::CloseCurrentPopup();
    } else {
      ImGui::PushTextWrapPos(wrap);
      ImGui::TextUnformatted(model_->DeleteAccountWarning().c_str());
      ImGui::PopTextWrapPos();
      ImGui::Spacing();
      ImGui::Text("Type %s to confirm:", model_->username().c_str());
      ImGui::SetNextItemWidth(wrap);
      if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
      ImGui::InputText("##confirm_name", &confirm_name_);
      ImGui::BeginDisabled(!model_->IsOwnName(confirm_name_));
      ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.65f, 0.15f, 0.15f, 1));
      if (ImGui::Button("Delete my account")) model_->ConfirmDialog();
      ImGui::PopStyleColor();
      ImGui::EndDisabled();
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) model_->CancelDialog();
    }
    ImGui::EndPopup();
  }
}

void ChatWindow::HandleKeys() {
  if (!EscapePressed()) return;
  if (model_->dialog() != Dialog::kNone) {
    model_->CancelDialog();
  } else if (ConversationView* view = model_->conversation_view();
             view != nullptr && !view->selected.empty()) {
    model_->ClearSelection();
  }
}

}  // namespace parley::gui
