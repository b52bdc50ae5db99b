// What the gRPC edge tells the rules about a call: the bearer token from the
// "authorization: Bearer <token>" metadata entry, the peer's address, and the
// call's cancellation.
#ifndef PARLEY_SERVER_GRPC_CALL_CONTEXT_H_
#define PARLEY_SERVER_GRPC_CALL_CONTEXT_H_

#include <grpcpp/server_context.h>

#include <string>

#include "server/engine/call_context.h"

namespace parley {

// The token of an "authorization: Bearer <token>" entry (the scheme without
// regard to case); empty if there is none.
std::string BearerToken(const grpc::ServerContextBase& context);

// The rules' view of a gRPC call. `context` must outlive the call's reply.
CallContext CallContextOf(grpc::CallbackServerContext* context);

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_CALL_CONTEXT_H_
