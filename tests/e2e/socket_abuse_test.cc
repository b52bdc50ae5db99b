// End-to-end: what the binary and JSON listeners do with bytes that are not
// a well-formed conversation, sent by a raw socket that shares no code with
// Parley's clients: a wrong version, an oversize frame, garbage, a half frame
// that stalls, malformed JSON, invalid UTF-8, an endless line. Each gets an
// error reply and, where the stream cannot be read on, a closed connection
// with a log line; never a crash, and honest clients carry on meanwhile.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A plain TCP connection to a loopback port.
class RawSocket {
 public:
  explicit RawSocket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&address),
                    sizeof address) == 0);
  }
  ~RawSocket() { close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return;  // the server closed; what it said is read later
      bytes.remove_prefix(static_cast<size_t>(sent));
    }
  }
  // What arrives until the server closes or `timeout` passes; `closed` says
  // which.
  std::string ReadUntilClosed(absl::Duration timeout, bool* closed) {
    return Read(timeout, closed, "");
  }
  // What arrives until it holds `text`, the server closes, or `timeout`.
  std::string ReadUntil(std::string_view text, absl::Duration timeout) {
    bool closed = false;
    return Read(timeout, &closed, text);
  }

 private:
  std::string Read(absl::Duration timeout, bool* closed,
                   std::string_view until) {
    std::string got;
    *closed = false;
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline) {
      if (!until.empty() && Contains(got, until)) break;
      pollfd fd{fd_, POLLIN, 0};
      const int left =
          static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
      if (poll(&fd, 1, std::max(left, 1)) <= 0) continue;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        *closed = true;
        break;
      }
      got.append(buffer, static_cast<size_t>(n));
    }
    return got;
  }

  int fd_;
};

// The server's log lines while it lives.
class LogCapture {
 public:
  LogCapture() {
    SetLogSink([this](std::string_view line) {
      absl::MutexLock lock(&mu_);
      text_.append(line);
    });
  }
  ~LogCapture() { SetLogSink(nullptr); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Waits up to 5 s for a line holding `text`.
  bool Has(std::string_view text) {
    absl::MutexLock lock(&mu_);
    auto found = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> bool {
      return Contains(text_, text);
    };
    return mu_.AwaitWithTimeout(absl::Condition(&found), absl::Seconds(5));
  }

 private:
  absl::Mutex mu_;
  std::string text_ ABSL_GUARDED_BY(mu_);
};

int PortOf(const std::string& address) {
  return std::stoi(address.substr(address.rfind(':') + 1));
}

// An honest client still sends and reads.
void HonestClientsCarryOn(TestServer& server) {
  for (Protocol protocol : {Protocol::kBinary, Protocol::kJson}) {
    auto alice = server.NewClient(protocol);
    REQUIRE(alice->Login("alice", "pw-alice").ok());
    CHECK(alice->SendMessage("bob", "still here").ok());
  }
}

TEST_CASE(
    "binary: a wrong version, an oversize length and garbage each get an "
    "error and a closed connection with a log line",
    "[socket][abuse]") {
  LogCapture log;
  TestServer server(Protocol::kBinary);
  server.SignedIn("alice");
  server.SignedIn("bob");
  const int port = PortOf(server.address(Protocol::kBinary));
  struct Case {
    const char* what;
    std::string bytes;
    const char* error;  // where the message starts
  };
  const Case cases[] = {
      // Length 3, then version 1.
      {"version 1", std::string("\x03\x01\x01\x00", 4),
       "protocol version 1 is not supported"},
      // A length of 65545 after the length bytes: over the limit.
      {"oversize", std::string("\x89\x80\x04", 3),
       "a frame of 65548 bytes exceeds the limit"},
      {"garbage", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
       "protocol version 69 is not supported"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    RawSocket socket(port);
    socket.Send(c.bytes);
    bool closed = false;
    const std::string reply =
        socket.ReadUntilClosed(absl::Seconds(10), &closed);
    CHECK(closed);
    CHECK(Contains(reply, c.error));  // the error frame's message
    CHECK(log.Has(absl::StrCat("closed: ", c.error)));
  }
  HonestClientsCarryOn(server);
}

TEST_CASE(
    "a connection that stops in the middle of a frame is closed, while "
    "others carry on",
    "[socket][abuse]") {
  LogCapture log;
  TestServer server(Protocol::kBinary, [](ServerOptions& options) {
    options.socket_stall_timeout = absl::Milliseconds(300);
  });
  server.SignedIn("alice");
  server.SignedIn("bob");
  RawSocket binary(PortOf(server.address(Protocol::kBinary)));
  RawSocket json(PortOf(server.address(Protocol::kJson)));
  // A frame announcing 10 bytes after its length, and 3 of them; a line
  // without its end.
  binary.Send(std::string("\x0a\x02\x01\x05", 4));
  json.Send(R"({"id":1,"method":)");
  HonestClientsCarryOn(server);
  for (RawSocket* socket : {&binary, &json}) {
    bool closed = false;
    socket->ReadUntilClosed(absl::Seconds(10), &closed);
    CHECK(closed);
  }
  CHECK(log.Has("it stopped in the middle of a frame"));
}

TEST_CASE(
    "json: malformed JSON and invalid UTF-8 are answered with an error and "
    "the connection reads on; an endless line closes it",
    "[socket][abuse]") {
  LogCapture log;
  TestServer server(Protocol::kJson);
  server.SignedIn("alice");
  server.SignedIn("bob");
  const int port = PortOf(server.address(Protocol::kJson));
  {
    RawSocket socket(port);
    socket.Send("{\"id\":1,\n");
    CHECK(Contains(socket.ReadUntil("\n", absl::Seconds(10)),
                   "INVALID_ARGUMENT"));
    socket.Send(
        "{\"id\":2,\"method\":\"ListAccounts\",\"params\":"
        "{\"pattern\":\"\xff\xfe\"}}\n");
    const std::string utf8 = socket.ReadUntil("\n", absl::Seconds(10));
    CHECK(Contains(utf8, "INVALID_ARGUMENT"));
    // Still reading: a ping gets its pong.
    socket.Send("{\"id\":3,\"method\":\"Ping\"}\n");
    CHECK(Contains(socket.ReadUntil("pong", absl::Seconds(10)), "pong"));
  }
  {
    RawSocket socket(port);
    socket.Send(std::string(200'000, ' '));
    bool closed = false;
    const std::string reply =
        socket.ReadUntilClosed(absl::Seconds(10), &closed);
    CHECK(closed);
    CHECK(Contains(reply, "RESOURCE_EXHAUSTED"));
    CHECK(log.Has("closed: a line longer than 131072 bytes"));
  }
  HonestClientsCarryOn(server);
}

TEST_CASE(
    "json: connections that close while their streams replay leave the "
    "server running and no stream behind",
    "[socket][abuse][subscribe]") {
  TestServer server(Protocol::kJson);
  auto alice = server.SignedIn(Protocol::kBinary, "alice");
  auto bob = server.SignedIn("bob");
  for (int i = 0; i < 300; ++i) {
    REQUIRE(alice->SendMessage("bob", absl::StrCat("backlog ", i)).ok());
  }
  const int port = PortOf(server.address(Protocol::kJson));
  const size_t clients = server.server().socket_connection_count();
  // Each stream is still reading its backlog from the store on a worker when
  // its connection goes; the stream ends there, after the connection.
  for (int round = 0; round < 1000; ++round) {
    RawSocket socket(port);
    std::string calls;
    for (int id = 1; id <= 4; ++id) {
      absl::StrAppend(&calls, R"({"id":)", id,
                      R"(,"method":"Subscribe","token":")", bob->token(),
                      R"(","params":{"afterId":"0"}})", "\n");
    }
    socket.Send(calls);
  }
  // Once every raw connection has closed, no stream of theirs may stay: one
  // that was still being opened ends as its opening completes.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (server.server().socket_connection_count() != clients &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  CHECK(server.server().socket_connection_count() == clients);
  while (server.server().subscriber_count() != 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  CHECK(server.server().subscriber_count() == 0);
  HonestClientsCarryOn(server);
}

}  // namespace
}  // namespace parley::testing
