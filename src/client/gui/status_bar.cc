#include "client/gui/status_bar.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"
#include "client/gui/widgets.h"
#include "imgui.h"

namespace parley::gui {

void DrawStatusBar(const ChatViewModel& model) {
  ImGui::Separator();
  const LinkStatus& link = model.link();
  ImVec4 color = ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
  std::string text;
  switch (link.state) {
    case LinkState::kSignedOut:
      text = "Not signed in";
      break;
    case LinkState::kConnecting:
      text = "Connecting...";
      color = kAccentColor;
      break;
    case LinkState::kLive:
      text = "Live";
      color = kLiveColor;
      break;
    case LinkState::kReconnecting:
      text = absl::StrCat("Reconnecting (attempt ", link.attempts, ")");
      color = kAccentColor;
      break;
    case LinkState::kStopped:
      text = "Live updates stopped";
      color = kErrorColor;
      break;
  }
  if (!model.server_address().empty()) {
    absl::StrAppend(&text, "   |   ", ProtocolName(model.server_protocol()),
                    " ", model.server_address());
  }
  const bool show_reason = link.state == LinkState::kReconnecting ||
                           link.state == LinkState::kStopped;
  if (show_reason && !link.reason.empty()) {
    absl::StrAppend(&text, "   |   ", link.reason);
  }
  const MethodBytes bytes = model.bytes();
  std::string traffic =
      absl::StrCat("Payload sent ", FormatBytes(bytes.sent_bytes),
                   ", received ", FormatBytes(bytes.received_bytes));
  if (const std::optional<TcpBytes> tcp = model.tcp_bytes()) {
    absl::StrAppend(&traffic, "   TCP sent ", FormatBytes(tcp->sent),
                    ", received ", FormatBytes(tcp->received));
  }
  const float traffic_width = ImGui::CalcTextSize(traffic.c_str()).x;
  const float radius = ImGui::GetTextLineHeight() * 0.3f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddCircleFilled(
      ImVec2(at.x + radius, at.y + ImGui::GetTextLineHeight() / 2), radius,
      ImGui::GetColorU32(color));
  ImGui::Dummy(ImVec2(radius * 2, ImGui::GetTextLineHeight()));
  ImGui::SameLine();
  const float room = ImGui::GetContentRegionAvail().x - traffic_width -
                     ImGui::GetStyle().ItemSpacing.x * 4;
  ImGui::TextColored(color, "%s", FitToWidth(text, room).c_str());
  if (show_reason && ImGui::IsItemHovered() && !link.reason.empty()) {
    ImGui::SetTooltip("%s", link.reason.c_str());
  }
  SameLineRightAligned(traffic_width);
  ImGui::TextDisabled("%s", traffic.c_str());
}

}  // namespace parley::gui
