#include "server/grpc/subscribe_reactor.h"

#include "server/grpc/call_context.h"
#include "server/grpc/status_mapping.h"

namespace parley {

SubscribeReactor::SubscribeReactor(SubscriptionRules* rules,
                                   grpc::CallbackServerContext* context,
                                   const chat::v1::SubscribeRequest* request)
    : context_(context), stream_(rules->NewStream(this)) {
  rules->Open(stream_, CallContextOf(context), *request);
}

void SubscribeReactor::WriteEvent(const chat::v1::Event* event) {
  StartWrite(event);
}

void SubscribeReactor::FinishStream(const absl::Status& status) {
  Finish(ToGrpcStatus(status));
}

void SubscribeReactor::CancelWrite() { context_->TryCancel(); }

void SubscribeReactor::OnWriteDone(bool ok) { stream_->OnWriteDone(ok); }

void SubscribeReactor::OnCancel() {
  stream_->Close(absl::CancelledError("the client cancelled"));
}

void SubscribeReactor::OnDone() {
  stream_->Detach();
  delete this;
}

}  // namespace parley
