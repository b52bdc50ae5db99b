#include "client/gui/widgets.h"

#include <algorithm>

namespace parley::gui {

void ErrorText(const std::string& error) {
  if (error.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", error.c_str());
  ImGui::PopStyleColor();
}

float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x +
         ImGui::GetStyle().FramePadding.x * 2;
}

void SameLineRightAligned(float width) {
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(),
                           ImGui::GetWindowContentRegionMax().x - width));
}

void BeginCenteredColumn(const char* id, float width) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float column = std::min(width, avail.x);
  ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - column) / 2,
                             ImGui::GetCursorPosY() + avail.y * 0.10f));
  ImGui::BeginChild(id, ImVec2(column, 0), false);
}

std::string FitToWidth(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty() && ImGui::CalcTextSize((cut + "...").c_str()).x > width) {
    // Drop one whole character: its continuation bytes, then its lead byte.
    unsigned char dropped;
    do {
      dropped = static_cast<unsigned char>(cut.back());
      cut.pop_back();
    } while ((dropped & 0xC0) == 0x80 && !cut.empty());
  }
  return cut + "...";
}

bool EscapePressed() {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
}

}  // namespace parley::gui
