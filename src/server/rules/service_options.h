// The limits and timings Parley's rules enforce; the server's flags fill them
// in.
#ifndef PARLEY_SERVER_RULES_SERVICE_OPTIONS_H_
#define PARLEY_SERVER_RULES_SERVICE_OPTIONS_H_

#include <cstddef>
#include <cstdint>

#include "common/scram.h"
#include "common/text_rules.h"

namespace parley {

struct ServiceOptions {
  size_t max_message_chars = kDefaultMaxMessageChars;  // code points
  int max_read_limit = kDefaultMaxReadLimit;  // ReadMessages.limit bound
  int default_page_size = 20;                 // ListAccounts and GetHistory
  int max_page_size = 100;
  int max_ids_per_call = 1000;  // MarkRead and DeleteMessages
  uint32_t min_scram_iterations = kScramMinIterations;
  int64_t session_ttl_us = 30LL * 24 * 3600 * 1'000'000;  // 30 days
  int64_t login_timeout_us = 60'000'000;  // BeginLogin to CompleteLogin
  size_t max_pending_logins = 10'000;
  size_t max_queued_events = 1024;  // per live stream, before it is ended
  size_t max_queued_sends =
      10'000;  // sends waiting for a commit before RESOURCE_EXHAUSTED
};

}  // namespace parley

#endif  // PARLEY_SERVER_RULES_SERVICE_OPTIONS_H_
