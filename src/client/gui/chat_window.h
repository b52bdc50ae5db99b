// The desktop client's window, drawn with Dear ImGui: it reads a ChatViewModel
// and turns clicks and keys into the model's intents. It lays out the frame
// (notices, the current screen, the status bar, the dialogs) and hands each
// part to its own class: ConnectScreen, SignInScreen, ChatScreen,
// ConfirmDialogs, DrawStatusBar. Those hold only what is purely visual (scroll
// anchors, keyboard focus, the text typed into a confirmation); everything the
// user would miss if the window were redrawn from scratch lives in the model.
//
// Thread safety: call Draw() on the UI thread, between ImGui::NewFrame() and
// ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_CHAT_WINDOW_H_
#define PARLEY_CLIENT_GUI_CHAT_WINDOW_H_

#include "client/gui/chat_screen.h"
#include "client/gui/chat_view_model.h"
#include "client/gui/confirm_dialogs.h"
#include "client/gui/connect_screen.h"
#include "client/gui/sign_in_screen.h"

namespace parley::gui {

class ChatWindow {
 public:
  // `model` is not owned and must outlive the window.
  explicit ChatWindow(ChatViewModel* model);

  // Draws the whole window over the main viewport for this frame.
  void Draw();

 private:
  void DrawNotices();
  // Escape cancels the open dialog, or else clears the selection.
  void HandleKeys();

  ChatViewModel* const model_;
  ConnectScreen connect_;
  SignInScreen sign_in_;
  ChatScreen chat_;
  ConfirmDialogs dialogs_;
  // The screen drawn last frame, to focus a screen's first field when it
  // appears.
  Screen last_screen_ = Screen::kConnect;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CHAT_WINDOW_H_
