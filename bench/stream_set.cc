#include "stream_set.h"

#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "latency.h"

namespace parley::bench {

class StreamSet::Stream final
    : public grpc::ClientReadReactor<chat::v1::Event> {
 public:
  Stream(StreamSet* set, int index, int account_index,
         const std::string& authorization)
      : set_(set), index_(index), account_index_(account_index) {
    context_.AddMetadata("authorization", authorization);
  }

  void Start(Connection* connection) {
    connection->subscriptions()->async()->Subscribe(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void Cancel() {
    cancelled_.store(true);
    context_.TryCancel();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    if (event_.has_message()) {
      const int64_t now = NowNanos();
      {
        absl::MutexLock lock(&mu_);
        deliveries_.push_back(Delivery{event_.message().id(), now, index_});
      }
      set_->messages_.fetch_add(1, std::memory_order_acq_rel);
    } else if (event_.has_caught_up()) {
      set_->OnLive();
    }
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    set_->OnDone(
        cancelled_.load(),
        absl::StrCat("stream of account ", account_index_, " ended: code ",
                     status.error_code(), " ", status.error_message()));
  }

  std::vector<Delivery> Take() {
    absl::MutexLock lock(&mu_);
    return std::exchange(deliveries_, {});
  }

  int account_index() const { return account_index_; }

 private:
  StreamSet* const set_;
  const int index_;
  const int account_index_;
  grpc::ClientContext context_;
  chat::v1::SubscribeRequest request_;
  chat::v1::Event event_;
  std::atomic<bool> cancelled_{false};
  absl::Mutex mu_;
  std::vector<Delivery> deliveries_ ABSL_GUARDED_BY(mu_);
};

StreamSet::StreamSet() = default;

StreamSet::~StreamSet() { CancelAll(); }

int StreamSet::Open(Connection* connection, const BenchAccount& account,
                    int account_index) {
  Stream* stream;
  int index;
  {
    absl::MutexLock lock(&mu_);
    index = static_cast<int>(streams_.size());
    streams_.push_back(std::make_unique<Stream>(this, index, account_index,
                                                account.authorization));
    stream = streams_.back().get();
  }
  stream->Start(connection);
  return index;
}

void StreamSet::OnLive() {
  absl::MutexLock lock(&mu_);
  ++live_;
}

void StreamSet::OnDone(bool cancelled_by_us, const std::string& status) {
  absl::MutexLock lock(&mu_);
  ++done_;
  if (!cancelled_by_us) {
    if (failed_++ == 0) first_failure_ = status;
  }
}

bool StreamSet::WaitLive(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return live_ >= static_cast<int>(streams_.size()) || failed_ > 0;
  };
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  return live_ >= static_cast<int>(streams_.size()) && failed_ == 0;
}

bool StreamSet::WaitMessages(int64_t count, absl::Duration timeout) const {
  const int64_t deadline = NowNanos() + absl::ToInt64Nanoseconds(timeout);
  while (messages() < count) {
    if (NowNanos() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return true;
}

std::vector<Delivery> StreamSet::TakeDeliveries() {
  std::vector<Stream*> streams;
  {
    absl::MutexLock lock(&mu_);
    for (auto& s : streams_) streams.push_back(s.get());
  }
  std::vector<Delivery> all;
  for (Stream* s : streams) {
    std::vector<Delivery> some = s->Take();
    all.insert(all.end(), some.begin(), some.end());
  }
  return all;
}

int StreamSet::size() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(streams_.size());
}

int StreamSet::account_of(int stream) const {
  absl::MutexLock lock(&mu_);
  return streams_[stream]->account_index();
}

int StreamSet::failed() const {
  absl::MutexLock lock(&mu_);
  return failed_;
}

std::string StreamSet::first_failure() const {
  absl::MutexLock lock(&mu_);
  return first_failure_;
}

void StreamSet::CancelAll() {
  std::vector<Stream*> streams;
  {
    absl::MutexLock lock(&mu_);
    for (auto& s : streams_) streams.push_back(s.get());
  }
  // Outside the lock: a reaction may run before TryCancel returns.
  for (Stream* s : streams) s->Cancel();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](StreamSet* set) ABSL_EXCLUSIVE_LOCKS_REQUIRED(set->mu_) {
        return set->done_ >= static_cast<int>(set->streams_.size());
      },
      this));
}

}  // namespace parley::bench
