#include "support/test_server.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace parley::testing {

TestServer::TestServer(Protocol protocol,
                       const std::function<void(ServerOptions&)>& customize)
    : protocol_(protocol) {
  options_.db_path = db_path();
  options_.workers = 4;
  if (customize) customize(options_);
  StartOn(0, 0, 0);
}

TestServer::~TestServer() { Stop(); }

void TestServer::StartOn(int grpc_port, int binary_port, int json_port) {
  ServerOptions options = options_;
  options.listen_address = absl::StrCat("127.0.0.1:", grpc_port);
  options.binary_listen_address = absl::StrCat("127.0.0.1:", binary_port);
  options.json_listen_address = absl::StrCat("127.0.0.1:", json_port);
  absl::StatusOr<std::unique_ptr<ParleyServer>> server =
      ParleyServer::Start(options);
  if (!server.ok()) {
    throw std::runtime_error("test server did not start: " +
                             server.status().ToString());
  }
  server_ = *std::move(server);
  grpc_port_ = server_->port();
  binary_port_ = server_->binary_port();
  json_port_ = server_->json_port();
}

void TestServer::Stop() {
  if (server_) server_->Shutdown();
  server_.reset();
}

void TestServer::Restart() {
  Stop();
  StartOn(grpc_port_, binary_port_, json_port_);
}

std::string TestServer::address(Protocol protocol) const {
  switch (protocol) {
    case Protocol::kGrpc:
      return absl::StrCat("127.0.0.1:", grpc_port_);
    case Protocol::kBinary:
      return absl::StrCat("127.0.0.1:", binary_port_);
    case Protocol::kJson:
      return absl::StrCat("127.0.0.1:", json_port_);
  }
  return "";
}

ClientOptions TestServer::ClientOptionsFor(Protocol protocol) const {
  ClientOptions options;
  options.protocol = protocol;
  options.address = address(protocol);
  return options;
}

std::unique_ptr<ChatClient> TestServer::NewClient(Protocol protocol,
                                                  ByteCounter* bytes) const {
  ClientOptions options = ClientOptionsFor(protocol);
  options.bytes = bytes;
  return ConnectClient(options);
}

std::unique_ptr<ChatClient> TestServer::SignedIn(Protocol protocol,
                                                 const std::string& name,
                                                 std::string password) {
  return SignedInClient(ClientOptionsFor(protocol), name, std::move(password));
}

std::unique_ptr<ChatClient> ConnectClient(const ClientOptions& options) {
  absl::StatusOr<std::unique_ptr<ChatClient>> client =
      ChatClient::Connect(options);
  if (!client.ok()) throw std::runtime_error(client.status().ToString());
  return *std::move(client);
}

std::unique_ptr<ChatClient> SignedInClient(const ClientOptions& options,
                                           const std::string& name,
                                           std::string password) {
  if (password.empty()) password = "pw-" + name;
  std::unique_ptr<ChatClient> client = ConnectClient(options);
  if (absl::StatusOr<chat::v1::CreateAccountResponse> created =
          client->CreateAccount(name, password);
      !created.ok()) {
    throw std::runtime_error("create " + name + ": " +
                             created.status().ToString());
  }
  if (absl::StatusOr<chat::v1::CompleteLoginResponse> login =
          client->Login(name, password);
      !login.ok()) {
    throw std::runtime_error("login " + name + ": " +
                             login.status().ToString());
  }
  return client;
}

LiveSubscription::Callbacks EventRecorder::Callbacks() {
  return {
      .on_event =
          [this](const chat::v1::Event& event) {
            absl::MutexLock lock(&mu_);
            events_.push_back(event);
          },
      .on_state =
          [this](LiveSubscription::State state, const absl::Status& status) {
            absl::MutexLock lock(&mu_);
            states_.push_back(state);
            if (!status.ok()) last_status_ = status;
          }};
}

bool EventRecorder::WaitFor(
    const std::function<bool(const std::vector<chat::v1::Event>&)>& done,
    absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto ready = [&]()
                   ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return done(events_); };
  return mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
}

bool EventRecorder::WaitForState(LiveSubscription::State state,
                                 absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return std::find(states_.begin(), states_.end(), state) != states_.end();
  };
  return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
}

std::vector<chat::v1::Event> EventRecorder::events() {
  absl::MutexLock lock(&mu_);
  return events_;
}

std::vector<chat::v1::Message> EventRecorder::messages() {
  absl::MutexLock lock(&mu_);
  std::vector<chat::v1::Message> out;
  for (const auto& event : events_) {
    if (event.has_message()) out.push_back(event.message());
  }
  return out;
}

int EventRecorder::caught_up_count() {
  absl::MutexLock lock(&mu_);
  int count = 0;
  for (const auto& event : events_) count += event.has_caught_up() ? 1 : 0;
  return count;
}

absl::Status EventRecorder::last_status() {
  absl::MutexLock lock(&mu_);
  return last_status_;
}

}  // namespace parley::testing
