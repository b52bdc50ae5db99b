// Conversions from the store's records to the API's protobuf messages.
//
// Thread safety: pure functions.
#ifndef PARLEY_SERVER_ENGINE_PROTO_CONVERT_H_
#define PARLEY_SERVER_ENGINE_PROTO_CONVERT_H_

#include <cstdint>

#include "chat/v1/chat.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "store/store.h"

namespace parley {

void ToTimestamp(int64_t unix_us, google::protobuf::Timestamp* out);
void ToProto(const store::MessageRecord& record, chat::v1::Message* out);
void ToProto(const store::AccountRecord& record, chat::v1::Account* out);

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_PROTO_CONVERT_H_
