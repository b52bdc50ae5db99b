#include "wire/json_codec.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "chat/v1/chat.pb.h"
#include "google/protobuf/util/json_util.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "wire/json_message_writer.h"
#include "wire/parse_error.h"

namespace parley::wire {
namespace {

using rapidjson::Document;
using rapidjson::StringBuffer;
using rapidjson::Value;
using rapidjson::Writer;

constexpr unsigned kParseFlags =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
// Deeper than any chat.v1 message needs (a reply of conversations is five
// levels); RapidJSON's writer, which hands a value to protobuf, recurses once
// per level, so a line of nothing but brackets must not reach it.
constexpr int kMaxDepth = 64;
constexpr char kCancel[] = "Cancel";
constexpr char kPing[] = "Ping";

DecodeResult Rejected(size_t consumed, uint64_t id,
                      const std::string& message) {
  DecodeResult result;
  result.kind = DecodeResult::Kind::kRejected;
  result.consumed = consumed;
  result.id = id;
  result.error = absl::InvalidArgumentError(message);
  return result;
}

std::optional<absl::StatusCode> CodeNamed(std::string_view name) {
  for (int code = 0; code <= 16; ++code) {
    const auto status_code = static_cast<absl::StatusCode>(code);
    if (absl::StatusCodeToString(status_code) == name) return status_code;
  }
  return std::nullopt;
}

// Whether `value` nests arrays and objects at most `levels` deep. Recurses at
// most `levels` times.
bool NestsAtMost(const Value& value, int levels) {
  if (value.IsArray()) {
    if (levels == 0) return false;
    for (const Value& element : value.GetArray()) {
      if (!NestsAtMost(element, levels - 1)) return false;
    }
  } else if (value.IsObject()) {
    if (levels == 0) return false;
    for (const auto& member : value.GetObject()) {
      if (!NestsAtMost(member.value, levels - 1)) return false;
    }
  }
  return true;
}

// Parses the JSON text of `value` into `message` with protobuf's mapping.
absl::Status ToMessage(const Value& value, google::protobuf::Message* message,
                       size_t* bytes) {
  StringBuffer text;
  Writer<StringBuffer> writer(text);
  value.Accept(writer);
  *bytes = text.GetSize();
  google::protobuf::util::JsonParseOptions options;
  const google::protobuf::util::Status parsed =
      google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(text.GetString(), text.GetSize()),
          message, options);
  if (!parsed.ok()) {
    // Protobuf's parser follows its reason with a line quoting up to 20
    // bytes either side of the fault and a line with a caret. That quote may
    // cut a character in two or hold the very bytes refused, and the reply
    // must stay valid UTF-8 on one line: only the reason is kept.
    const google::protobuf::StringPiece message_text = parsed.message();
    std::string_view detail(message_text.data(), message_text.size());
    detail = detail.substr(0, detail.find('\n'));
    return ParseError(*message, detail);
  }
  return absl::OkStatus();
}

}  // namespace

DecodeResult JsonCodec::Decode(std::string_view input, Frame* frame,
                               const CallMethods* calls) const {
  DecodeResult result;
  const size_t newline = input.substr(0, max_line_bytes_).find('\n');
  if (newline == std::string_view::npos) {
    if (input.size() >= max_line_bytes_) {
      // gRPC's answer to an oversize message.
      result.kind = DecodeResult::Kind::kFatal;
      result.error = absl::ResourceExhaustedError(absl::StrCat(
          "a line longer than ", max_line_bytes_, " bytes is not accepted"));
    }
    return result;
  }
  const size_t consumed = newline + 1;
  const std::string_view line = input.substr(0, newline);
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
    return Rejected(consumed, 0, "an empty line is not a request");
  }
  Document document;
  document.Parse<kParseFlags>(line.data(), line.size());
  if (document.HasParseError()) {
    return Rejected(
        consumed, 0,
        absl::StrCat("the line is not valid JSON (",
                     rapidjson::GetParseError_En(document.GetParseError()),
                     " at byte ", document.GetErrorOffset(), ")"));
  }
  if (!document.IsObject()) {
    return Rejected(consumed, 0, "each line must be one JSON object");
  }
  uint64_t id = 0;
  auto id_member = document.FindMember("id");
  if (id_member != document.MemberEnd()) {
    if (!id_member->value.IsUint64()) {
      return Rejected(consumed, 0, "\"id\" must be a non-negative integer");
    }
    id = id_member->value.GetUint64();
  }
  if (!NestsAtMost(document, kMaxDepth)) {
    return Rejected(consumed, id,
                    absl::StrCat("the line nests arrays and objects more than ",
                                 kMaxDepth, " deep"));
  }
  *frame = Frame();
  frame->id = id;
  result.kind = DecodeResult::Kind::kFrame;
  result.consumed = consumed;
  result.id = id;

  if (auto method = document.FindMember("method");
      method != document.MemberEnd()) {
    if (!method->value.IsString()) {
      return Rejected(consumed, id, "\"method\" must be a string");
    }
    const std::string_view name(method->value.GetString(),
                                method->value.GetStringLength());
    if (name == kCancel || name == kPing) {
      frame->kind = name == kCancel ? FrameKind::kCancel : FrameKind::kPing;
      // Only a request carries a token (frame.h), as in the binary protocol.
      return result;
    }
    if (auto token = document.FindMember("token");
        token != document.MemberEnd()) {
      if (!token->value.IsString()) {
        return Rejected(consumed, id, "\"token\" must be a string");
      }
      frame->token =
          std::string(token->value.GetString(), token->value.GetStringLength());
    }
    frame->kind = FrameKind::kRequest;
    frame->method = MethodByName(name);
    if (frame->method == nullptr) {
      result.kind = DecodeResult::Kind::kRejected;
      result.error = absl::UnimplementedError(
          absl::StrCat("there is no method \"", std::string(name), "\""));
      return result;
    }
    frame->message = frame->method->NewRequest();
    auto params = document.FindMember("params");
    if (params == document.MemberEnd()) return result;
    if (!params->value.IsObject()) {
      return Rejected(consumed, id, "\"params\" must be a JSON object");
    }
    if (absl::Status s = ToMessage(params->value, frame->message.get(),
                                   &frame->payload_bytes);
        !s.ok()) {
      result.kind = DecodeResult::Kind::kRejected;
      result.error = std::move(s);
    }
    return result;
  }
  if (auto event = document.FindMember("event");
      event != document.MemberEnd()) {
    frame->kind = FrameKind::kEvent;
    frame->message = std::make_unique<chat::v1::Event>();
    if (absl::Status s = ToMessage(event->value, frame->message.get(),
                                   &frame->payload_bytes);
        !s.ok()) {
      result.kind = DecodeResult::Kind::kRejected;
      result.error = std::move(s);
    }
    return result;
  }
  if (auto reply = document.FindMember("result");
      reply != document.MemberEnd()) {
    frame->kind = FrameKind::kReply;
    frame->method = calls != nullptr ? calls->MethodOf(id) : nullptr;
    if (frame->method == nullptr) {
      return Rejected(consumed, id,
                      "a result for a call that is not in flight");
    }
    if (frame->method->server_streaming) {
      // A stream that ended cleanly.
      frame->kind = FrameKind::kStatus;
      return result;
    }
    frame->message = frame->method->NewResponse();
    if (absl::Status s = ToMessage(reply->value, frame->message.get(),
                                   &frame->payload_bytes);
        !s.ok()) {
      result.kind = DecodeResult::Kind::kRejected;
      result.error = std::move(s);
    }
    return result;
  }
  if (auto error = document.FindMember("error");
      error != document.MemberEnd()) {
    frame->kind = FrameKind::kStatus;
    const Value& e = error->value;
    auto code = e.IsObject() ? e.FindMember("code") : e.MemberEnd();
    auto message = e.IsObject() ? e.FindMember("message") : e.MemberEnd();
    std::optional<absl::StatusCode> status_code;
    if (code != e.MemberEnd() && code->value.IsString()) {
      status_code = CodeNamed(std::string_view(code->value.GetString(),
                                               code->value.GetStringLength()));
    }
    if (!status_code || *status_code == absl::StatusCode::kOk ||
        (message != e.MemberEnd() && !message->value.IsString())) {
      return Rejected(consumed, id,
                      "\"error\" must be {\"code\": a status code name, "
                      "\"message\": a string}");
    }
    const std::string_view text =
        message == e.MemberEnd()
            ? std::string_view()
            : std::string_view(message->value.GetString(),
                               message->value.GetStringLength());
    frame->status =
        absl::Status(*status_code, absl::string_view(text.data(), text.size()));
    frame->payload_bytes = text.size();
    return result;
  }
  if (document.HasMember("pong")) {
    frame->kind = FrameKind::kPong;
    return result;
  }
  return Rejected(consumed, id,
                  "a line needs a \"method\" (or, from a server, a \"result\", "
                  "\"error\", \"event\" or \"pong\")");
}

void JsonCodec::Encode(Frame& frame, std::string* out) const {
  StringBuffer buffer;
  Writer<StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("id");
  writer.Uint64(frame.id);
  frame.payload_bytes = 0;
  auto raw_message = [&](const char* key) {
    std::string json;
    if (frame.body() == nullptr) {
      writer.Key(key);
      writer.RawValue("{}", 2, rapidjson::kObjectType);
      return;
    }
    AppendMessageJson(*frame.body(), &json);
    frame.payload_bytes = json.size();
    writer.Key(key);
    writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  };
  switch (frame.kind) {
    case FrameKind::kRequest:
      writer.Key("method");
      writer.String(frame.method->name.data(), static_cast<rapidjson::SizeType>(
                                                   frame.method->name.size()));
      if (frame.token) {
        writer.Key("token");
        writer.String(frame.token->data(),
                      static_cast<rapidjson::SizeType>(frame.token->size()));
      }
      raw_message("params");
      break;
    case FrameKind::kReply:
      raw_message("result");
      break;
    case FrameKind::kEvent:
      raw_message("event");
      break;
    case FrameKind::kStatus: {
      if (frame.status.ok()) {
        writer.Key("result");
        writer.StartObject();
        writer.EndObject();
        break;
      }
      const std::string code = absl::StatusCodeToString(frame.status.code());
      const absl::string_view message = frame.status.message();
      frame.payload_bytes = message.size();
      writer.Key("error");
      writer.StartObject();
      writer.Key("code");
      writer.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
      writer.Key("message");
      writer.String(message.data(),
                    static_cast<rapidjson::SizeType>(message.size()));
      writer.EndObject();
      break;
    }
    case FrameKind::kCancel:
    case FrameKind::kPing:
      writer.Key("method");
      writer.String(frame.kind == FrameKind::kCancel ? kCancel : kPing);
      break;
    case FrameKind::kPong:
      writer.Key("pong");
      writer.StartObject();
      writer.EndObject();
      break;
  }
  writer.EndObject();
  out->append(buffer.GetString(), buffer.GetSize());
  out->push_back('\n');
}

}  // namespace parley::wire
