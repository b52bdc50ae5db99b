#include "client/gui/display_text.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace parley::gui {

int CountCodePoints(const std::string& text) {
  int count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string FormatBytes(int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  if (bytes < 1024 * 1024) return absl::StrFormat("%.1f KiB", bytes / 1024.0);
  return absl::StrFormat("%.1f MiB", bytes / (1024.0 * 1024.0));
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

bool SameName(const std::string& a, const std::string& b) {
  return absl::EqualsIgnoreCase(a, b);
}

}  // namespace parley::gui
