// The sign-in screen: one form that signs in or creates the account, and
// turns into an existing account's password prompt when the server says the
// name is taken (SessionModel). *Change* goes back to the connect screen.
//
// Thread safety: Draw() on the UI thread, between ImGui::NewFrame() and
// ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_SIGN_IN_SCREEN_H_
#define PARLEY_CLIENT_GUI_SIGN_IN_SCREEN_H_

#include "client/gui/chat_view_model.h"

namespace parley::gui {

class SignInScreen {
 public:
  // `model` is not owned and must outlive the screen.
  explicit SignInScreen(ChatViewModel* model) : model_(model) {}

  // The screen just appeared: the next Draw() focuses its first field.
  void Appear() { focus_first_field_ = true; }
  void Draw();

 private:
  ChatViewModel* const model_;
  bool focus_first_field_ = true;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_SIGN_IN_SCREEN_H_
