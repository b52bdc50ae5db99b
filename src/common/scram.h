// SCRAM-SHA-256 (RFC 5802, RFC 7677) for Parley's sign-in, over GNU SASL
// (libgsasl).
//
// The client derives a verifier (salt, iterations, StoredKey, ServerKey) from
// the password when it creates an account; the server keeps only the verifier,
// which does not let anyone sign in. Sign-in is the SCRAM exchange:
// client-first, server-first, client-final, server-final, after which each side
// knows the other holds its half of the secret.
//
// Thread safety: the free functions are thread-safe. A ScramClient or
// ScramServer is one exchange and must be used by one thread at a time;
// distinct objects may be used in parallel.
#ifndef PARLEY_COMMON_SCRAM_H_
#define PARLEY_COMMON_SCRAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct Gsasl_session;

namespace parley {

// RFC 7677 asks for at least 4096 PBKDF2 iterations.
inline constexpr uint32_t kScramMinIterations = 4096;
inline constexpr uint32_t kScramMaxIterations = 10'000'000;
inline constexpr size_t kScramKeySize = 32;

struct ScramVerifier {
  std::string salt;  // raw bytes
  uint32_t iterations = 0;
  std::string stored_key;  // raw 32 bytes
  std::string server_key;  // raw 32 bytes
};

// Derives the verifier for `password` (SASLprep-normalized first).
// INVALID_ARGUMENT if the password is empty or not valid for SASLprep.
absl::StatusOr<ScramVerifier> DeriveScramVerifier(std::string_view password,
                                                  std::string_view salt,
                                                  uint32_t iterations);

// Owns one libgsasl session; closes it when destroyed.
class GsaslSession {
 public:
  explicit GsaslSession(Gsasl_session* session) : session_(session) {}
  ~GsaslSession();
  GsaslSession(const GsaslSession&) = delete;
  GsaslSession& operator=(const GsaslSession&) = delete;

  // Feeds one message of the exchange and returns the reply. `done` tells
  // whether the exchange finished successfully on this side. UNAUTHENTICATED
  // when the peer's proof fails, INVALID_ARGUMENT when the message is
  // malformed.
  absl::StatusOr<std::string> Step(std::string_view input, bool* done);
  Gsasl_session* get() const { return session_; }

 private:
  Gsasl_session* session_;
};

// The client's side of one sign-in.
class ScramClient {
 public:
  // INVALID_ARGUMENT if the password is empty or not valid for SASLprep.
  static absl::StatusOr<std::unique_ptr<ScramClient>> Start(
      std::string_view username, std::string_view password);

  // The client-first-message to send.
  const std::string& client_first() const { return client_first_; }
  // Given the server-first-message, the client-final-message to send.
  absl::StatusOr<std::string> Respond(std::string_view server_first);
  // Checks the server-final-message: UNAUTHENTICATED if the server did not
  // prove it knows the verifier (a server impersonating the real one).
  absl::Status VerifyServer(std::string_view server_final);

 private:
  explicit ScramClient(std::unique_ptr<GsaslSession> session)
      : session_(std::move(session)) {}
  std::unique_ptr<GsaslSession> session_;
  std::string client_first_;
};

// The server's side of one sign-in, against a stored verifier.
class ScramServer {
 public:
  static absl::StatusOr<std::unique_ptr<ScramServer>> Start(
      const ScramVerifier& verifier);

  // Given the client-first-message, the server-first-message. INVALID_ARGUMENT
  // if malformed, or if it demands channel binding (gs2 flag "p=").
  absl::StatusOr<std::string> Challenge(std::string_view client_first);
  // The user name the client put in its client-first-message (after Challenge).
  std::string authid() const;
  // Given the client-final-message, the server-final-message. UNAUTHENTICATED
  // if the proof does not match the verifier.
  absl::StatusOr<std::string> Verify(std::string_view client_final);

 private:
  explicit ScramServer(std::unique_ptr<GsaslSession> session)
      : session_(std::move(session)) {}
  std::unique_ptr<GsaslSession> session_;
};

}  // namespace parley

#endif  // PARLEY_COMMON_SCRAM_H_
