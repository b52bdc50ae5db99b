#include "client/gui/connect_screen.h"

#include "client/gui/widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace parley::gui {
namespace {

const char* ProtocolLabel(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc:
      return "gRPC";
    case Protocol::kBinary:
      return "Binary";
    case Protocol::kJson:
      return "JSON";
  }
  return "gRPC";
}

}  // namespace

void ConnectScreen::Draw() {
  ConnectForm& form = model_->connect_form();
  BeginCenteredColumn("connect", 520);
  ImGui::TextUnformatted("Parley");
  ImGui::TextDisabled("Connect to a Parley chat server.");
  ImGui::Separator();
  ImGui::Spacing();
  bool submit = false;
  ImGui::TextUnformatted("Protocol");
  for (Protocol protocol : kAllProtocols) {
    if (protocol != kAllProtocols.front()) ImGui::SameLine();
    if (ImGui::RadioButton(ProtocolLabel(protocol),
                           form.protocol == protocol)) {
      model_->ChooseProtocol(protocol);
    }
  }
  ImGui::TextUnformatted("Server address");
  ImGui::SetNextItemWidth(-1);
  if (focus_first_field_) {
    ImGui::SetKeyboardFocusHere();
    focus_first_field_ = false;
  }
  submit |= ImGui::InputTextWithHint("##address", "host:port", &form.address,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
  ErrorText(form.address_error);
  ImGui::Checkbox("Use TLS", &form.use_tls);
  if (form.use_tls) {
    ImGui::TextUnformatted("CA certificate (PEM file)");
    ImGui::SetNextItemWidth(-1);
    submit |= ImGui::InputTextWithHint("##ca", "/path/to/ca.pem", &form.ca_path,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    ErrorText(form.ca_error);
  }
  ImGui::Spacing();
  ImGui::BeginDisabled(form.busy);
  submit |=
      ImGui::Button(form.busy ? "Connecting..." : "Connect", ImVec2(-1, 0));
  ImGui::EndDisabled();
  if (submit) model_->Connect();
  ImGui::EndChild();
}

}  // namespace parley::gui
