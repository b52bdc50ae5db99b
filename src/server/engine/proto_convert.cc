#include "server/engine/proto_convert.h"

namespace parley {

void ToTimestamp(int64_t unix_us, google::protobuf::Timestamp* out) {
  int64_t seconds = unix_us / 1'000'000;
  int64_t micros = unix_us % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(micros * 1000));
}

void ToProto(const store::MessageRecord& record, chat::v1::Message* out) {
  out->set_id(record.id);
  out->set_sender(record.sender);
  out->set_recipient(record.recipient);
  out->set_text(record.text);
  ToTimestamp(record.sent_at_us, out->mutable_sent_at());
  out->set_read(record.read);
}

void ToProto(const store::AccountRecord& record, chat::v1::Account* out) {
  out->set_username(record.username);
  ToTimestamp(record.created_at_us, out->mutable_created_at());
}

}  // namespace parley
