// Creates and signs in the accounts a scenario needs, through the client
// library (ChatClient), so each goes through the real SCRAM exchange. This is
// setup, not traffic: every account costs the client two PBKDF2 derivations of
// 4096 iterations (one for its verifier, one to sign in), a few milliseconds of
// CPU each, which is why scenarios time it apart from message traffic.
#ifndef PARLEY_BENCH_ACCOUNT_SETUP_H_
#define PARLEY_BENCH_ACCOUNT_SETUP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "endpoint.h"
#include "interceptors/byte_counter.h"

namespace parley::bench {

struct BenchAccount {
  std::string name;
  std::string token;          // the session token
  std::string authorization;  // "Bearer <token>", ready for the metadata
};

// Creates `count` accounts named `<prefix><index>` and signs each in, on
// `threads` threads, over endpoint's protocol; account i on server instance
// endpoint.InstanceOf(i), where the scenarios' connection i goes too (a
// session is valid on every instance of a cluster either way). Fails with the
// first error. When `bytes` is set, the payload bytes of setup are counted
// there.
absl::StatusOr<std::vector<BenchAccount>> CreateAccounts(
    const Endpoint& endpoint, const std::string& prefix, int count, int threads,
    ByteCounter* bytes = nullptr);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_ACCOUNT_SETUP_H_
