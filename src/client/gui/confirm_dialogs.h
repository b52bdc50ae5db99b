// The confirmations that block the window until answered: deleting the
// selected messages, and deleting the account, which asks the person to type
// the account's name first. Which one is open is the view-model's dialog().
//
// Thread safety: Draw() on the UI thread, between ImGui::NewFrame() and
// ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_CONFIRM_DIALOGS_H_
#define PARLEY_CLIENT_GUI_CONFIRM_DIALOGS_H_

#include <string>

#include "client/gui/chat_view_model.h"

namespace parley::gui {

class ConfirmDialogs {
 public:
  // `model` is not owned and must outlive the dialogs.
  explicit ConfirmDialogs(ChatViewModel* model) : model_(model) {}

  // Opens, draws or closes the popups to match model->dialog().
  void Draw();

 private:
  ChatViewModel* const model_;
  // What the person typed to confirm deleting the account; empty each time
  // the dialog opens.
  std::string confirm_name_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CONFIRM_DIALOGS_H_
