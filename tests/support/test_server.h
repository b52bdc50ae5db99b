// The shared fixture of the end-to-end tests: a real ParleyServer serving all
// three protocols (gRPC, binary, JSON) on ephemeral loopback ports, with a
// real SQLite file in a fresh temporary directory, plus helpers to make
// signed-in clients of any protocol and to wait for stream events.
#ifndef PARLEY_TESTS_SUPPORT_TEST_SERVER_H_
#define PARLEY_TESTS_SUPPORT_TEST_SERVER_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/chat_client.h"
#include "client/protocol.h"
#include "server/server.h"
#include "support/status_helpers.h"
#include "support/temp_dir.h"

namespace parley::testing {

class TestServer {
 public:
  // Starts a server listening for every protocol on 127.0.0.1:0 with a
  // database in a new temp dir; NewClient and SignedIn speak `protocol`.
  // `customize` may change the options before the start (limits, clock, TLS).
  // Throws if the server does not start.
  explicit TestServer(
      Protocol protocol = Protocol::kGrpc,
      const std::function<void(ServerOptions&)>& customize = nullptr);
  ~TestServer();

  // Stops the server and starts it again on the same ports and database.
  void Restart();
  void Stop();

  ParleyServer& server() { return *server_; }
  // The protocol NewClient and SignedIn speak.
  Protocol protocol() const { return protocol_; }
  // "127.0.0.1:<port>" of that protocol's listener (by default, protocol()'s).
  std::string address() const { return address(protocol_); }
  std::string address(Protocol protocol) const;
  std::string db_path() const { return (dir_.path() / "parley.db").string(); }

  // A client of this server, signed out, speaking protocol() unless told.
  std::unique_ptr<ChatClient> NewClient(ByteCounter* bytes = nullptr) const {
    return NewClient(protocol_, bytes);
  }
  std::unique_ptr<ChatClient> NewClient(Protocol protocol,
                                        ByteCounter* bytes = nullptr) const;
  // Creates `name` (password "pw-<name>" unless given) and returns a client
  // signed in as it, speaking protocol() unless told.
  std::unique_ptr<ChatClient> SignedIn(const std::string& name,
                                       std::string password = "") {
    return SignedIn(protocol_, name, std::move(password));
  }
  std::unique_ptr<ChatClient> SignedIn(Protocol protocol,
                                       const std::string& name,
                                       std::string password = "");
  // The options every client of this server starts from (address, protocol
  // and, for a TLS server, nothing yet: tests add the CA).
  ClientOptions ClientOptionsFor(Protocol protocol) const;

 private:
  // Starts on these ports (0: any free one).
  void StartOn(int grpc_port, int binary_port, int json_port);

  const Protocol protocol_;
  TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<ParleyServer> server_;
  int grpc_port_ = 0;
  int binary_port_ = 0;
  int json_port_ = 0;
};

// A client with `options`; throws if it cannot be made.
std::unique_ptr<ChatClient> ConnectClient(const ClientOptions& options);
// Creates `name` (password "pw-<name>" unless given) on the server `options`
// reach and returns a client signed in as it; throws if either step fails.
std::unique_ptr<ChatClient> SignedInClient(const ClientOptions& options,
                                           const std::string& name,
                                           std::string password = "");

// Collects what a LiveSubscription reports, for tests to wait on.
class EventRecorder {
 public:
  LiveSubscription::Callbacks Callbacks();

  // Waits until `done(events)` holds; false after `timeout` (a hang guard, not
  // a speed test).
  bool WaitFor(
      const std::function<bool(const std::vector<chat::v1::Event>&)>& done,
      absl::Duration timeout = absl::Seconds(10));
  bool WaitForState(LiveSubscription::State state,
                    absl::Duration timeout = absl::Seconds(10));

  std::vector<chat::v1::Event> events();
  // Message events only, in arrival order.
  std::vector<chat::v1::Message> messages();
  // How many CaughtUp events arrived.
  int caught_up_count();
  absl::Status last_status();

 private:
  absl::Mutex mu_;
  std::vector<chat::v1::Event> events_ ABSL_GUARDED_BY(mu_);
  std::vector<LiveSubscription::State> states_ ABSL_GUARDED_BY(mu_);
  absl::Status last_status_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_TEST_SERVER_H_
