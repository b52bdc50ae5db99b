// The events a stream carries (chat.v1.Event), built from what the store
// committed. Events are immutable once built and shared by every stream they
// go to.
//
// Thread safety: pure functions; an EventPtr may be read from any thread.
#ifndef PARLEY_SERVER_ENGINE_EVENTS_H_
#define PARLEY_SERVER_ENGINE_EVENTS_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "chat/v1/chat.pb.h"
#include "store/store.h"

namespace parley {

using EventPtr = std::shared_ptr<const chat::v1::Event>;

// A message, stored or just committed.
EventPtr MessageEvent(const store::MessageRecord& record);
// Messages of the conversation with `peer` deleted by `deleted_by`.
EventPtr MessagesDeletedEvent(std::span<const int64_t> ids,
                              std::string_view peer,
                              std::string_view deleted_by);
// The account `username` was deleted.
EventPtr AccountDeletedEvent(std::string_view username);

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_EVENTS_H_
