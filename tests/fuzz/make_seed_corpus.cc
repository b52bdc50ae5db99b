// Writes the fuzz targets' seed corpus (tests/fuzz/corpus/{binary,json}/)
// with the real codecs: a few realistic conversations, and every request and
// response of the method table filled by tests/wire/samples.h. Each file is
// one byte that picks the read sizes, then the frames (codec_fuzzer.h). Run
// once by hand (tests/fuzz/README.md); the files are committed.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "chat/v1/chat.pb.h"
#include "wire/binary_codec.h"
#include "wire/json_codec.h"
#include "wire/samples.h"

namespace parley::wire {
namespace {

Frame Request(uint64_t id, const char* method,
              const google::protobuf::Message& message, const char* token) {
  Frame frame;
  frame.kind = FrameKind::kRequest;
  frame.id = id;
  frame.method = MethodByName(method);
  frame.borrowed = &message;
  if (token != nullptr) frame.token = token;
  return frame;
}

Frame Bare(FrameKind kind, uint64_t id) {
  Frame frame;
  frame.kind = kind;
  frame.id = id;
  return frame;
}

struct Seed {
  std::string name;
  char reads;  // the first byte: how the stream is split
  std::vector<Frame> frames;
};

constexpr char kToken[] =
    "5f2b9c1e7a3d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";

int Write(const std::string& directory, const Codec& codec,
          std::vector<Seed>& seeds) {
  for (Seed& seed : seeds) {
    std::string bytes(1, seed.reads);
    for (Frame& frame : seed.frames) codec.Encode(frame, &bytes);
    const std::string path = directory + "/" + seed.name;
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}

int Main(const std::string& root) {
  chat::v1::SendMessageRequest send;
  send.set_recipient("bob");
  send.set_text("hi bob");
  chat::v1::SendMessageResponse sent;
  sent.set_id(42);
  sent.mutable_sent_at()->set_seconds(1767225600);
  sent.mutable_sent_at()->set_nanos(250000000);
  chat::v1::Event event;
  chat::v1::Message* message = event.mutable_message();
  message->set_id(42);
  message->set_sender("alice");
  message->set_recipient("bob");
  message->set_text("hi bob");
  *message->mutable_sent_at() = sent.sent_at();
  chat::v1::SubscribeRequest subscribe;
  subscribe.set_after_id(0);
  chat::v1::Event caught_up;
  caught_up.mutable_caught_up()->set_last_id(41);

  // JSON replies name no method: the fuzzer's calls are id % 13 into the
  // method table, so a SendMessage reply has an id of 6 mod 13 and a
  // Subscribe's end one of 12 mod 13.
  auto conversation = [&](uint64_t send_id, uint64_t subscribe_id) {
    std::vector<Frame> frames;
    frames.push_back(Request(subscribe_id, "Subscribe", subscribe, kToken));
    frames.push_back(Request(send_id, "SendMessage", send, nullptr));
    Frame reply = Bare(FrameKind::kReply, send_id);
    reply.method = MethodByName("SendMessage");
    reply.borrowed = &sent;
    frames.push_back(std::move(reply));
    Frame live = Bare(FrameKind::kEvent, subscribe_id);
    live.borrowed = &caught_up;
    frames.push_back(std::move(live));
    Frame pushed = Bare(FrameKind::kEvent, subscribe_id);
    pushed.borrowed = &event;
    frames.push_back(std::move(pushed));
    frames.push_back(Bare(FrameKind::kCancel, subscribe_id));
    frames.push_back(Bare(FrameKind::kStatus, subscribe_id));
    return frames;
  };
  auto errors = [&] {
    std::vector<Frame> frames;
    Frame status = Bare(FrameKind::kStatus, 6);
    status.status = absl::NotFoundError("no account named \"carol\"");
    frames.push_back(std::move(status));
    status = Bare(FrameKind::kStatus, 0);
    status.status = absl::InvalidArgumentError(
        "protocol version 2 is not supported (this server speaks 1)");
    frames.push_back(std::move(status));
    frames.push_back(Bare(FrameKind::kPing, 3));
    frames.push_back(Bare(FrameKind::kPong, 3));
    return frames;
  };
  std::vector<std::unique_ptr<google::protobuf::Message>> samples;
  auto every_method = [&](bool requests) {
    std::vector<Frame> frames;
    for (const MethodInfo& method : AllMethods()) {
      const auto* type = requests ? method.descriptor->input_type()
                                  : method.descriptor->output_type();
      for (auto& sample : testing::FilledSamples(*type)) {
        Frame frame;
        frame.id = method.number - 1;  // id % 13 names the method
        if (requests) {
          frame.kind = FrameKind::kRequest;
          frame.method = &method;
          frame.token = kToken;
        } else if (method.server_streaming) {
          frame.kind = FrameKind::kEvent;
        } else {
          frame.kind = FrameKind::kReply;
          frame.method = &method;
        }
        frame.borrowed = sample.get();
        samples.push_back(std::move(sample));
        frames.push_back(std::move(frame));
      }
    }
    return frames;
  };

  std::vector<Seed> seeds;
  seeds.push_back({"conversation_whole_reads", 63, conversation(6, 12)});
  seeds.push_back({"conversation_byte_reads", 0, conversation(19, 25)});
  seeds.push_back({"errors_and_ping", 5, errors()});
  seeds.push_back({"every_request", 40, every_method(true)});
  seeds.push_back({"every_response", 17, every_method(false)});
  const BinaryCodec binary;
  const JsonCodec json;
  if (Write(root + "/binary", binary, seeds) != 0) return 1;
  return Write(root + "/json", json, seeds);
}

}  // namespace
}  // namespace parley::wire

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s tests/fuzz/corpus\n", argv[0]);
    return 2;
  }
  return parley::wire::Main(argv[1]);
}
