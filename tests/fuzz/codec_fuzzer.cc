#include "fuzz/codec_fuzzer.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "google/protobuf/stubs/logging.h"
#include "wire/frame_difference.h"
#include "wire/methods.h"

namespace parley::wire::fuzz {
namespace {

using testing::FrameDifference;
using Kind = DecodeResult::Kind;

// A client's calls in flight, for JSON replies (which do not name their
// method): call `id` is a call of method number 1 + id % 13.
class AnyCalls final : public CallMethods {
 public:
  const MethodInfo* MethodOf(uint64_t id) const override {
    const auto methods = AllMethods();
    return &methods[id % methods.size()];
  }
};

[[noreturn]] void Fail(const std::string& what, std::string_view bytes) {
  std::fprintf(
      stderr, "codec fuzzer: %s\ninput: \"%s\"\n", what.c_str(),
      absl::CEscape(absl::string_view(bytes.data(), bytes.size())).c_str());
  std::abort();
}

// One outcome of Decode other than kNeedMore, and its frame.
struct Outcome {
  DecodeResult result;
  Frame frame;
};

std::string Describe(const DecodeResult& result) {
  return std::to_string(static_cast<int>(result.kind)) + " consumed " +
         std::to_string(result.consumed) + " id " + std::to_string(result.id) +
         " " + result.error.ToString();
}

// Decodes what `buffer` holds, as a connection does after a read: every whole
// frame, dropping what each consumed. Returns false after a kFatal.
bool DecodeBuffered(const Codec& codec, const CallMethods& calls,
                    std::string* buffer, std::vector<Outcome>* outcomes) {
  size_t offset = 0;
  bool open = true;
  while (offset < buffer->size()) {
    const std::string_view rest = std::string_view{*buffer}.substr(offset);
    Outcome outcome;
    outcome.result = codec.Decode(rest, &outcome.frame, &calls);
    const DecodeResult& result = outcome.result;
    if (result.kind == Kind::kNeedMore) {
      if (rest.size() >= codec.max_frame_bytes()) {
        Fail("waits for more than the frame limit", rest);
      }
      break;
    }
    if (result.kind != Kind::kFatal &&
        (result.consumed == 0 || result.consumed > rest.size() ||
         result.consumed > codec.max_frame_bytes())) {
      Fail("consumed " + std::to_string(result.consumed) + " of " +
               std::to_string(rest.size()) + " bytes",
           rest);
    }
    if (result.kind != Kind::kFrame && result.error.ok()) {
      Fail("refused without an error", rest);
    }
    const bool fatal = result.kind == Kind::kFatal;
    offset += result.consumed;
    outcomes->push_back(std::move(outcome));
    if (fatal) {
      open = false;
      break;
    }
  }
  buffer->erase(0, offset);
  return open;
}

// Re-encodes a decoded frame and requires its encoding to decode, in one
// read, to the same frame. A frame may re-encode longer than it came (JSON
// numbers become strings for 64-bit fields): past the limit, the codec must
// then refuse it as too long.
void CheckReencodes(const Codec& codec, const CallMethods& calls,
                    Frame& frame) {
  std::string bytes;
  codec.Encode(frame, &bytes);
  Frame again;
  const DecodeResult result = codec.Decode(bytes, &again, &calls);
  if (bytes.size() > codec.max_frame_bytes()) {
    if (result.kind != Kind::kFatal) {
      Fail("an encoding over the limit was not refused", bytes);
    }
    return;
  }
  if (result.kind != Kind::kFrame || result.consumed != bytes.size()) {
    Fail("a re-encoded frame did not decode: " + Describe(result), bytes);
  }
  const std::string difference = FrameDifference(frame, again);
  if (!difference.empty()) {
    Fail("a re-encoded frame decoded differently:\n" + difference, bytes);
  }
}

}  // namespace

void QuietProtobuf() { google::protobuf::SetLogHandler(nullptr); }

void FuzzCodec(const Codec& codec, const uint8_t* data, size_t size) {
  if (size == 0) return;
  const AnyCalls calls;
  // The read sizes: a small generator seeded by the first byte, each read 1
  // to `largest` bytes (1 byte at a time for seed 0).
  uint32_t state = data[0];
  const size_t largest = size_t{data[0]} % 64 + 1;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1,
                                size - 1);

  std::vector<Outcome> whole;
  std::string buffer(stream);
  DecodeBuffered(codec, calls, &buffer, &whole);

  std::vector<Outcome> chunked;
  buffer.clear();
  size_t offset = 0;
  while (offset < stream.size()) {
    state = state * 1103515245 + 12345;
    const size_t read =
        std::min(1 + (state >> 16) % largest, stream.size() - offset);
    buffer.append(stream.substr(offset, read));
    offset += read;
    if (!DecodeBuffered(codec, calls, &buffer, &chunked)) break;
  }

  if (whole.size() != chunked.size()) {
    Fail("one read gave " + std::to_string(whole.size()) +
             " outcomes, split reads " + std::to_string(chunked.size()),
         stream);
  }
  for (size_t i = 0; i < whole.size(); ++i) {
    const DecodeResult& a = whole[i].result;
    const DecodeResult& b = chunked[i].result;
    if (a.kind != b.kind || a.consumed != b.consumed || a.id != b.id ||
        a.error != b.error) {
      Fail("outcome " + std::to_string(i) +
               " depends on the reads: " + Describe(a) + " vs " + Describe(b),
           stream);
    }
    if (a.kind != Kind::kFrame) continue;
    const std::string difference =
        FrameDifference(whole[i].frame, chunked[i].frame);
    if (!difference.empty()) {
      Fail("frame " + std::to_string(i) + " depends on the reads:\n" +
               difference,
           stream);
    }
    CheckReencodes(codec, calls, whole[i].frame);
  }
}

}  // namespace parley::wire::fuzz
