// parley_server: runs the Parley chat server until SIGINT or SIGTERM, then
// drains and exits.
#include <pthread.h>
#include <signal.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/command_line.h"
#include "common/log.h"
#include "common/scram.h"
#include "server/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "address to listen on (host:port; port 0 picks a free one)");
ABSL_FLAG(std::string, binary_listen, "127.0.0.1:50052",
          "address for the Parley binary protocol (docs/protocols/binary.md); "
          "empty serves none");
ABSL_FLAG(std::string, json_listen, "127.0.0.1:50053",
          "address for the JSON lines protocol (docs/protocols/json.md); empty "
          "serves none");
ABSL_FLAG(std::string, metrics_listen, "",
          "address for Prometheus metrics (GET /metrics, e.g. "
          "127.0.0.1:9464); empty serves none");
ABSL_FLAG(int, io_threads, 2,
          "threads of the binary and JSON protocols' event loop");
ABSL_FLAG(std::string, db, "parley.db",
          "SQLite database file (created if missing), or a PostgreSQL URL "
          "(postgresql://user@host:port/database, docs/postgres.md)");
ABSL_FLAG(int, workers, 4,
          "worker threads at start (store calls, and the stream writes and "
          "replies of "
          "committed sends); the pool grows, up to 64, while all are busy");
ABSL_FLAG(int, max_message_chars, 256,
          "longest message, in Unicode characters");
ABSL_FLAG(int, max_read_limit, 100,
          "most messages one ReadMessages call may ask for");
ABSL_FLAG(int, max_stream_queue, 1024,
          "events a live stream may fall behind before it is ended "
          "(RESOURCE_EXHAUSTED)");
ABSL_FLAG(absl::Duration, session_ttl, absl::Hours(24 * 30),
          "how long a session token lasts");
ABSL_FLAG(int, min_scram_iterations, 4096,
          "fewest PBKDF2 iterations accepted for a new account");
ABSL_FLAG(bool, full_sync, false,
          "SQLite synchronous=FULL: acknowledged messages survive power loss, "
          "not only crashes");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain; enables TLS with --tls_key");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for --tls_cert");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning, error or off");

namespace {

// The first numeric flag outside what the server can serve, as a sentence
// that names it; empty when every one is in range. Requests are at most
// 64 KiB, which bounds a message of 4-byte characters.
std::string OutOfRangeFlag() {
  struct Range {
    const char* flag;
    int64_t value;
    int64_t min;
    int64_t max;
  };
  const Range ranges[] = {
      {"io_threads", absl::GetFlag(FLAGS_io_threads), 1, 64},
      {"workers", absl::GetFlag(FLAGS_workers), 1, 256},
      {"max_message_chars", absl::GetFlag(FLAGS_max_message_chars), 1, 16'000},
      {"max_read_limit", absl::GetFlag(FLAGS_max_read_limit), 1, 1'000},
      {"max_stream_queue", absl::GetFlag(FLAGS_max_stream_queue), 1, 1'000'000},
      {"min_scram_iterations", absl::GetFlag(FLAGS_min_scram_iterations),
       parley::kScramMinIterations, 10'000'000},
  };
  for (const Range& r : ranges) {
    if (r.value < r.min || r.value > r.max) {
      return absl::StrCat("--", r.flag, " must be between ", r.min, " and ",
                          r.max, " (got ", r.value, ")");
    }
  }
  const absl::Duration ttl = absl::GetFlag(FLAGS_session_ttl);
  if (ttl < absl::Minutes(1) || ttl > absl::Hours(24 * 3660)) {
    return absl::StrCat(
        "--session_ttl must be between 1m and 87840h (ten years) (got ",
        absl::FormatDuration(ttl), ")");
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = parley::ParseCommandLineOrExit(
      argc, argv,
      {"parley_server",
       "parley_server: the Parley chat server (chat.v1 over gRPC, the binary "
       "protocol and JSON).\nUsage: parley_server [--flag=value ...]; "
       "--flagfile=FILE reads flags from a file.",
       __FILE__});
  if (!args.empty()) {
    std::fprintf(stderr,
                 "parley_server takes no arguments, only flags (unexpected: "
                 "%s); see --help\n",
                 args[0].c_str());
    return 2;
  }
  // Abseil's deadlock detection checks every lock; measured at 10-17% of the
  // server's CPU per message. The tests (which run the same code) keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  parley::LogLevel level;
  if (!parley::ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    std::fprintf(stderr,
                 "--log_level must be debug, info, warning, error or off\n");
    return 2;
  }
  parley::SetLogLevel(level);

  // Block the stop signals in every thread; this one waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  parley::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.binary_listen_address = absl::GetFlag(FLAGS_binary_listen);
  options.json_listen_address = absl::GetFlag(FLAGS_json_listen);
  options.metrics_listen_address = absl::GetFlag(FLAGS_metrics_listen);
  options.io_threads = absl::GetFlag(FLAGS_io_threads);
  options.db_path = absl::GetFlag(FLAGS_db);
  options.workers = absl::GetFlag(FLAGS_workers);
  options.tls_cert_path = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_path = absl::GetFlag(FLAGS_tls_key);
  options.full_sync = absl::GetFlag(FLAGS_full_sync);
  options.service.max_message_chars = absl::GetFlag(FLAGS_max_message_chars);
  options.service.max_read_limit = absl::GetFlag(FLAGS_max_read_limit);
  options.service.max_queued_events = absl::GetFlag(FLAGS_max_stream_queue);
  options.service.session_ttl_us =
      absl::ToInt64Microseconds(absl::GetFlag(FLAGS_session_ttl));
  options.service.min_scram_iterations =
      absl::GetFlag(FLAGS_min_scram_iterations);
  if (const std::string bad = OutOfRangeFlag(); !bad.empty()) {
    std::fprintf(stderr, "%s\n", bad.c_str());
    return 2;
  }

  absl::StatusOr<std::unique_ptr<parley::ParleyServer>> server =
      parley::ParleyServer::Start(options);
  if (!server.ok()) {
    PARLEY_LOG(kError) << "cannot start: " << server.status().message();
    return 1;
  }
  // Printed on stdout so scripts can find the ports when the flags asked for
  // port 0; the "listening" line comes last, once everything serves.
  if ((*server)->metrics_port() != 0) {
    std::printf("parley_server metrics on port %d\n",
                (*server)->metrics_port());
  }
  std::printf("parley_server listening on port %d (binary %d, json %d)\n",
              (*server)->port(), (*server)->binary_port(),
              (*server)->json_port());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  PARLEY_LOG(kInfo) << "received signal " << signal_number;
  (*server)->Shutdown();
  return 0;
}
