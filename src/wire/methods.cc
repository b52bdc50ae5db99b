#include "wire/methods.h"

#include <string>
#include <vector>

#include "chat/v1/chat.pb.h"
#include "google/protobuf/message.h"

namespace parley::wire {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::MessageFactory;

// The binary protocol's numbering: append only.
constexpr const char* kMethods[] = {
    "chat.v1.AccountService.CreateAccount",
    "chat.v1.AccountService.BeginLogin",
    "chat.v1.AccountService.CompleteLogin",
    "chat.v1.AccountService.Logout",
    "chat.v1.AccountService.DeleteAccount",
    "chat.v1.AccountService.ListAccounts",
    "chat.v1.MessageService.SendMessage",
    "chat.v1.MessageService.ReadMessages",
    "chat.v1.MessageService.MarkRead",
    "chat.v1.MessageService.ListConversations",
    "chat.v1.MessageService.GetHistory",
    "chat.v1.MessageService.DeleteMessages",
    "chat.v1.SubscriptionService.Subscribe",
};

const std::vector<MethodInfo>& Table() {
  static const std::vector<MethodInfo>* table = [] {
    // Makes sure chat.proto's descriptors are in the generated pool.
    chat::v1::Event::descriptor();
    auto* methods = new std::vector<MethodInfo>();
    uint8_t number = 1;
    for (const char* full_name : kMethods) {
      const google::protobuf::MethodDescriptor* descriptor =
          DescriptorPool::generated_pool()->FindMethodByName(full_name);
      methods->push_back(MethodInfo{
          number++, descriptor->name(), descriptor,
          descriptor->server_streaming(),
          "/" + descriptor->service()->full_name() + "/" + descriptor->name()});
    }
    return methods;
  }();
  return *table;
}

std::unique_ptr<google::protobuf::Message> New(
    const google::protobuf::Descriptor* type) {
  return std::unique_ptr<google::protobuf::Message>(
      MessageFactory::generated_factory()->GetPrototype(type)->New());
}

}  // namespace

std::unique_ptr<google::protobuf::Message> MethodInfo::NewRequest() const {
  return New(descriptor->input_type());
}

std::unique_ptr<google::protobuf::Message> MethodInfo::NewResponse() const {
  return New(descriptor->output_type());
}

std::span<const MethodInfo> AllMethods() { return Table(); }

const std::string& GrpcMethodPath(const MethodInfo& method) {
  return method.grpc_path;
}

const MethodInfo* MethodByNumber(uint8_t number) {
  const std::vector<MethodInfo>& table = Table();
  if (number < 1 || number > table.size()) return nullptr;
  return &table[number - 1];
}

const MethodInfo* MethodByName(std::string_view name) {
  for (const MethodInfo& method : Table()) {
    if (method.name == name) return &method;
  }
  return nullptr;
}

const MethodInfo* MethodFor(const google::protobuf::MethodDescriptor& method) {
  for (const MethodInfo& info : Table()) {
    if (info.descriptor == &method) return &info;
  }
  return nullptr;
}

}  // namespace parley::wire
