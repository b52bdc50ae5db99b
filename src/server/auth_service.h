// Accounts and sign-in, independent of the transport: account creation from a
// SCRAM verifier, the two-step SCRAM-SHA-256 exchange that yields a session
// token, sign-out, and turning a token back into a Principal.
//
// A name that does not exist gets a challenge built from a salt derived from
// the name and a per-process secret, so BeginLogin answers alike for every name
// and CompleteLogin fails with the same UNAUTHENTICATED error as a wrong
// password. Failed sign-ins feed a LoginLimiter.
//
// Thread safety: safe for concurrent use. Dependencies are not owned and must
// outlive this. Errors: absl::Status codes as documented on each RPC in
// proto/chat/v1/chat.proto.
#ifndef PARLEY_SERVER_AUTH_SERVICE_H_
#define PARLEY_SERVER_AUTH_SERVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "chat/v1/chat.pb.h"
#include "common/clock.h"
#include "common/scram.h"
#include "server/hub.h"
#include "server/login_limiter.h"
#include "server/principal.h"
#include "server/service_options.h"
#include "server/session_cache.h"
#include "store/store.h"

namespace parley {

class AuthService {
 public:
  AuthService(store::Store* store, SessionCache* sessions, Hub* hub,
              LoginLimiter* limiter, Clock clock,
              const ServiceOptions& options);
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  absl::Status CreateAccount(const chat::v1::CreateAccountRequest& request,
                             chat::v1::CreateAccountResponse* response);
  absl::Status BeginLogin(const chat::v1::BeginLoginRequest& request,
                          chat::v1::BeginLoginResponse* response);
  absl::Status CompleteLogin(const chat::v1::CompleteLoginRequest& request,
                             chat::v1::CompleteLoginResponse* response);
  // Ends the caller's session and closes the streams opened with it.
  absl::Status Logout(const Principal& principal);
  // UNAUTHENTICATED unless `token` names a live session. May read the store.
  absl::StatusOr<Principal> Authenticate(std::string_view token);
  // Authenticate's answer if it needs no store read, else nullopt
  // (SessionCache::FindCached).
  std::optional<absl::StatusOr<Principal>> AuthenticateCached(
      std::string_view token);

 private:
  struct PendingLogin {
    std::unique_ptr<ScramServer> scram;
    int64_t account_id =
        0;                 // 0: no such account; the exchange is bound to fail
    std::string username;  // as the client typed it
    std::string registered_name;
    int64_t expires_at_us = 0;
  };

  ScramVerifier DecoyVerifier(std::string_view username) const;
  absl::Status AddPending(const std::string& login_id, PendingLogin pending);
  absl::StatusOr<PendingLogin> TakePending(const std::string& login_id);

  store::Store* const store_;
  SessionCache* const sessions_;
  Hub* const hub_;
  LoginLimiter* const limiter_;
  const Clock clock_;
  const ServiceOptions options_;
  const std::string decoy_secret_;

  absl::Mutex mu_;
  absl::flat_hash_map<std::string, PendingLogin> pending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_AUTH_SERVICE_H_
