// The gRPC half of one Subscribe call: a write reactor that is the stream's
// StreamWriter, and hands every reaction to the EventStream (the rules open
// it, the engine drives it). It holds no lock and no state of its own beyond
// the stream; nothing in it blocks. Deleted in OnDone.
#ifndef PARLEY_SERVER_GRPC_SUBSCRIBE_REACTOR_H_
#define PARLEY_SERVER_GRPC_SUBSCRIBE_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "chat/v1/chat.pb.h"
#include "server/engine/event_stream.h"
#include "server/rules/subscription_rules.h"

namespace parley {

class SubscribeReactor final : public grpc::ServerWriteReactor<chat::v1::Event>,
                               public StreamWriter {
 public:
  // Opens the stream for the call. `rules` must outlive the call.
  SubscribeReactor(SubscriptionRules* rules,
                   grpc::CallbackServerContext* context,
                   const chat::v1::SubscribeRequest* request);

  // StreamWriter.
  void WriteEvent(const chat::v1::Event* event) override;
  void FinishStream(const absl::Status& status) override;
  void CancelWrite() override;

  // grpc::ServerWriteReactor.
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  grpc::CallbackServerContext* const context_;
  const std::shared_ptr<EventStream> stream_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_SUBSCRIBE_REACTOR_H_
