#include "store/postgres/array_literals.h"

#include "absl/strings/str_cat.h"

namespace parley::store::postgres {

std::string BigintArray(std::span<const int64_t> values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, values[i]);
  }
  out += '}';
  return out;
}

std::string ByteaArray(std::span<const std::string_view> values) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    // Inside the quotes the array parser turns \\ into one backslash, which
    // bytea's input then reads as the start of the hex form.
    out += "\"\\\\x";
    for (const char c : values[i]) {
      const auto byte = static_cast<unsigned char>(c);
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace parley::store::postgres
