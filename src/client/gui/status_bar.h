// The status bar under every screen: the live stream's state as a coloured
// dot and words (with why it last ended), the server, and the payload bytes
// this window has sent and received.
//
// Thread safety: the UI thread, between ImGui::NewFrame() and ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_STATUS_BAR_H_
#define PARLEY_CLIENT_GUI_STATUS_BAR_H_

#include "client/gui/chat_view_model.h"

namespace parley::gui {

// Draws the bar for `model`'s state at the current position, full width.
void DrawStatusBar(const ChatViewModel& model);

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_STATUS_BAR_H_
