// The bridge from a transport-neutral rule to a gRPC unary call: the call's
// context goes in, and the rule's reply is moved into the response gRPC owns
// before the call finishes with the mapped status.
#ifndef PARLEY_SERVER_GRPC_UNARY_CALL_H_
#define PARLEY_SERVER_GRPC_UNARY_CALL_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "server/engine/call_context.h"
#include "server/grpc/call_context.h"
#include "server/grpc/status_mapping.h"

namespace parley {

// Runs `(rules->*rule)` for one unary call and returns the call's reactor.
// `request` and `response` are gRPC's and stay valid until the reply.
template <typename Rules, typename Request, typename Response>
grpc::ServerUnaryReactor* RunUnary(
    grpc::CallbackServerContext* context, const Request* request,
    Response* response, Rules* rules,
    void (Rules::*rule)(const CallContext&, const Request&, Reply<Response>)) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  (rules->*rule)(CallContextOf(context), *request,
                 [reactor, response](absl::StatusOr<Response> result) {
                   if (result.ok()) response->Swap(&*result);
                   reactor->Finish(ToGrpcStatus(result.status()));
                 });
  return reactor;
}

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_UNARY_CALL_H_
