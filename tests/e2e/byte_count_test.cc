// End-to-end: the byte-counting interceptors on both sides agree on payload
// sizes.
#include <grpcpp/grpcpp.h>

#include <catch2/catch.hpp>

#include "absl/strings/escaping.h"
#include "chat/v1/chat.grpc.pb.h"
#include "common/scram.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

TEST_CASE(
    "client and server interceptors count the same payload bytes per method",
    "[bytes]") {
  TestServer server;
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
  CHECK(client_side.sent_messages == 3);
  CHECK(client_side.sent_bytes ==
        3 * static_cast<int64_t>(request.ByteSizeLong()));
  CHECK(server_side.received_bytes == client_side.sent_bytes);
  CHECK(server_side.sent_bytes == client_side.received_bytes);
  CHECK(client_side.received_bytes > 0);
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
