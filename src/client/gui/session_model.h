// The connect and sign-in screens of the desktop client: which server it talks
// to, who is signed in, and the two forms that get there. A part of
// ChatViewModel (chat_view_model.h), which starts and ends the rest of a
// session around it.
//
// Thread safety: the UI thread only. Errors become text in the forms.
#ifndef PARLEY_CLIENT_GUI_SESSION_MODEL_H_
#define PARLEY_CLIENT_GUI_SESSION_MODEL_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chat/v1/chat.pb.h"
#include "client/gui/async_caller.h"
#include "client/gui/notice_list.h"
#include "client/gui/view_state.h"
#include "client/register_or_sign_in.h"
#include "interceptors/byte_counter.h"

namespace parley::gui {

class SessionModel {
 public:
  using SignedInFn =
      std::function<void(const chat::v1::CompleteLoginResponse& login)>;

  // Not owned, all must outlive this: `calls`, `notices`, and `bytes` (which
  // counts every client's traffic). `signed_in` runs on the UI thread when a
  // sign-in succeeds.
  SessionModel(AsyncCaller* calls, NoticeList* notices, ByteCounter* bytes,
               absl::Duration call_timeout, SignedInFn signed_in);

  Screen screen() const { return screen_; }
  ConnectForm& connect_form() { return connect_; }
  SignInForm& sign_in_form() { return sign_in_; }
  // The address Connect reached ("" before), and the protocol it speaks.
  const std::string& server_address() const { return server_address_; }
  Protocol server_protocol() const { return server_protocol_; }
  // The signed-in account's name as registered ("" when signed out).
  const std::string& username() const { return username_; }
  // The unread count the sign-in (or since, the stream's CaughtUp) reported.
  int64_t login_unread() const { return login_unread_; }
  void set_login_unread(int64_t unread) { login_unread_ = unread; }

  // Connect screen: picks the form's protocol; an address on the old
  // protocol's default port moves to the new one's (any other is kept).
  void ChooseProtocol(Protocol protocol);
  // Connect screen: makes a client for the form and checks that a Parley
  // server answers there; on success, the sign-in screen follows.
  void Connect();
  // Sign-in screen: back to the connect screen.
  void ChangeServer();
  // Sign-in screen: RegisterOrSignIn with the form, or only signs in once the
  // form is an existing account's password prompt.
  void SignIn();
  // Leaves the password prompt of an existing account to type another name.
  void UseAnotherName();

  // The chat screen, signed in as `login` says.
  void Enter(const chat::v1::CompleteLoginResponse& login);
  // Back to the sign-in screen: `why` goes under the form when `is_error`,
  // else into a notice; `name_exists` keeps the form the account's prompt.
  void Leave(const std::string& why, bool is_error, bool name_exists);

 private:
  void ApplyProbe(const std::string& address, Protocol protocol,
                  const absl::Status& status);
  void ApplySignIn(const std::string& name,
                   const RegisterOrSignInResult& result);

  AsyncCaller* const calls_;
  NoticeList* const notices_;
  ByteCounter* const bytes_;
  const absl::Duration call_timeout_;
  const SignedInFn signed_in_;

  Screen screen_ = Screen::kConnect;
  ConnectForm connect_;
  SignInForm sign_in_;
  std::string server_address_;
  Protocol server_protocol_ = Protocol::kGrpc;
  std::string username_;
  int64_t login_unread_ = 0;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_SESSION_MODEL_H_
