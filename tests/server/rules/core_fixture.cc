#include "server/rules/core_fixture.h"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "common/crypto.h"
#include "common/scram.h"

namespace parley::testing {

CoreFixture::CoreFixture(const std::function<void(CoreOptions&)>& customize) {
  absl::StatusOr<std::unique_ptr<store::SqliteStore>> opened =
      store::SqliteStore::Open((dir_.path() / "core.db").string(), {});
  if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
  store_ = *std::move(opened);
  CoreOptions options;
  options.workers = 2;
  if (customize) customize(options);
  core_ = std::make_unique<ChatCore>(store_.get(), options);
}

CoreFixture::~CoreFixture() {
  core_->CloseStreams(absl::UnavailableError("the test is over"));
  core_->Shutdown();
}

CallContext CoreFixture::SignUp(const std::string& name,
                                const std::string& password) {
  const std::string salt = RandomBytes(16);
  absl::StatusOr<ScramVerifier> verifier =
      DeriveScramVerifier(password, salt, kScramMinIterations);
  REQUIRE(verifier.ok());
  chat::v1::CreateAccountRequest create;
  create.set_username(name);
  create.set_salt(verifier->salt);
  create.set_iterations(verifier->iterations);
  create.set_stored_key(verifier->stored_key);
  create.set_server_key(verifier->server_key);
  absl::StatusOr<chat::v1::CreateAccountResponse> created =
      Call(core().accounts(), &AccountRules::CreateAccount, {}, create);
  INFO(created.status().ToString());
  REQUIRE(created.ok());
  absl::StatusOr<CallContext> signed_in = SignIn(name, password);
  INFO(signed_in.status().ToString());
  REQUIRE(signed_in.ok());
  return *signed_in;
}

absl::StatusOr<CallContext> CoreFixture::SignIn(const std::string& name,
                                                const std::string& password,
                                                const std::string& peer) {
  CallContext from;
  from.peer = peer;
  absl::StatusOr<std::unique_ptr<ScramClient>> scram =
      ScramClient::Start(name, password);
  if (!scram.ok()) return scram.status();
  chat::v1::BeginLoginRequest begin;
  begin.set_username(name);
  begin.set_client_first((*scram)->client_first());
  absl::StatusOr<chat::v1::BeginLoginResponse> challenge =
      Call(core().accounts(), &AccountRules::BeginLogin, from, begin);
  if (!challenge.ok()) return challenge.status();
  absl::StatusOr<std::string> final_message =
      (*scram)->Respond(challenge->server_first());
  if (!final_message.ok()) return final_message.status();
  chat::v1::CompleteLoginRequest complete;
  complete.set_login_id(challenge->login_id());
  complete.set_client_final(*final_message);
  absl::StatusOr<chat::v1::CompleteLoginResponse> session =
      Call(core().accounts(), &AccountRules::CompleteLogin, from, complete);
  if (!session.ok()) return session.status();
  CallContext call;
  call.token = session->session_token();
  return call;
}

absl::Status CoreFixture::BeginOnly(const std::string& name,
                                    const std::string& peer) {
  absl::StatusOr<std::unique_ptr<ScramClient>> scram =
      ScramClient::Start(name, "whatever");
  if (!scram.ok()) return scram.status();
  chat::v1::BeginLoginRequest begin;
  begin.set_username(name);
  begin.set_client_first((*scram)->client_first());
  CallContext from;
  from.peer = peer;
  return Call(core().accounts(), &AccountRules::BeginLogin, from, begin)
      .status();
}

std::shared_ptr<EventStream> CoreFixture::Subscribe(
    const CallContext& caller, RecordingWriter* writer,
    std::optional<int64_t> after_id) {
  std::shared_ptr<EventStream> stream =
      core().subscriptions().NewStream(writer);
  writer->CompleteWrites(stream);
  chat::v1::SubscribeRequest request;
  if (after_id) request.set_after_id(*after_id);
  core().subscriptions().Open(stream, caller, request);
  return stream;
}

}  // namespace parley::testing
