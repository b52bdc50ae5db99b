#include "client/gui/chat_window.h"

#include <deque>

#include "client/gui/status_bar.h"
#include "client/gui/widgets.h"
#include "imgui.h"

namespace parley::gui {

ChatWindow::ChatWindow(ChatViewModel* model)
    : model_(model),
      connect_(model),
      sign_in_(model),
      chat_(model),
      dialogs_(model) {}

void ChatWindow::Draw() {
  if (model_->screen() != last_screen_) {
    last_screen_ = model_->screen();
    connect_.Appear();
    sign_in_.Appear();
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
      connect_.Draw();
      break;
    case Screen::kSignIn:
      sign_in_.Draw();
      break;
    case Screen::kChat:
      chat_.Draw();
      break;
  }
  ImGui::EndChild();
  DrawStatusBar(*model_);
  dialogs_.Draw();
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
