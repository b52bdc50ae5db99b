// What a transport's edge knows about one call, in the rules' vocabulary: the
// caller's session token, where the call comes from, and whether the client
// has given up on it. Every edge (gRPC, binary, JSON) builds one per call.
#ifndef PARLEY_SERVER_ENGINE_CALL_CONTEXT_H_
#define PARLEY_SERVER_ENGINE_CALL_CONTEXT_H_

#include <functional>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"

namespace parley {

struct CallContext {
  // The bearer token as the client sent it; empty when there is none.
  std::string token;
  // The client's address (for example "ipv4:127.0.0.1:5555"), for throttling
  // and logs; empty when the transport cannot tell.
  std::string peer;
  // True once the client has cancelled the call or gone away; unset when the
  // transport cannot tell. Must stay callable until the call's reply.
  std::function<bool()> cancelled;
};

// How a call's outcome goes back to its edge: called exactly once, from any
// thread, with the response or the status to answer with.
template <typename Response>
using Reply = absl::AnyInvocable<void(absl::StatusOr<Response>) &&>;

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_CALL_CONTEXT_H_
