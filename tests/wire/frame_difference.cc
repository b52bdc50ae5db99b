#include "wire/frame_difference.h"

#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"

namespace parley::wire::testing {
namespace {

std::string MethodName(const MethodInfo* method) {
  return method == nullptr ? "none" : std::string(method->name);
}

std::string TokenText(const std::optional<std::string>& token) {
  return token ? absl::StrCat("\"", absl::CEscape(*token), "\"") : "none";
}

}  // namespace

std::string FrameDifference(const Frame& a, const Frame& b) {
  std::string out;
  if (a.kind != b.kind) {
    absl::StrAppend(&out, "kind ", static_cast<int>(a.kind), " vs ",
                    static_cast<int>(b.kind), "\n");
  }
  if (a.id != b.id) absl::StrAppend(&out, "id ", a.id, " vs ", b.id, "\n");
  const bool has_method =
      a.kind == FrameKind::kRequest || a.kind == FrameKind::kReply;
  if (has_method && a.method != b.method) {
    absl::StrAppend(&out, "method ", MethodName(a.method), " vs ",
                    MethodName(b.method), "\n");
  }
  if (a.token != b.token) {
    absl::StrAppend(&out, "token ", TokenText(a.token), " vs ",
                    TokenText(b.token), "\n");
  }
  if (a.status != b.status) {
    absl::StrAppend(&out, "status ", a.status.ToString(), " vs ",
                    b.status.ToString(), "\n");
  }
  const google::protobuf::Message* body_a = a.body();
  const google::protobuf::Message* body_b = b.body();
  if ((body_a == nullptr) != (body_b == nullptr)) {
    absl::StrAppend(&out, "message ", body_a == nullptr ? "none" : "present",
                    " vs ", body_b == nullptr ? "none" : "present", "\n");
  } else if (body_a != nullptr &&
             body_a->GetDescriptor() != body_b->GetDescriptor()) {
    absl::StrAppend(&out, "message type ", body_a->GetTypeName(), " vs ",
                    body_b->GetTypeName(), "\n");
  } else if (body_a != nullptr) {
    std::string report;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&report);
    if (!differencer.Compare(*body_a, *body_b)) {
      absl::StrAppend(&out, "message differs:\n", report);
    }
  }
  return out;
}

}  // namespace parley::wire::testing
