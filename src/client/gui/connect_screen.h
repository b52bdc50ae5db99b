// The connect screen: the protocol (gRPC, binary or JSON), the server's
// address, TLS and its CA file, and the
// errors under the field they concern. It draws SessionModel's ConnectForm
// through the view-model.
//
// Thread safety: Draw() on the UI thread, between ImGui::NewFrame() and
// ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_CONNECT_SCREEN_H_
#define PARLEY_CLIENT_GUI_CONNECT_SCREEN_H_

#include "client/gui/chat_view_model.h"

namespace parley::gui {

class ConnectScreen {
 public:
  // `model` is not owned and must outlive the screen.
  explicit ConnectScreen(ChatViewModel* model) : model_(model) {}

  // The screen just appeared: the next Draw() focuses its first field.
  void Appear() { focus_first_field_ = true; }
  void Draw();

 private:
  ChatViewModel* const model_;
  bool focus_first_field_ = true;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CONNECT_SCREEN_H_
