#include "client/gui/session_model.h"

#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/gui/display_text.h"

namespace parley::gui {
namespace {

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace

SessionModel::SessionModel(AsyncCaller* calls, NoticeList* notices,
                           ByteCounter* bytes, absl::Duration call_timeout,
                           SignedInFn signed_in)
    : calls_(calls),
      notices_(notices),
      bytes_(bytes),
      call_timeout_(call_timeout),
      signed_in_(std::move(signed_in)) {}

void SessionModel::ChooseProtocol(Protocol protocol) {
  ConnectForm& form = connect_;
  if (form.busy) return;
  const std::string old_port = absl::StrCat(":", DefaultPort(form.protocol));
  const std::string address = Trimmed(form.address);
  if (absl::EndsWith(address, old_port)) {
    form.address =
        absl::StrCat(address.substr(0, address.size() - old_port.size()), ":",
                     DefaultPort(protocol));
  }
  form.protocol = protocol;
}

void SessionModel::Connect() {
  ConnectForm& form = connect_;
  if (form.busy) return;
  form.address_error.clear();
  form.ca_error.clear();
  const std::string address = Trimmed(form.address);
  if (address.empty()) {
    form.address_error =
        absl::StrCat("Enter the server's address, e.g. 127.0.0.1:",
                     DefaultPort(form.protocol), ".");
    return;
  }
  if (form.use_tls && Trimmed(form.ca_path).empty()) {
    form.ca_error =
        "Enter the CA certificate (a PEM file) that signed the server's "
        "certificate.";
    return;
  }
  ClientOptions options;
  options.protocol = form.protocol;
  options.address = address;
  options.tls_ca_path = form.use_tls ? Trimmed(form.ca_path) : "";
  options.bytes = bytes_;
  options.call_timeout = call_timeout_;
  absl::StatusOr<std::unique_ptr<ChatClient>> client =
      ChatClient::Connect(options);
  if (!client.ok()) {
    form.ca_error = Sentence(client.status());
    return;
  }
  calls_->NewEpoch();
  calls_->set_client(*std::move(client));
  form.busy = true;
  // Without a token every RPC but sign-in answers UNAUTHENTICATED: proof that a
  // Parley server is there, at the cost of one tiny call and nothing stored.
  calls_->Run(
      [](ChatClient& c) { return c.ListAccounts("", 1, "").status(); },
      [this, address, protocol = form.protocol](const absl::Status& status) {
        ApplyProbe(address, protocol, status);
      });
}

void SessionModel::ApplyProbe(const std::string& address, Protocol protocol,
                              const absl::Status& status) {
  connect_.busy = false;
  if (status.ok() || absl::IsUnauthenticated(status)) {
    server_address_ = address;
    server_protocol_ = protocol;
    sign_in_.error.clear();
    screen_ = Screen::kSignIn;
    return;
  }
  if (absl::IsUnimplemented(status)) {
    connect_.address_error = absl::StrCat("Something answers at ", address,
                                          ", but it is not a Parley server.");
  } else if (absl::IsUnavailable(status)) {
    connect_.address_error =
        absl::StrCat("Cannot reach ", address, ": ", status.message(), ".");
  } else {
    connect_.address_error = DescribeError(status);
  }
}

void SessionModel::ChangeServer() {
  if (screen_ != Screen::kSignIn) return;
  calls_->NewEpoch();
  sign_in_.busy = false;
  connect_.busy = false;
  screen_ = Screen::kConnect;
}

void SessionModel::SignIn() {
  SignInForm& form = sign_in_;
  if (form.busy || calls_->client() == nullptr || screen_ != Screen::kSignIn) {
    return;
  }
  form.name_error.clear();
  form.password_error.clear();
  form.error.clear();
  const std::string name = Trimmed(form.name);
  if (name.empty()) {
    form.name_error = "Enter a name.";
    return;
  }
  if (form.password.empty()) {
    form.password_error = "Enter a password.";
    return;
  }
  form.name = name;
  form.busy = true;
  const bool existing = form.existing_account;
  const std::string password = form.password;
  calls_->Run(
      [name, password, existing](ChatClient& c) {
        if (!existing) return RegisterOrSignIn(c, name, password);
        RegisterOrSignInResult result;
        result.existed = true;
        result.login = c.Login(name, password);
        return result;
      },
      [this, name](const RegisterOrSignInResult& result) {
        ApplySignIn(name, result);
      });
}

void SessionModel::ApplySignIn(const std::string& name,
                               const RegisterOrSignInResult& result) {
  SignInForm& form = sign_in_;
  form.busy = false;
  const absl::Status& status = result.login.status();
  if (!result.created && !result.existed) {
    // Creating the account failed, for a reason other than the name's owner.
    if (absl::IsInvalidArgument(status)) {
      form.name_error = Sentence(status);
    } else {
      form.error = DescribeError(status);
    }
    return;
  }
  form.existing_account = true;
  if (!result.login.ok()) {
    if (absl::IsUnauthenticated(status)) {
      form.password.clear();
      form.password_error = result.existed
                                ? absl::StrCat("Wrong password for ", name, ".")
                                : Sentence(status);
    } else if (absl::IsResourceExhausted(status)) {
      form.password_error = Sentence(status);
    } else if (absl::IsNotFound(status)) {
      form.error = "The sign-in took too long and expired. Try again.";
    } else {
      form.error = DescribeError(status);
    }
    return;
  }
  form.password.clear();
  if (result.created) {
    notices_->Add(false, absl::StrCat("Created the account ",
                                      result.login->username(), "."));
  }
  signed_in_(*result.login);
}

void SessionModel::UseAnotherName() {
  if (sign_in_.busy) return;
  sign_in_ = SignInForm();
}

void SessionModel::Enter(const chat::v1::CompleteLoginResponse& login) {
  username_ = login.username();
  login_unread_ = login.unread_count();
  screen_ = Screen::kChat;
  notices_->Add(false, absl::StrCat("Signed in as ", username_, ". You have ",
                                    Plural(login_unread_, "unread message",
                                           "unread messages"),
                                    "."));
}

void SessionModel::Leave(const std::string& why, bool is_error,
                         bool name_exists) {
  username_.clear();
  login_unread_ = 0;
  sign_in_.password.clear();
  sign_in_.busy = false;
  sign_in_.existing_account = name_exists;
  sign_in_.name_error.clear();
  sign_in_.password_error.clear();
  sign_in_.error = is_error ? why : "";
  if (!is_error) notices_->Add(false, why);
  screen_ = Screen::kSignIn;
}

}  // namespace parley::gui
