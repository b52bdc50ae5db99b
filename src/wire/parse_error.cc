#include "wire/parse_error.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace parley::wire {

absl::Status ParseError(const google::protobuf::Message& expected,
                        std::string_view detail) {
  return absl::InvalidArgumentError(
      absl::StrCat("the request could not be parsed: it is not a valid ",
                   expected.GetDescriptor()->full_name(),
                   " (string fields such as text must be valid UTF-8)",
                   detail.empty() ? "" : ": ", std::string(detail)));
}

}  // namespace parley::wire
