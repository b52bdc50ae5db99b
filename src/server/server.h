// A running Parley server: the store (SQLite, or PostgreSQL for a URL), the
// transport-neutral core (the engine and the rules, chat_core.h) and its edges:
// the gRPC server (chat.v1 services, health, reflection, byte counting and
// logging interceptors) and the binary and JSON socket protocols on one event
// loop (socket/), all on the same rules, store and hub; and, when asked, the
// Prometheus metrics page (metrics/). main.cc runs one from
// flags; tests run one in-process on an ephemeral port.
//
// Thread safety: Shutdown and the accessors may be called from any thread.
// Shutdown is idempotent; the destructor calls it.
#ifndef PARLEY_SERVER_SERVER_H_
#define PARLEY_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "interceptors/byte_counter.h"
#include "server/rules/service_options.h"
#include "store/postgres/postgres_store.h"

namespace parley {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";  // gRPC; port 0: any free
  // The socket protocols' addresses; empty serves no such protocol (the
  // server's flags default to 127.0.0.1:50052 and 127.0.0.1:50053).
  std::string binary_listen_address;
  std::string json_listen_address;
  int io_threads = 2;  // the socket protocols' event loop
  // How long a socket connection may stop in the middle of a frame before it
  // is closed (an idle one, between frames, is never).
  absl::Duration socket_stall_timeout = absl::Seconds(30);
  // Where GET /metrics answers (Prometheus text); empty serves none.
  std::string metrics_listen_address;
  // An SQLite file, or a postgresql:// (or postgres://) URL for PostgreSQL.
  std::string db_path = "parley.db";
  int workers =
      4;  // worker threads at start; the pool grows to 64 while all are busy
  size_t max_queued_calls =
      10'000;  // calls waiting for a worker before RESOURCE_EXHAUSTED
  std::string tls_cert_path;  // PEM, for every protocol; both or neither
  std::string tls_key_path;
  bool full_sync = false;  // SQLite synchronous=FULL (survives power loss too)
  // For a PostgreSQL URL: the pool, timeouts and the change log's retention.
  store::PostgresStoreOptions postgres;
  // How often the database is probed for writes; health checks answer
  // NOT_SERVING while it takes none.
  absl::Duration write_probe_interval = absl::Seconds(5);
  ServiceOptions service;
  Clock clock = RealNowMicros;
};

class ParleyServer {
 public:
  // Opens the store (creating or migrating it), binds, and starts serving.
  // INVALID_ARGUMENT for bad options, UNAVAILABLE if the address cannot be
  // bound, and the store's error if the database cannot be opened. Routes
  // libprotobuf's log lines into Parley's logger for the whole process.
  static absl::StatusOr<std::unique_ptr<ParleyServer>> Start(
      const ServerOptions& options);
  ~ParleyServer();

  // The ports actually bound: gRPC's, and the binary and JSON protocols' (0
  // when not served).
  int port() const;
  int binary_port() const;
  int json_port() const;
  // The metrics page's port; 0 when not served.
  int metrics_port() const;
  // Ends every live stream with UNAVAILABLE, lets in-flight calls finish (for
  // up to `grace_ms`), then stops the workers and closes the store.
  void Shutdown(int grace_ms = 5000);
  // Blocks until the server has shut down.
  void Wait();

  // Payload bytes per method over every protocol, as the server sees them
  // (interceptors/byte_counter.h).
  ByteCounter& bytes();
  // Open Subscribe streams.
  size_t subscriber_count();
  // Open binary and JSON protocol connections.
  size_t socket_connection_count();

 private:
  struct Parts;
  explicit ParleyServer(std::unique_ptr<Parts> parts);
  // The binary and JSON listeners the options ask for, on one event loop.
  static absl::Status StartSocketEdges(const ServerOptions& options, Parts& p);
  static void StopSocketEdges(Parts& p, absl::Time deadline);
  static std::string SocketPorts(const Parts& p);
  // The metrics page, read at each scrape.
  static std::string RenderMetrics(Parts& p);
  std::unique_ptr<Parts> parts_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_SERVER_H_
