#include "client/register_or_sign_in.h"

#include "common/text_rules.h"

namespace parley {

RegisterOrSignInResult RegisterOrSignIn(
    ChatClient& client, std::string_view username, std::string_view password,
    const ExistingPasswordFn& existing_password) {
  RegisterOrSignInResult result;
  // The server would refuse the name too, but only after the verifier's
  // PBKDF2 work here.
  if (absl::Status valid = ValidateUsername(
          absl::string_view(username.data(), username.size()), "username");
      !valid.ok()) {
    result.login = valid;
    return result;
  }
  absl::StatusOr<chat::v1::CreateAccountResponse> created =
      client.CreateAccount(username, password);
  if (created.ok()) {
    result.created = *std::move(created);
    result.login = client.Login(username, password);
    return result;
  }
  if (!absl::IsAlreadyExists(created.status())) {
    result.login = created.status();
    return result;
  }
  result.existed = true;
  if (!existing_password) {
    result.login = client.Login(username, password);
    return result;
  }
  absl::StatusOr<std::string> other = existing_password();
  result.login = other.ok() ? client.Login(username, *other) : other.status();
  return result;
}

}  // namespace parley
