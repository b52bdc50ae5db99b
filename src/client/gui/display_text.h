// Words and numbers as the desktop client shows them: errors from the server
// turned into sentences, byte counts, message times and the length of a text in
// Unicode characters.
//
// Pure functions; safe to call from any thread.
#ifndef PARLEY_CLIENT_GUI_DISPLAY_TEXT_H_
#define PARLEY_CLIENT_GUI_DISPLAY_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/timestamp.pb.h"

namespace parley::gui {

// Unicode code points in `text`, counted the way the server counts a message's
// length (bytes that do not continue a UTF-8 sequence).
int CountCodePoints(const std::string& text);

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

// True if `a` and `b` are the same account name (names compare without regard
// to case).
bool SameName(const std::string& a, const std::string& b);

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_DISPLAY_TEXT_H_
