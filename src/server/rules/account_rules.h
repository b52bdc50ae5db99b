// The rules of accounts and sign-in, for every transport: creating an account
// from a SCRAM verifier, the two-step SCRAM-SHA-256 exchange that yields a
// session token, signing out, deleting the caller's account (with every
// message it sent or received) and listing accounts by wildcard.
//
// A name that does not exist gets a challenge built from a salt derived from
// the name and a per-process secret, so BeginLogin answers alike for every
// name and CompleteLogin fails with the same UNAUTHENTICATED error as a wrong
// password. Every sign-in attempt is charged to the
// LoginLimiter until it succeeds.
//
// Every method takes a decoded chat.v1 request, valid only during the call
// (what is needed later is copied), and answers through `reply` exactly once,
// from any thread: on the calling thread for a request refused at once, else
// on a worker. Error codes are those documented on each RPC in
// proto/chat/v1/chat.proto. Thread safety: safe for concurrent use.
// Dependencies are not owned and must outlive the rules.
#ifndef PARLEY_SERVER_RULES_ACCOUNT_RULES_H_
#define PARLEY_SERVER_RULES_ACCOUNT_RULES_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chat/v1/chat.pb.h"
#include "common/clock.h"
#include "common/scram.h"
#include "server/engine/account_directory.h"
#include "server/engine/call_runner.h"
#include "server/engine/commit_sequencer.h"
#include "server/engine/hub.h"
#include "server/engine/login_limiter.h"
#include "server/engine/metrics.h"
#include "server/engine/pending_logins.h"
#include "server/engine/session_cache.h"
#include "server/rules/service_options.h"
#include "store/store.h"

namespace parley {

// What the account rules work with.
struct AccountRulesDeps {
  store::Store* store = nullptr;
  CallRunner* runner = nullptr;
  SessionCache* sessions = nullptr;
  AccountDirectory* directory = nullptr;
  CommitSequencer* sequencer = nullptr;
  Hub* hub = nullptr;
  LoginLimiter* limiter = nullptr;
  PendingLogins* pending = nullptr;
};

class AccountRules {
 public:
  AccountRules(AccountRulesDeps deps, Clock clock, ServiceOptions options);
  AccountRules(const AccountRules&) = delete;
  AccountRules& operator=(const AccountRules&) = delete;

  // Stores a new account; ALREADY_EXISTS if the name is taken (without regard
  // to case), INVALID_ARGUMENT for a bad name or verifier.
  void CreateAccount(const CallContext& call,
                     const chat::v1::CreateAccountRequest& request,
                     Reply<chat::v1::CreateAccountResponse> reply);
  // Step one of SCRAM: the server-first message and a login id, alike for
  // every name. RESOURCE_EXHAUSTED while the LoginLimiter throttles the name
  // or the caller's address (call.peer), or too many sign-ins are in
  // progress.
  void BeginLogin(const CallContext& call,
                  const chat::v1::BeginLoginRequest& request,
                  Reply<chat::v1::BeginLoginResponse> reply);
  // Step two: checks the proof and opens a session. UNAUTHENTICATED for a
  // wrong name or password, NOT_FOUND for an unknown or expired login id.
  void CompleteLogin(const CallContext& call,
                     const chat::v1::CompleteLoginRequest& request,
                     Reply<chat::v1::CompleteLoginResponse> reply);
  // Ends the caller's session and closes the streams opened with it, on
  // every server on the database.
  void Logout(const CallContext& call, const chat::v1::LogoutRequest& request,
              Reply<chat::v1::LogoutResponse> reply);
  // Deletes the caller's account, its sessions and every message it sent or
  // received; ends its streams and tells its peers' streams, on every server
  // on the database.
  void DeleteAccount(const CallContext& call,
                     const chat::v1::DeleteAccountRequest& request,
                     Reply<chat::v1::DeleteAccountResponse> reply);
  // A page of accounts whose names match the wildcard pattern.
  // INVALID_ARGUMENT for a pattern over kMaxPatternLength, a bad page size or
  // a page token from elsewhere.
  void ListAccounts(const CallContext& call,
                    const chat::v1::ListAccountsRequest& request,
                    Reply<chat::v1::ListAccountsResponse> reply);

  // Sign-ins refused for a wrong name or password so far.
  int64_t sign_in_failures() const { return sign_in_failures_.value(); }

 private:
  absl::StatusOr<chat::v1::CreateAccountResponse> DoCreateAccount(
      const chat::v1::CreateAccountRequest& request);
  absl::StatusOr<chat::v1::BeginLoginResponse> DoBeginLogin(
      const chat::v1::BeginLoginRequest& request, const std::string& address);
  absl::StatusOr<chat::v1::CompleteLoginResponse> DoCompleteLogin(
      const chat::v1::CompleteLoginRequest& request);
  absl::StatusOr<chat::v1::LogoutResponse> DoLogout(const Principal& caller);
  absl::StatusOr<chat::v1::DeleteAccountResponse> DoDeleteAccount(
      const Principal& caller);
  absl::StatusOr<chat::v1::ListAccountsResponse> DoListAccounts(
      const chat::v1::ListAccountsRequest& request);
  ScramVerifier DecoyVerifier(std::string_view username) const;

  const AccountRulesDeps deps_;
  const Clock clock_;
  const ServiceOptions options_;
  const std::string decoy_secret_;
  Counter sign_in_failures_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_RULES_ACCOUNT_RULES_H_
