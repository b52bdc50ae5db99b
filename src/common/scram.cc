#include "common/scram.h"

#include <gsasl.h>

#include <cstdlib>
#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parley {
namespace {

constexpr char kMechanism[] = "SCRAM-SHA-256";

// libgsasl wants one context per process; starting sessions on it is serialized
// because the library does not promise that gsasl_*_start is safe in parallel
// on one context.
struct GsaslContext {
  Gsasl* ctx = nullptr;
  std::mutex start_mu;
};

GsaslContext& Context() {
  static GsaslContext* context = [] {
    auto* c = new GsaslContext;
    int rc = gsasl_init(&c->ctx);
    if (rc != GSASL_OK) {
      PARLEY_LOG(kError) << "libgsasl failed to start: " << gsasl_strerror(rc);
      std::abort();
    }
    return c;
  }();
  return *context;
}

absl::StatusOr<std::unique_ptr<GsaslSession>> StartSession(bool client) {
  GsaslContext& context = Context();
  Gsasl_session* session = nullptr;
  int rc;
  {
    std::lock_guard<std::mutex> lock(context.start_mu);
    rc = client ? gsasl_client_start(context.ctx, kMechanism, &session)
                : gsasl_server_start(context.ctx, kMechanism, &session);
  }
  if (rc != GSASL_OK) {
    return absl::InternalError(
        absl::StrCat("cannot start SCRAM: ", gsasl_strerror(rc)));
  }
  return std::make_unique<GsaslSession>(session);
}

absl::StatusOr<std::string> SaslPrep(std::string_view password) {
  if (password.empty()) {
    return absl::InvalidArgumentError("the password must not be empty");
  }
  char* prepped = nullptr;
  int stringprep_rc = 0;
  const std::string input(password);
  int rc = gsasl_saslprep(input.c_str(), GSASL_ALLOW_UNASSIGNED, &prepped,
                          &stringprep_rc);
  if (rc != GSASL_OK) {
    return absl::InvalidArgumentError(
        "the password contains characters that cannot be used in a password");
  }
  std::string out(prepped);
  gsasl_free(prepped);
  if (out.empty()) {
    return absl::InvalidArgumentError("the password must not be empty");
  }
  return out;
}

absl::Status SetProperty(Gsasl_session* session, Gsasl_property property,
                         const std::string& value) {
  int rc = gsasl_property_set(session, property, value.c_str());
  if (rc != GSASL_OK) {
    return absl::InternalError(
        absl::StrCat("cannot set SCRAM property: ", gsasl_strerror(rc)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ScramVerifier> DeriveScramVerifier(std::string_view password,
                                                  std::string_view salt,
                                                  uint32_t iterations) {
  absl::StatusOr<std::string> prepped = SaslPrep(password);
  if (!prepped.ok()) return prepped.status();
  Context();
  char salted[GSASL_HASH_MAX_SIZE];
  char client_key[GSASL_HASH_MAX_SIZE];
  char server_key[GSASL_HASH_MAX_SIZE];
  char stored_key[GSASL_HASH_MAX_SIZE];
  int rc = gsasl_scram_secrets_from_password(
      GSASL_HASH_SHA256, prepped->c_str(), iterations, salt.data(), salt.size(),
      salted, client_key, server_key, stored_key);
  if (rc != GSASL_OK) {
    return absl::InternalError(
        absl::StrCat("cannot derive SCRAM keys: ", gsasl_strerror(rc)));
  }
  ScramVerifier verifier;
  verifier.salt = std::string(salt);
  verifier.iterations = iterations;
  verifier.stored_key.assign(stored_key, kScramKeySize);
  verifier.server_key.assign(server_key, kScramKeySize);
  return verifier;
}

GsaslSession::~GsaslSession() { gsasl_finish(session_); }

absl::StatusOr<std::string> GsaslSession::Step(std::string_view input,
                                               bool* done) {
  char* output = nullptr;
  size_t output_len = 0;
  int rc =
      gsasl_step(session_, input.data(), input.size(), &output, &output_len);
  std::string out;
  if (output != nullptr) {
    out.assign(output, output_len);
    gsasl_free(output);
  }
  switch (rc) {
    case GSASL_OK:
      *done = true;
      return out;
    case GSASL_NEEDS_MORE:
      *done = false;
      return out;
    case GSASL_AUTHENTICATION_ERROR:
      return absl::UnauthenticatedError("the SCRAM proof did not match");
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "malformed SCRAM message (", gsasl_strerror_name(rc), ")"));
  }
}

absl::StatusOr<std::unique_ptr<ScramClient>> ScramClient::Start(
    std::string_view username, std::string_view password) {
  absl::StatusOr<std::string> prepped = SaslPrep(password);
  if (!prepped.ok()) return prepped.status();
  absl::StatusOr<std::unique_ptr<GsaslSession>> session = StartSession(true);
  if (!session.ok()) return session.status();
  std::unique_ptr<ScramClient> client(new ScramClient(*std::move(session)));
  Gsasl_session* s = client->session_->get();
  if (absl::Status st = SetProperty(s, GSASL_AUTHID, std::string(username));
      !st.ok()) {
    return st;
  }
  if (absl::Status st = SetProperty(s, GSASL_PASSWORD, *prepped); !st.ok()) {
    return st;
  }
  bool done = false;
  absl::StatusOr<std::string> first = client->session_->Step("", &done);
  if (!first.ok()) return first.status();
  client->client_first_ = *std::move(first);
  return client;
}

absl::StatusOr<std::string> ScramClient::Respond(
    std::string_view server_first) {
  bool done = false;
  absl::StatusOr<std::string> final_message =
      session_->Step(server_first, &done);
  if (!final_message.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the server's SCRAM challenge was not valid: ",
                     final_message.status().message()));
  }
  return final_message;
}

absl::Status ScramClient::VerifyServer(std::string_view server_final) {
  bool done = false;
  absl::StatusOr<std::string> rest = session_->Step(server_final, &done);
  if (!rest.ok() || !done) {
    return absl::UnauthenticatedError(
        "the server could not prove it knows this account's verifier");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ScramServer>> ScramServer::Start(
    const ScramVerifier& verifier) {
  absl::StatusOr<std::unique_ptr<GsaslSession>> session = StartSession(false);
  if (!session.ok()) return session.status();
  std::unique_ptr<ScramServer> server(new ScramServer(*std::move(session)));
  Gsasl_session* s = server->session_->get();
  // libgsasl takes the salt and both keys base64-encoded, the count in decimal.
  for (const auto& [property, value] :
       {std::pair{GSASL_SCRAM_ITER, absl::StrCat(verifier.iterations)},
        std::pair{GSASL_SCRAM_SALT, absl::Base64Escape(verifier.salt)},
        std::pair{GSASL_SCRAM_STOREDKEY,
                  absl::Base64Escape(verifier.stored_key)},
        std::pair{GSASL_SCRAM_SERVERKEY,
                  absl::Base64Escape(verifier.server_key)}}) {
    if (absl::Status st = SetProperty(s, property, value); !st.ok()) return st;
  }
  return server;
}

absl::StatusOr<std::string> ScramServer::Challenge(
    std::string_view client_first) {
  // RFC 5802 section 6: a client that demands channel binding ("p=...")
  // must be refused by a server that offers none, as this one does (its
  // TLS, when there is any, ends before the SCRAM layer).
  if (client_first.substr(0, 2) == "p=") {
    return absl::InvalidArgumentError(
        "client_first asks for channel binding, which this server does not "
        "offer; use the gs2 flag 'n' (or 'y')");
  }
  bool done = false;
  absl::StatusOr<std::string> reply = session_->Step(client_first, &done);
  if (!reply.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "client_first is not a SCRAM-SHA-256 client-first-message: ",
        reply.status().message()));
  }
  return reply;
}

std::string ScramServer::authid() const {
  const char* authid = gsasl_property_fast(session_->get(), GSASL_AUTHID);
  return authid == nullptr ? std::string() : std::string(authid);
}

absl::StatusOr<std::string> ScramServer::Verify(std::string_view client_final) {
  bool done = false;
  absl::StatusOr<std::string> reply = session_->Step(client_final, &done);
  if (!reply.ok()) return reply.status();
  if (!done) {
    return absl::UnauthenticatedError("the SCRAM exchange is incomplete");
  }
  return reply;
}

}  // namespace parley
