#include "server/grpc/call_context.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace parley {

std::string BearerToken(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  absl::string_view value(it->second.data(), it->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return "";
  }
  return std::string{absl::StripAsciiWhitespace(value.substr(kScheme.size()))};
}

CallContext CallContextOf(grpc::CallbackServerContext* context) {
  CallContext call;
  call.token = BearerToken(*context);
  call.peer = context->peer();
  call.cancelled = [context] { return context->IsCancelled(); };
  return call;
}

}  // namespace parley
