// The notebook's "register" flow, shared by the CLI and the desktop client:
// create the account and sign in to it, or sign in to it if the name is taken.
// The API cannot tell whether a name exists before a password is given
// (BeginLogin answers unknown names with a decoy challenge on purpose); only
// CreateAccount's ALREADY_EXISTS tells.
#ifndef PARLEY_CLIENT_REGISTER_OR_SIGN_IN_H_
#define PARLEY_CLIENT_REGISTER_OR_SIGN_IN_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chat/v1/chat.pb.h"
#include "client/chat_client.h"

namespace parley {

struct RegisterOrSignInResult {
  // Set when this call created the account.
  std::optional<chat::v1::CreateAccountResponse> created;
  // The name was taken, so this signed in to that account instead.
  bool existed = false;
  // The sign-in's answer, or the error that ended the flow: creating the
  // account's when neither `created` nor `existed` is set, else signing in's.
  absl::StatusOr<chat::v1::CompleteLoginResponse> login =
      absl::UnknownError("not attempted");
};

// Asked for the password of an account that turned out to exist (a terminal
// may ask the person again); an error ends the flow with it.
using ExistingPasswordFn = std::function<absl::StatusOr<std::string>()>;

// Checks `username` against the server's rule (common/text_rules.h) before
// deriving a verifier, creates the account with `password` and signs in to it.
// If the name is taken, signs in with `existing_password()`, or with
// `password` when that is null. On success `client` holds the new session's
// token. Errors, in `login`: INVALID_ARGUMENT for a name the rule refuses
// (nothing sent), else CreateAccount's and Login's (UNAUTHENTICATED for a
// wrong password of an existing account). Thread safety: as ChatClient's
// methods; blocks for the calls it makes.
RegisterOrSignInResult RegisterOrSignIn(
    ChatClient& client, std::string_view username, std::string_view password,
    const ExistingPasswordFn& existing_password = nullptr);

}  // namespace parley

#endif  // PARLEY_CLIENT_REGISTER_OR_SIGN_IN_H_
