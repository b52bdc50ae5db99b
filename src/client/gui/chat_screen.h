// The chat screen: who is signed in and the unread count on top, the
// sidebar's "Chats" (the conversation list) and "Find people" (account
// search) tabs, and the open conversation on the right (ConversationPane).
//
// Thread safety: Draw() on the UI thread, between ImGui::NewFrame() and
// ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_CHAT_SCREEN_H_
#define PARLEY_CLIENT_GUI_CHAT_SCREEN_H_

#include "client/gui/chat_view_model.h"
#include "client/gui/conversation_pane.h"

namespace parley::gui {

class ChatScreen {
 public:
  // `model` is not owned and must outlive the screen.
  explicit ChatScreen(ChatViewModel* model)
      : model_(model), conversation_(model) {}

  void Draw();

 private:
  void DrawTopBar();
  void DrawConversationList();
  void DrawSearch();

  ChatViewModel* const model_;
  ConversationPane conversation_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CHAT_SCREEN_H_
