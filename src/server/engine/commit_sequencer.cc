#include "server/engine/commit_sequencer.h"

namespace parley {

void CommitEvents::Publish(int64_t account_id, const EventPtr& event) {
  hub_->Enqueue(account_id, event, &to_flush_);
}

void CommitEvents::CloseStreams(int64_t account_id, absl::Status status) {
  closes_.emplace_back(account_id, std::move(status));
}

void CommitEvents::Start() {
  for (const std::shared_ptr<Subscriber>& subscriber : to_flush_) {
    subscriber->Flush();
  }
  to_flush_.clear();
  for (const auto& [account_id, status] : closes_) {
    hub_->CloseAccount(account_id, status);
  }
  closes_.clear();
}

}  // namespace parley
