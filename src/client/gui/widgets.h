// The small drawing helpers and colours the desktop client's screens share,
// so that an error, a right-aligned button row or a status colour looks the
// same on every screen.
//
// Thread safety: the UI thread, between ImGui::NewFrame() and ImGui::Render().
#ifndef PARLEY_CLIENT_GUI_WIDGETS_H_
#define PARLEY_CLIENT_GUI_WIDGETS_H_

#include <string>

#include "imgui.h"

namespace parley::gui {

inline const ImVec4 kErrorColor(0.95f, 0.40f, 0.40f, 1.0f);
inline const ImVec4 kInfoColor(0.55f, 0.80f, 1.00f, 1.0f);
inline const ImVec4 kAccentColor(1.00f, 0.78f, 0.30f, 1.0f);
inline const ImVec4 kLiveColor(0.35f, 0.85f, 0.45f, 1.0f);
inline const ImVec4 kOwnNameColor(0.55f, 0.80f, 1.00f, 1.0f);
inline const ImVec4 kPeerNameColor(0.95f, 0.70f, 0.45f, 1.0f);

// `error` wrapped in the error colour; nothing when it is empty.
void ErrorText(const std::string& error);

// The width of a button labelled `label`.
float ButtonWidth(const char* label);

// Moves to the same line so that buttons of `width` end at the right edge.
void SameLineRightAligned(float width);

// A column of at most `width`, centered, starting a little below the top.
// Close it with ImGui::EndChild().
void BeginCenteredColumn(const char* id, float width);

// `text`, cut at a character boundary and ended with "..." if wider than
// `width`.
std::string FitToWidth(const std::string& text, float width);

// Escape went down this frame.
bool EscapePressed();

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_WIDGETS_H_
