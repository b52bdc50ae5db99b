// libFuzzer target: arbitrary client messages through the server's side of a
// SCRAM-SHA-256 sign-in (src/common/scram.h), as an unauthenticated client
// sends them in BeginLogin and CompleteLogin. The input is a client-first
// message and a client-final message, split at the first NUL byte. Nothing
// may crash or trip ASan or UBSan, a malformed message must be refused as
// INVALID_ARGUMENT or UNAUTHENTICATED, and no input can sign in without the
// proof (the verifier's password is never used to make one here). Run by
// scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/scram.h"

namespace {

const parley::ScramVerifier& Verifier() {
  static const parley::ScramVerifier verifier = [] {
    absl::StatusOr<parley::ScramVerifier> v = parley::DeriveScramVerifier(
        "correct horse", "0123456789abcdef", parley::kScramMinIterations);
    if (!v.ok()) std::abort();
    return *v;
  }();
  return verifier;
}

// Only the codes the contract allows for a client's bad message.
void CheckRefusal(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument &&
      status.code() != absl::StatusCode::kUnauthenticated) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view client_first = input.substr(0, nul);
  const std::string_view client_final = nul == std::string_view::npos
                                            ? std::string_view()
                                            : input.substr(nul + 1);

  absl::StatusOr<std::unique_ptr<parley::ScramServer>> server =
      parley::ScramServer::Start(Verifier());
  if (!server.ok()) std::abort();
  absl::StatusOr<std::string> server_first = (*server)->Challenge(client_first);
  if (!server_first.ok()) {
    CheckRefusal(server_first.status());
    return 0;
  }
  (void)(*server)->authid();
  absl::StatusOr<std::string> server_final = (*server)->Verify(client_final);
  // The server's nonce is fresh and random, so no fixed input can carry a
  // proof for it: a success here would be a forged sign-in.
  if (server_final.ok()) std::abort();
  CheckRefusal(server_final.status());
  return 0;
}
