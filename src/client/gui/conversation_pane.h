// The right-hand side of the chat screen: the open conversation's transcript
// (paging back on scroll, keeping the top message in place), the "read N
// unread" bar, the selection's buttons and the composer with its character
// count. Besides the view-model's ConversationView it keeps only what is
// purely visual: scrolling and keyboard focus.
//
// Thread safety: the UI thread, between ImGui::NewFrame() and ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_CONVERSATION_PANE_H_
#define PARLEY_CLIENT_GUI_CONVERSATION_PANE_H_

#include <cstdint>
#include <string>

#include "chat/v1/chat.pb.h"
#include "client/gui/chat_view_model.h"

namespace parley::gui {

class ConversationPane {
 public:
  // `model` is not owned and must outlive the pane.
  explicit ConversationPane(ChatViewModel* model) : model_(model) {}

  // Draws the open conversation `view` (the model's) in the current child.
  void Draw(ConversationView& view);
  // Draws the hint shown while no conversation is open.
  void DrawNothingOpen();

 private:
  void DrawUnreadBar(ConversationView& view);
  void DrawMessages(ConversationView& view);
  void DrawMessage(ConversationView& view, const chat::v1::Message& message);
  void DrawComposer(ConversationView& view);

  ChatViewModel* const model_;
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
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_CONVERSATION_PANE_H_
