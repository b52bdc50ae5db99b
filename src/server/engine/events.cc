#include "server/engine/events.h"

#include <string>

#include "server/engine/proto_convert.h"

namespace parley {

EventPtr MessageEvent(const store::MessageRecord& record) {
  auto event = std::make_shared<chat::v1::Event>();
  ToProto(record, event->mutable_message());
  return event;
}

EventPtr MessagesDeletedEvent(std::span<const int64_t> ids,
                              std::string_view peer,
                              std::string_view deleted_by) {
  auto event = std::make_shared<chat::v1::Event>();
  chat::v1::MessagesDeleted* out = event->mutable_messages_deleted();
  out->mutable_ids()->Add(ids.begin(), ids.end());
  out->set_peer(std::string(peer));
  out->set_deleted_by(std::string(deleted_by));
  return event;
}

EventPtr AccountDeletedEvent(std::string_view username) {
  auto event = std::make_shared<chat::v1::Event>();
  event->mutable_account_deleted()->set_username(std::string(username));
  return event;
}

}  // namespace parley
