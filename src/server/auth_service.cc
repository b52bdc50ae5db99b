#include "server/auth_service.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/text_rules.h"
#include "server/proto_convert.h"

namespace parley {
namespace {

constexpr size_t kMinSaltSize = 16;
constexpr size_t kMaxSaltSize = 64;
constexpr size_t kMaxScramMessageSize = 1024;

absl::Status WrongCredentials() {
  return absl::UnauthenticatedError("wrong username or password");
}

}  // namespace

AuthService::AuthService(store::Store* store, SessionCache* sessions, Hub* hub,
                         LoginLimiter* limiter, Clock clock,
                         const ServiceOptions& options)
    : store_(store),
      sessions_(sessions),
      hub_(hub),
      limiter_(limiter),
      clock_(std::move(clock)),
      options_(options),
      decoy_secret_(RandomBytes(32)) {}

absl::Status AuthService::CreateAccount(
    const chat::v1::CreateAccountRequest& request,
    chat::v1::CreateAccountResponse* response) {
  if (absl::Status s = ValidateUsername(request.username(), "username");
      !s.ok()) {
    return s;
  }
  if (request.salt().size() < kMinSaltSize ||
      request.salt().size() > kMaxSaltSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("salt must be ", kMinSaltSize, " to ", kMaxSaltSize,
                     " bytes (got ", request.salt().size(), ")"));
  }
  if (request.iterations() < options_.min_scram_iterations ||
      request.iterations() > kScramMaxIterations) {
    return absl::InvalidArgumentError(absl::StrCat(
        "iterations must be ", options_.min_scram_iterations, " to ",
        kScramMaxIterations, " (got ", request.iterations(), ")"));
  }
  if (request.stored_key().size() != kScramKeySize ||
      request.server_key().size() != kScramKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat("stored_key and server_key must be ", kScramKeySize,
                     " bytes each (SCRAM-SHA-256)"));
  }
  store::Credentials credentials{request.salt(), request.iterations(),
                                 request.stored_key(), request.server_key()};
  absl::StatusOr<store::AccountRecord> account =
      store_->CreateAccount(request.username(), credentials, clock_());
  if (!account.ok()) return account.status();
  ToProto(*account, response->mutable_account());
  return absl::OkStatus();
}

ScramVerifier AuthService::DecoyVerifier(std::string_view username) const {
  const std::string key = NameKey(username);
  ScramVerifier verifier;
  verifier.salt = HmacSha256(decoy_secret_, absl::StrCat("salt:", key))
                      .substr(0, kMinSaltSize);
  verifier.iterations = kScramMinIterations;
  // Keys nobody can match: the exchange proceeds normally and fails at the
  // proof.
  verifier.stored_key = RandomBytes(kScramKeySize);
  verifier.server_key = RandomBytes(kScramKeySize);
  return verifier;
}

absl::Status AuthService::BeginLogin(const chat::v1::BeginLoginRequest& request,
                                     chat::v1::BeginLoginResponse* response) {
  if (absl::Status s = ValidateUsername(request.username(), "username");
      !s.ok()) {
    return s;
  }
  if (request.client_first().empty() ||
      request.client_first().size() > kMaxScramMessageSize) {
    return absl::InvalidArgumentError(
        "client_first must be a SCRAM client-first-message");
  }
  const int64_t now = clock_();
  if (absl::Status s = limiter_->Check(request.username(), now); !s.ok()) {
    return s;
  }

  ScramVerifier verifier;
  int64_t account_id = 0;
  std::string registered_name;
  absl::StatusOr<store::AccountWithCredentials> found =
      store_->FindAccount(request.username());
  if (found.ok()) {
    account_id = found->account.id;
    registered_name = found->account.username;
    verifier = ScramVerifier{
        found->credentials.salt, found->credentials.iterations,
        found->credentials.stored_key, found->credentials.server_key};
  } else if (absl::IsNotFound(found.status())) {
    verifier = DecoyVerifier(request.username());
  } else {
    return found.status();
  }

  absl::StatusOr<std::unique_ptr<ScramServer>> scram =
      ScramServer::Start(verifier);
  if (!scram.ok()) return scram.status();
  absl::StatusOr<std::string> server_first =
      (*scram)->Challenge(request.client_first());
  if (!server_first.ok()) return server_first.status();
  if ((*scram)->authid() != request.username()) {
    return absl::InvalidArgumentError(
        "the user name inside client_first must equal the username field");
  }

  std::string login_id = HexEncode(RandomBytes(16));
  PendingLogin pending{*std::move(scram), account_id, request.username(),
                       std::move(registered_name),
                       now + options_.login_timeout_us};
  if (absl::Status s = AddPending(login_id, std::move(pending)); !s.ok()) {
    return s;
  }
  response->set_login_id(std::move(login_id));
  response->set_server_first(*std::move(server_first));
  return absl::OkStatus();
}

absl::Status AuthService::AddPending(const std::string& login_id,
                                     PendingLogin pending) {
  const int64_t now = clock_();
  absl::MutexLock lock(&mu_);
  if (pending_.size() >= options_.max_pending_logins) {
    absl::erase_if(pending_, [now](const auto& p) {
      return p.second.expires_at_us <= now;
    });
  }
  if (pending_.size() >= options_.max_pending_logins) {
    return absl::ResourceExhaustedError(
        "too many sign-ins in progress; try again shortly");
  }
  pending_.emplace(login_id, std::move(pending));
  return absl::OkStatus();
}

absl::StatusOr<AuthService::PendingLogin> AuthService::TakePending(
    const std::string& login_id) {
  absl::MutexLock lock(&mu_);
  auto it = pending_.find(login_id);
  if (it == pending_.end() || it->second.expires_at_us <= clock_()) {
    if (it != pending_.end()) pending_.erase(it);
    return absl::NotFoundError(
        "this sign-in attempt is unknown or has expired; call BeginLogin "
        "again");
  }
  PendingLogin pending = std::move(it->second);
  pending_.erase(it);
  return pending;
}

absl::Status AuthService::CompleteLogin(
    const chat::v1::CompleteLoginRequest& request,
    chat::v1::CompleteLoginResponse* response) {
  if (request.client_final().empty() ||
      request.client_final().size() > kMaxScramMessageSize) {
    return absl::InvalidArgumentError(
        "client_final must be a SCRAM client-final-message");
  }
  absl::StatusOr<PendingLogin> pending = TakePending(request.login_id());
  if (!pending.ok()) return pending.status();
  const int64_t now = clock_();
  absl::StatusOr<std::string> server_final =
      pending->scram->Verify(request.client_final());
  if (!server_final.ok() || pending->account_id == 0) {
    limiter_->RecordFailure(pending->username, now);
    if (server_final.ok() || absl::IsUnauthenticated(server_final.status())) {
      return WrongCredentials();
    }
    return server_final.status();
  }
  limiter_->RecordSuccess(pending->username);

  const std::string token = HexEncode(RandomBytes(32));
  Principal principal{pending->account_id, pending->registered_name,
                      SessionCache::HashToken(token)};
  const int64_t expires_at = now + options_.session_ttl_us;
  if (absl::Status s = store_->CreateSession(principal.token_hash,
                                             principal.account_id, expires_at);
      !s.ok()) {
    // The account was deleted while the exchange was in flight.
    return absl::IsNotFound(s) ? WrongCredentials() : s;
  }
  sessions_->Remember(principal, expires_at);
  absl::StatusOr<int64_t> unread = store_->CountUnread(principal.account_id);
  if (!unread.ok()) return unread.status();

  response->set_server_final(*std::move(server_final));
  response->set_session_token(token);
  ToTimestamp(expires_at, response->mutable_expires_at());
  response->set_unread_count(*unread);
  response->set_username(principal.username);
  return absl::OkStatus();
}

absl::Status AuthService::Logout(const Principal& principal) {
  if (absl::Status s = store_->DeleteSession(principal.token_hash); !s.ok()) {
    return s;
  }
  sessions_->Forget(principal.token_hash);
  hub_->CloseSession(
      principal.account_id, principal.token_hash,
      absl::UnauthenticatedError("signed out: this session has ended"));
  return absl::OkStatus();
}

absl::StatusOr<Principal> AuthService::Authenticate(std::string_view token) {
  return sessions_->Authenticate(token);
}

std::optional<absl::StatusOr<Principal>> AuthService::AuthenticateCached(
    std::string_view token) {
  return sessions_->FindCached(token);
}

}  // namespace parley
