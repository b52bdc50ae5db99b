#include "client/gui/chat_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"
#include "client/gui/widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace parley::gui {
namespace {

// Characters of the last message shown under a conversation's name.
constexpr size_t kPreviewBytes = 60;

// `text` on one line, cut at a character boundary.
std::string Preview(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() <= kPreviewBytes) return line;
  return CutToBytes(line, kPreviewBytes) + "...";
}

}  // namespace

void ChatScreen::Draw() {
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
    conversation_.Draw(*view);
  } else {
    conversation_.DrawNothingOpen();
  }
  ImGui::EndChild();
}

void ChatScreen::DrawTopBar() {
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
  if (ImGui::Button("Delete account...")) model_->RequestDeleteAccount();
}

void ChatScreen::DrawConversationList() {
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

void ChatScreen::DrawSearch() {
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

}  // namespace parley::gui
