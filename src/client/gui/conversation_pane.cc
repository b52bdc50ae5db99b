#include "client/gui/conversation_pane.h"

#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"
#include "client/gui/widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace parley::gui {

void ConversationPane::Draw(ConversationView& view) {
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

void ConversationPane::DrawNothingOpen() {
  last_peer_.clear();
  ImGui::TextDisabled(
      "Choose a conversation on the left, or find someone under \"Find "
      "people\".");
}

void ConversationPane::DrawUnreadBar(ConversationView& view) {
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

void ConversationPane::DrawMessages(ConversationView& view) {
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

void ConversationPane::DrawMessage(ConversationView& view,
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

void ConversationPane::DrawComposer(ConversationView& view) {
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

}  // namespace parley::gui
