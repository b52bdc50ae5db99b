#include "client/gui/display_text.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace parley::gui {

std::string CutToBytes(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  // Back off the continuation bytes (10xxxxxx) of a sequence cut in two.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut);
}

std::string FormatBytes(int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  const auto size = static_cast<double>(bytes);
  if (bytes < int64_t{1024} * 1024) {
    return absl::StrFormat("%.1f KiB", size / 1024.0);
  }
  return absl::StrFormat("%.1f MiB", size / (1024.0 * 1024.0));
}

std::string FormatMessageTime(const google::protobuf::Timestamp& sent_at) {
  const absl::TimeZone zone = absl::LocalTimeZone();
  const absl::Time sent = absl::FromUnixSeconds(sent_at.seconds());
  const absl::CivilDay day = absl::ToCivilDay(sent, zone);
  if (day == absl::ToCivilDay(absl::Now(), zone)) {
    return absl::FormatTime("%H:%M", sent, zone);
  }
  return absl::FormatTime("%Y-%m-%d %H:%M", sent, zone);
}

std::string Sentence(const absl::Status& status) {
  std::string text(status.message());
  if (text.empty()) text = absl::StatusCodeToString(status.code());
  text[0] =
      static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (text.back() != '.' && text.back() != '!' && text.back() != '?') {
    text += '.';
  }
  return text;
}

std::string DescribeError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      return absl::StrCat("Cannot reach the server (", status.message(), ").");
    case absl::StatusCode::kDeadlineExceeded:
      return "The server did not answer in time.";
    default:
      return Sentence(status);
  }
}

}  // namespace parley::gui
