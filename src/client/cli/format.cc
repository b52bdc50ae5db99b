#include "client/cli/format.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace parley::cli {

std::string FormatMessage(const chat::v1::Message& message,
                          absl::TimeZone zone) {
  const absl::Time sent = absl::FromUnixSeconds(message.sent_at().seconds());
  return absl::StrCat("#", message.id(), " ",
                      absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", sent, zone), " ",
                      message.sender(), " -> ", message.recipient(), ": ",
                      message.text());
}

std::string FormatEvent(const chat::v1::Event& event, absl::TimeZone zone) {
  switch (event.kind_case()) {
    case chat::v1::Event::kMessage:
      return FormatMessage(event.message(), zone);
    case chat::v1::Event::kMessagesDeleted:
      return absl::StrCat(
          "[deleted by ", event.messages_deleted().deleted_by(),
          " in conversation with ", event.messages_deleted().peer(), ": #",
          absl::StrJoin(event.messages_deleted().ids(), ", #"), "]");
    case chat::v1::Event::kAccountDeleted:
      return absl::StrCat("[", event.account_deleted().username(),
                          " deleted their account; that conversation is gone]");
    case chat::v1::Event::kCaughtUp:
      return absl::StrCat("[live; ", event.caught_up().unread_count(),
                          " unread]");
    case chat::v1::Event::KIND_NOT_SET:
      break;
  }
  return "[unknown event]";
}

std::string NextPageCommand(std::string_view command, int page_size,
                            std::string_view page_token) {
  std::string line(command);
  if (page_size != 0) absl::StrAppend(&line, " --page_size ", page_size);
  line.append(" --page_token ").append(page_token);
  return line;
}

}  // namespace parley::cli
