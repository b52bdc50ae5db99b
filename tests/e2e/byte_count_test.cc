// End-to-end: byte counting. Every client counts each message's payload as its
// protocol carries it and, over the socket protocols, the bytes that cross
// TCP; the client and the server agree on every protocol.
#include <grpcpp/grpcpp.h>

#include <catch2/catch.hpp>

#include "absl/strings/escaping.h"
#include "chat/v1/chat.grpc.pb.h"
#include "common/scram.h"
#include "google/protobuf/util/json_util.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

// The size of `message` as `protocol` carries it: protobuf's encoding, or for
// JSON protobuf's JSON mapping.
int64_t PayloadSize(Protocol protocol,
                    const google::protobuf::Message& message) {
  if (protocol != Protocol::kJson) {
    return static_cast<int64_t>(message.ByteSizeLong());
  }
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return static_cast<int64_t>(json.size());
}

PROTOCOL_TEST_CASE(
    "a client counts each message's payload as its protocol carries it",
    "[bytes]") {
  TestServer server(TestType::kProtocol);
  server.SignedIn("bob");
  ByteCounter bytes;
  auto alice = server.NewClient(&bytes);
  ASSERT_OK_AND_GET(alice->CreateAccount("alice", "pw"));
  ASSERT_OK_AND_GET(alice->Login("alice", "pw"));
  bytes.Reset();

  chat::v1::SendMessageRequest request;
  request.set_recipient("bob");
  request.set_text("twenty bytes of text");
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", request.text()));
  }
  const MethodBytes sends =
      bytes.Snapshot()["/chat.v1.MessageService/SendMessage"];
  CHECK(sends.calls == 3);
  CHECK(sends.sent_messages == 3);
  CHECK(sends.sent_bytes == 3 * PayloadSize(TestType::kProtocol, request));
  CHECK(sends.received_messages == 3);
  CHECK(sends.received_bytes > 0);
}

TEST_CASE(
    "over the binary protocol the TCP bytes are the payloads, 5-byte headers "
    "and the token once",
    "[bytes]") {
  TestServer server(Protocol::kBinary);
  server.SignedIn("bob");
  ByteCounter bytes;
  auto alice = server.NewClient(&bytes);
  ASSERT_OK_AND_GET(alice->CreateAccount("alice", "pw"));
  ASSERT_OK_AND_GET(alice->Login("alice", "pw"));
  bytes.Reset();
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", "twenty bytes of text"));
  }
  const MethodBytes payload = bytes.Total();
  const TcpBytes tcp = bytes.Tcp();
  // Each frame's header is 5 bytes here: the length, version, kind, method
  // and call id, one byte each (lengths and ids under 128). The first request
  // after sign-in carries the token (a length byte and 64 hex digits); the
  // connection keeps it for the next two.
  constexpr int64_t kHeaders = int64_t{3} * 5;
  CHECK(tcp.sent == payload.sent_bytes + kHeaders + 1 + 64);
  CHECK(tcp.received == payload.received_bytes + kHeaders);
}

TEST_CASE("over JSON the TCP bytes hold each payload and its envelope",
          "[bytes]") {
  TestServer server(Protocol::kJson);
  server.SignedIn("bob");
  ByteCounter bytes;
  auto alice = server.NewClient(&bytes);
  ASSERT_OK_AND_GET(alice->CreateAccount("alice", "pw"));
  ASSERT_OK_AND_GET(alice->Login("alice", "pw"));
  bytes.Reset();
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "twenty bytes of text"));
  const MethodBytes payload = bytes.Total();
  const TcpBytes tcp = bytes.Tcp();
  // {"id":N,"method":"SendMessage","token":"<64>","params":...}\n and
  // {"id":N,"result":...}\n
  CHECK(tcp.sent > payload.sent_bytes + 64 + 30);
  CHECK(tcp.received > payload.received_bytes + 10);
}

PROTOCOL_TEST_CASE(
    "the client and the server count the same payload bytes per method",
    "[bytes]") {
  TestServer server(TestType::kProtocol);
  server.SignedIn("bob");
  ByteCounter client_bytes;
  auto alice = server.NewClient(&client_bytes);
  ASSERT_OK_AND_GET(alice->CreateAccount("alice", "pw"));
  ASSERT_OK_AND_GET(alice->Login("alice", "pw"));
  server.server().bytes().Reset();
  client_bytes.Reset();

  chat::v1::SendMessageRequest request;
  request.set_recipient("bob");
  request.set_text("twenty bytes of text");
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", request.text()));
  }

  const std::string method = "/chat.v1.MessageService/SendMessage";
  MethodBytes client_side = client_bytes.Snapshot()[method];
  MethodBytes server_side = server.server().bytes().Snapshot()[method];
  CHECK(client_side.calls == 3);
  CHECK(server_side.calls == 3);
  CHECK(client_side.sent_messages == 3);
  CHECK(client_side.sent_bytes ==
        3 * PayloadSize(TestType::kProtocol, request));
  CHECK(server_side.received_messages == 3);
  CHECK(server_side.received_bytes == client_side.sent_bytes);
  CHECK(server_side.sent_messages == 3);
  CHECK(server_side.sent_bytes == client_side.received_bytes);
  CHECK(client_side.received_bytes > 0);
}

PROTOCOL_TEST_CASE(
    "the events of a stream count the same payload bytes on both sides",
    "[bytes][subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  ByteCounter bob_bytes;
  auto listener = server.NewClient(&bob_bytes);
  listener->set_token(bob->token());
  server.server().bytes().Reset();
  EventRecorder recorder;
  auto live = listener->Subscribe(std::nullopt, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(LiveSubscription::State::kLive));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "counted on both sides"));
  REQUIRE(
      recorder.WaitFor([](const auto& events) { return events.size() == 2; }));

  const std::string method = "/chat.v1.SubscriptionService/Subscribe";
  MethodBytes client_side = bob_bytes.Snapshot()[method];
  MethodBytes server_side = server.server().bytes().Snapshot()[method];
  CHECK(client_side.received_messages == 2);  // CaughtUp and the message
  CHECK(server_side.sent_messages == 2);
  CHECK(server_side.sent_bytes == client_side.received_bytes);
  CHECK(server_side.received_bytes == client_side.sent_bytes);
}

// Records the serialized bytes of every message a client sends.
class WireRecorder
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new Recorder(this);
  }
  std::string all() {
    absl::MutexLock lock(&mu_);
    return wire_;
  }

 private:
  class Recorder : public grpc::experimental::Interceptor {
   public:
    explicit Recorder(WireRecorder* owner) : owner_(owner) {}
    void Intercept(
        grpc::experimental::InterceptorBatchMethods* methods) override {
      if (methods->QueryInterceptionHookPoint(
              grpc::experimental::InterceptionHookPoints::PRE_SEND_MESSAGE)) {
        std::vector<grpc::Slice> slices;
        if (grpc::ByteBuffer* buffer = methods->GetSerializedSendMessage();
            buffer != nullptr && buffer->Dump(&slices).ok()) {
          absl::MutexLock lock(&owner_->mu_);
          for (const grpc::Slice& slice : slices) {
            owner_->wire_.append(reinterpret_cast<const char*>(slice.begin()),
                                 slice.size());
          }
        }
      }
      methods->Proceed();
    }

   private:
    WireRecorder* owner_;
  };

  absl::Mutex mu_;
  std::string wire_;
};

TEST_CASE("the password never leaves the client", "[bytes][security]") {
  TestServer server;
  const std::string password = "a very recognizable password";
  auto recorder = new WireRecorder;
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      factories;
  factories.emplace_back(recorder);
  auto channel = grpc::experimental::CreateCustomChannelWithInterceptors(
      server.address(), grpc::InsecureChannelCredentials(),
      grpc::ChannelArguments(), std::move(factories));
  auto stub = chat::v1::AccountService::NewStub(channel);

  auto verifier = ASSERT_OK_AND_GET(
      DeriveScramVerifier(password, std::string(16, 's'), 4096));
  chat::v1::CreateAccountRequest create;
  create.set_username("alice");
  create.set_salt(verifier.salt);
  create.set_iterations(verifier.iterations);
  create.set_stored_key(verifier.stored_key);
  create.set_server_key(verifier.server_key);
  chat::v1::CreateAccountResponse created;
  {
    grpc::ClientContext context;
    REQUIRE(stub->CreateAccount(&context, create, &created).ok());
  }
  auto scram = ASSERT_OK_AND_GET(ScramClient::Start("alice", password));
  chat::v1::BeginLoginRequest begin;
  begin.set_username("alice");
  begin.set_client_first(scram->client_first());
  chat::v1::BeginLoginResponse challenge;
  {
    grpc::ClientContext context;
    REQUIRE(stub->BeginLogin(&context, begin, &challenge).ok());
  }
  chat::v1::CompleteLoginRequest complete;
  complete.set_login_id(challenge.login_id());
  complete.set_client_final(
      ASSERT_OK_AND_GET(scram->Respond(challenge.server_first())));
  chat::v1::CompleteLoginResponse done;
  {
    grpc::ClientContext context;
    REQUIRE(stub->CompleteLogin(&context, complete, &done).ok());
  }
  CHECK(scram->VerifyServer(done.server_final()).ok());

  const std::string wire = recorder->all();
  REQUIRE(wire.size() > 100);  // every request was captured
  CHECK(wire.find("alice") != std::string::npos);
  CHECK(wire.find(password) == std::string::npos);
  CHECK(wire.find(absl::Base64Escape(password)) == std::string::npos);
}

}  // namespace
}  // namespace parley::testing
