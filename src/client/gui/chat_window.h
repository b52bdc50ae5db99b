// The desktop client's window, drawn with Dear ImGui: it reads a ChatViewModel
// and turns clicks and keys into the model's intents. It holds only what is
// purely visual (scroll anchors, keyboard focus, the text typed into a
// confirmation); everything the user would miss if the window were redrawn from
// scratch lives in the model.
//
// Thread safety: call Draw() on the UI thread, between ImGui::NewFrame() and
// ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_CHAT_WINDOW_H_
#define PARLEY_CLIENT_GUI_CHAT_WINDOW_H_

#include <cstdint>
#include <string>

#include "client/gui/chat_view_model.h"

namespace parley::gui {

class ChatWindow {
 public:
  // `model` is not owned and must outlive the window.
  explicit ChatWindow(ChatViewModel* model);

  // Draws the whole window over the main viewport for this frame.
  void Draw();

 private:
  void DrawNotices();
  void DrawConnect();
  void DrawSignIn();
  void DrawChat();
  void DrawTopBar();
  void DrawConversationList();
  void DrawSearch();
  void DrawConversation(ConversationView& view);
  void DrawUnreadBar(ConversationView& view);
  void DrawMessages(ConversationView& view);
  void DrawMessage(ConversationView& view, const chat::v1::Message& message);
  void DrawComposer(ConversationView& view);
  void DrawStatusBar();
  void DrawDialogs();
  void HandleKeys();

  ChatViewModel* const model_;
  // Focus the screen's first field when a screen appears.
  Screen last_screen_ = Screen::kConnect;
  bool focus_first_field_ = true;
  bool focus_composer_ = false;
  // The conversation drawn last frame, to notice a switch.
  std::string last_peer_;
  uint64_t last_appended_ = 0;
  // Set when the next frame should scroll to the newest message.
  bool follow_ = false;
  // Frames during which the scroll position is still settling: no loading older
  // pages.
  int settling_frames_ = 0;
  // The oldest message shown when older ones were asked for; kept in view once
  // they arrive.
  int64_t scroll_anchor_id_ = 0;
  // What the user typed to confirm deleting the account.
  std::string confirm_name_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CHAT_WINDOW_H_
