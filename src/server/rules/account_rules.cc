#include "server/rules/account_rules.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/text_rules.h"
#include "server/engine/client_address.h"
#include "server/engine/events.h"
#include "server/engine/proto_convert.h"
#include "server/rules/paging.h"

namespace parley {
namespace {

constexpr size_t kMinSaltSize = 16;
constexpr size_t kMaxSaltSize = 64;
constexpr size_t kMaxScramMessageSize = 1024;
constexpr char kAccountsToken[] = "accounts";

absl::Status WrongCredentials() {
  return absl::UnauthenticatedError("wrong username or password");
}

}  // namespace

AccountRules::AccountRules(AccountRulesDeps deps, Clock clock,
                           ServiceOptions options)
    : deps_(deps),
      clock_(std::move(clock)),
      options_(options),
      decoy_secret_(RandomBytes(32)) {}

void AccountRules::CreateAccount(const CallContext& call,
                                 const chat::v1::CreateAccountRequest& request,
                                 Reply<chat::v1::CreateAccountResponse> reply) {
  deps_.runner->Run<chat::v1::CreateAccountResponse>(
      call, [this, request] { return DoCreateAccount(request); },
      std::move(reply));
}

void AccountRules::BeginLogin(const CallContext& call,
                              const chat::v1::BeginLoginRequest& request,
                              Reply<chat::v1::BeginLoginResponse> reply) {
  deps_.runner->Run<chat::v1::BeginLoginResponse>(
      call,
      [this, request, address = ThrottleAddress(call.peer)] {
        return DoBeginLogin(request, address);
      },
      std::move(reply));
}

void AccountRules::CompleteLogin(const CallContext& call,
                                 const chat::v1::CompleteLoginRequest& request,
                                 Reply<chat::v1::CompleteLoginResponse> reply) {
  deps_.runner->Run<chat::v1::CompleteLoginResponse>(
      call, [this, request] { return DoCompleteLogin(request); },
      std::move(reply));
}

void AccountRules::Logout(const CallContext& call,
                          const chat::v1::LogoutRequest& /*request*/,
                          Reply<chat::v1::LogoutResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::LogoutResponse>(
      call, [this](const Principal& caller) { return DoLogout(caller); },
      std::move(reply));
}

void AccountRules::DeleteAccount(
    const CallContext& call, const chat::v1::DeleteAccountRequest& /*request*/,
    Reply<chat::v1::DeleteAccountResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::DeleteAccountResponse>(
      call, [this](const Principal& caller) { return DoDeleteAccount(caller); },
      std::move(reply));
}

void AccountRules::ListAccounts(const CallContext& call,
                                const chat::v1::ListAccountsRequest& request,
                                Reply<chat::v1::ListAccountsResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::ListAccountsResponse>(
      call,
      [this, request](const Principal&) { return DoListAccounts(request); },
      std::move(reply));
}

absl::StatusOr<chat::v1::CreateAccountResponse> AccountRules::DoCreateAccount(
    const chat::v1::CreateAccountRequest& request) {
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
      deps_.store->CreateAccount(request.username(), credentials, clock_());
  if (!account.ok()) return account.status();
  chat::v1::CreateAccountResponse response;
  ToProto(*account, response.mutable_account());
  return response;
}

ScramVerifier AccountRules::DecoyVerifier(std::string_view username) const {
  ScramVerifier verifier;
  verifier.salt =
      HmacSha256(decoy_secret_, absl::StrCat("salt:", NameKey(username)))
          .substr(0, kMinSaltSize);
  verifier.iterations = kScramMinIterations;
  // Keys nobody can match: the exchange proceeds normally and fails at the
  // proof.
  verifier.stored_key = RandomBytes(kScramKeySize);
  verifier.server_key = RandomBytes(kScramKeySize);
  return verifier;
}

absl::StatusOr<chat::v1::BeginLoginResponse> AccountRules::DoBeginLogin(
    const chat::v1::BeginLoginRequest& request, const std::string& address) {
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
  // Admitted before the store is asked, so a refused attempt costs little;
  // from here on the attempt counts as failed until its proof succeeds.
  if (absl::Status s = deps_.limiter->Admit(request.username(), address, now);
      !s.ok()) {
    return s;
  }

  ScramVerifier verifier;
  int64_t account_id = 0;
  std::string registered_name;
  absl::StatusOr<store::AccountWithCredentials> found =
      deps_.store->FindAccount(request.username());
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
  PendingLogin pending{
      *std::move(scram),          account_id, request.username(),
      std::move(registered_name), address,    now + options_.login_timeout_us};
  deps_.pending->Add(login_id, std::move(pending), now);
  chat::v1::BeginLoginResponse response;
  response.set_login_id(std::move(login_id));
  response.set_server_first(*std::move(server_first));
  return response;
}

absl::StatusOr<chat::v1::CompleteLoginResponse> AccountRules::DoCompleteLogin(
    const chat::v1::CompleteLoginRequest& request) {
  if (request.client_final().empty() ||
      request.client_final().size() > kMaxScramMessageSize) {
    return absl::InvalidArgumentError(
        "client_final must be a SCRAM client-final-message");
  }
  absl::StatusOr<PendingLogin> pending =
      deps_.pending->Take(request.login_id(), clock_());
  if (!pending.ok()) return pending.status();
  const int64_t now = clock_();
  absl::StatusOr<std::string> server_final =
      pending->scram->Verify(request.client_final());
  if (!server_final.ok() || pending->account_id == 0) {
    // The attempt stays charged to the limiter: it failed.
    if (server_final.ok() || absl::IsUnauthenticated(server_final.status())) {
      sign_in_failures_.Add();
      return WrongCredentials();
    }
    return server_final.status();
  }
  deps_.limiter->RecordSuccess(pending->username, pending->address, now);

  const std::string token = HexEncode(RandomBytes(32));
  Principal principal{pending->account_id, pending->registered_name,
                      SessionCache::HashToken(token)};
  const int64_t expires_at = now + options_.session_ttl_us;
  if (absl::Status s = deps_.store->CreateSession(
          principal.token_hash, principal.account_id, expires_at);
      !s.ok()) {
    // The account was deleted while the exchange was in flight.
    return absl::IsNotFound(s) ? WrongCredentials() : s;
  }
  deps_.sessions->Remember(principal, expires_at);
  absl::StatusOr<int64_t> unread =
      deps_.store->CountUnread(principal.account_id);
  if (!unread.ok()) return unread.status();

  chat::v1::CompleteLoginResponse response;
  response.set_server_final(*std::move(server_final));
  response.set_session_token(token);
  ToTimestamp(expires_at, response.mutable_expires_at());
  response.set_unread_count(*unread);
  response.set_username(principal.username);
  return response;
}

absl::StatusOr<chat::v1::LogoutResponse> AccountRules::DoLogout(
    const Principal& caller) {
  if (absl::Status s = deps_.store->DeleteSession(caller.token_hash); !s.ok()) {
    return s;
  }
  deps_.sessions->Forget(caller.token_hash);
  deps_.hub->CloseSession(
      caller.account_id, caller.token_hash,
      absl::UnauthenticatedError("signed out: this session has ended"));
  return chat::v1::LogoutResponse();
}

absl::StatusOr<chat::v1::DeleteAccountResponse> AccountRules::DoDeleteAccount(
    const Principal& caller) {
  CommitEvents events = deps_.sequencer->NewEvents();
  absl::StatusOr<store::DeletedAccount> deleted = deps_.sequencer->Run(
      &events, [&](CommitEvents& e) -> absl::StatusOr<store::DeletedAccount> {
        absl::StatusOr<store::DeletedAccount> result =
            deps_.store->DeleteAccount(caller.account_id);
        if (!result.ok()) return result;
        deps_.directory->Forget(caller.username);
        deps_.sessions->ForgetAccount(caller.account_id);
        e.CloseStreams(caller.account_id,
                       absl::UnauthenticatedError(
                           "this account was deleted; its sessions ended"));
        const EventPtr event = AccountDeletedEvent(caller.username);
        for (const store::AccountRecord& peer : result->peers) {
          if (peer.id != caller.account_id) e.Publish(peer.id, event);
        }
        return result;
      });
  events.Start();
  if (!deleted.ok()) return deleted.status();
  chat::v1::DeleteAccountResponse response;
  response.set_deleted_messages(deleted->deleted_messages);
  return response;
}

absl::StatusOr<chat::v1::ListAccountsResponse> AccountRules::DoListAccounts(
    const chat::v1::ListAccountsRequest& request) {
  if (request.pattern().size() > kMaxPatternLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pattern must be at most ", kMaxPatternLength, " characters"));
  }
  absl::StatusOr<int> page_size = PageSize(
      request.page_size(), options_.default_page_size, options_.max_page_size);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> after =
      DecodePageToken(kAccountsToken, request.page_token());
  if (!after.ok()) return after.status();
  const std::string pattern =
      request.pattern().empty() ? "*" : request.pattern();
  absl::StatusOr<store::AccountPage> page =
      deps_.store->ListAccounts(pattern, *after, *page_size + 1);
  if (!page.ok()) return page.status();
  chat::v1::ListAccountsResponse response;
  const bool more = TrimPage(page->accounts, *page_size);
  for (const store::AccountRecord& account : page->accounts) {
    ToProto(account, response.add_accounts());
  }
  if (more) {
    response.set_next_page_token(
        EncodePageToken(kAccountsToken, page->accounts.back().username));
  }
  response.set_total_count(page->total_count);
  return response;
}

}  // namespace parley
