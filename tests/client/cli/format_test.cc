// How the CLI prints messages and paging hints.
#include "client/cli/format.h"

#include <catch2/catch.hpp>

namespace parley::cli {
namespace {

chat::v1::Message SampleMessage() {
  chat::v1::Message message;
  message.set_id(12);
  message.set_sender("alice");
  message.set_recipient("bob");
  message.set_text("hello");
  message.mutable_sent_at()->set_seconds(1'764'000'000);  // 16:00:00 UTC
  return message;
}

TEST_CASE("a message's time is shown in the reader's zone, and names it",
          "[cli]") {
  CHECK(FormatMessage(SampleMessage(), absl::UTCTimeZone()) ==
        "#12 2025-11-24 16:00:00 UTC alice -> bob: hello");
  CHECK(FormatMessage(SampleMessage(), absl::FixedTimeZone(-5 * 3600)) ==
        "#12 2025-11-24 11:00:00 -05 alice -> bob: hello");
}

TEST_CASE("the next-page hint repeats the page size the user asked for",
          "[cli]") {
  CHECK(NextPageCommand("parley users 'a*'", 5, "TOKEN") ==
        "parley users 'a*' --page_size 5 --page_token TOKEN");
}

TEST_CASE("the next-page hint leaves out a page size the user did not give",
          "[cli]") {
  CHECK(NextPageCommand("parley history bob", 0, "TOKEN") ==
        "parley history bob --page_token TOKEN");
}

}  // namespace
}  // namespace parley::cli
