#include "client/gui/sign_in_screen.h"

#include "client/gui/widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace parley::gui {

void SignInScreen::Draw() {
  SignInForm& form = model_->sign_in_form();
  BeginCenteredColumn("sign_in", 520);
  ImGui::Text("Server: %s", model_->server_address().c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Change")) model_->ChangeServer();
  ImGui::Separator();
  ImGui::Spacing();
  if (form.existing_account) {
    ImGui::TextWrapped(
        "An account named %s exists. Enter its password to sign in.",
        form.name.c_str());
  } else {
    ImGui::TextWrapped(
        "Sign in with your name and password. A name nobody has yet creates "
        "a new account with that password.");
  }
  ImGui::Spacing();
  bool submit = false;
  ImGui::TextUnformatted("Name");
  ImGui::SetNextItemWidth(-1);
  if (focus_first_field_ && !form.existing_account) {
    ImGui::SetKeyboardFocusHere();
    focus_first_field_ = false;
  }
  submit |= ImGui::InputTextWithHint(
      "##name", "letters, digits, _ . -", &form.name,
      ImGuiInputTextFlags_EnterReturnsTrue |
          (form.existing_account ? ImGuiInputTextFlags_ReadOnly : 0));
  ErrorText(form.name_error);
  ImGui::TextUnformatted("Password");
  ImGui::SetNextItemWidth(-1);
  if (focus_first_field_) {
    ImGui::SetKeyboardFocusHere();
    focus_first_field_ = false;
  }
  submit |= ImGui::InputText(
      "##password", &form.password,
      ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ErrorText(form.password_error);
  ImGui::Spacing();
  ImGui::BeginDisabled(form.busy);
  const char* label = form.busy               ? "Signing in..."
                      : form.existing_account ? "Sign in"
                                              : "Continue";
  submit |= ImGui::Button(label, ImVec2(form.existing_account ? 200 : -1, 0));
  if (form.existing_account) {
    ImGui::SameLine();
    if (ImGui::Button("Use another name")) {
      model_->UseAnotherName();
      focus_first_field_ = true;
    }
  }
  ImGui::EndDisabled();
  ErrorText(form.error);
  if (submit) model_->SignIn();
  ImGui::EndChild();
}

}  // namespace parley::gui
