#include "client/gui/confirm_dialogs.h"

#include "imgui.h"
#include "imgui_stdlib.h"

namespace parley::gui {

void ConfirmDialogs::Draw() {
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
      if (ImGui::IsWindowAppearing()) {
        confirm_name_.clear();
        ImGui::SetKeyboardFocusHere();
      }
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

}  // namespace parley::gui
