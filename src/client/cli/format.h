// How the `parley` CLI prints messages, stream events and paging hints: one
// line each, for people and for scripts that grep them.
//
// Thread safety: pure functions.
#ifndef PARLEY_CLIENT_CLI_FORMAT_H_
#define PARLEY_CLIENT_CLI_FORMAT_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "chat/v1/chat.pb.h"

namespace parley::cli {

// "#12 2026-11-23 10:04:05 CET alice -> bob: hello": the time in `zone` (the
// machine's local zone unless told), with the zone's abbreviation so a reader
// elsewhere knows which.
std::string FormatMessage(const chat::v1::Message& message,
                          absl::TimeZone zone = absl::LocalTimeZone());
// One line per event, as `parley watch` prints it.
std::string FormatEvent(const chat::v1::Event& event,
                        absl::TimeZone zone = absl::LocalTimeZone());
// The command that fetches the next page: `command` (for example
// "parley users 'a*'"), then --page_size when the user gave one (0 means they
// did not), then --page_token.
std::string NextPageCommand(std::string_view command, int page_size,
                            std::string_view page_token);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_FORMAT_H_
