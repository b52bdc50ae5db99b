// libFuzzer target: page tokens (src/server/rules/paging.h), which clients
// hand back as opaque strings. Arbitrary tokens must decode to a position or
// INVALID_ARGUMENT, never crash; a token the server made must decode to the
// position it carries, and only for its own kind. The input's first byte
// picks the kind, the rest is both a token to decode and a position to
// encode. Run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/rules/paging.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view kinds[] = {"accounts", "history"};
  const std::string_view kind = kinds[data[0] % 2];
  const std::string_view other = kinds[1 - data[0] % 2];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1,
                              size - 1);
  const absl::string_view kind_view(kind.data(), kind.size());
  const absl::string_view other_view(other.data(), other.size());
  const absl::string_view rest_view(rest.data(), rest.size());

  absl::StatusOr<std::string> decoded =
      parley::DecodePageToken(kind_view, rest_view);
  if (!decoded.ok() &&
      decoded.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  if (rest.empty()) return 0;
  const std::string token = parley::EncodePageToken(kind_view, rest_view);
  absl::StatusOr<std::string> round_trip =
      parley::DecodePageToken(kind_view, token);
  if (!round_trip.ok() || *round_trip != rest) std::abort();
  if (parley::DecodePageToken(other_view, token).ok()) std::abort();
  return 0;
}
