// How the `parley` CLI prints messages and stream events: one line each, for
// people and for scripts that grep them.
//
// Thread safety: pure functions.
#ifndef PARLEY_CLIENT_CLI_FORMAT_H_
#define PARLEY_CLIENT_CLI_FORMAT_H_

#include <string>

#include "chat/v1/chat.pb.h"

namespace parley::cli {

// "#12 2026-11-23 10:04:05 alice -> bob: hello" (local time).
std::string FormatMessage(const chat::v1::Message& message);
// One line per event, as `parley watch` prints it.
std::string FormatEvent(const chat::v1::Event& event);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_FORMAT_H_
