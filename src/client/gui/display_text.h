// Words and numbers as the desktop client shows them: errors from the server
// turned into sentences, byte counts, message times and texts cut short.
//
// Pure functions; safe to call from any thread.
#ifndef PARLEY_CLIENT_GUI_DISPLAY_TEXT_H_
#define PARLEY_CLIENT_GUI_DISPLAY_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/timestamp.pb.h"

namespace parley::gui {

// The longest start of `text` of at most `max_bytes` bytes that does not end
// inside a UTF-8 sequence.
std::string CutToBytes(const std::string& text, size_t max_bytes);

// "812 B", "12.4 KiB", "3.1 MiB".
std::string FormatBytes(int64_t bytes);

// "14:05" for today, else "2026-11-23 14:05" (local time).
std::string FormatMessageTime(const google::protobuf::Timestamp& sent_at);

// The server's message made into a sentence: first letter capitalized, full
// stop added.
std::string Sentence(const absl::Status& status);

// A sentence for an error where no field is to blame: "Cannot reach the server
// (...)." for UNAVAILABLE, "The server did not answer in time." for
// DEADLINE_EXCEEDED, else Sentence().
std::string DescribeError(const absl::Status& status);

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_DISPLAY_TEXT_H_
