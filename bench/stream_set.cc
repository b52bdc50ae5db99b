#include "stream_set.h"

#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "latency.h"

namespace parley::bench {

// One stream of the set: records its events and tells the set when it is
// live and when it ends.
class StreamSet::Stream {
 public:
  Stream(StreamSet* set, int index, int account_index)
      : set_(set), index_(index), account_index_(account_index) {}

  void Start(Connection* connection, const BenchAccount& account) {
    std::unique_ptr<EventStream> call = connection->Subscribe(
        account, {.on_event = [this](const chat::v1::Event& e) { OnEvent(e); },
                  .on_done =
                      [this](const absl::Status& status) {
                        set_->OnDone(
                            cancelled_.load(),
                            absl::StrCat("stream of account ", account_index_,
                                         " ended: ", status.ToString()));
                      }});
    absl::MutexLock lock(&mu_);
    call_ = std::move(call);
  }

  void Cancel() {
    cancelled_.store(true);
    absl::MutexLock lock(&mu_);
    if (call_) call_->Cancel();
  }

  std::vector<Delivery> Take() {
    absl::MutexLock lock(&mu_);
    return std::exchange(deliveries_, {});
  }

  int account_index() const { return account_index_; }

 private:
  void OnEvent(const chat::v1::Event& event) {
    if (event.has_message()) {
      const int64_t now = NowNanos();
      {
        absl::MutexLock lock(&mu_);
        deliveries_.push_back(Delivery{event.message().id(), now, index_});
      }
      set_->messages_.fetch_add(1, std::memory_order_acq_rel);
    } else if (event.has_caught_up()) {
      set_->OnLive();
    }
  }

  StreamSet* const set_;
  const int index_;
  const int account_index_;
  std::atomic<bool> cancelled_{false};
  absl::Mutex mu_;
  std::unique_ptr<EventStream> call_ ABSL_GUARDED_BY(mu_);
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
    streams_.push_back(std::make_unique<Stream>(this, index, account_index));
    stream = streams_.back().get();
  }
  stream->Start(connection, account);
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
  // Outside the lock: on_done may run before Cancel returns.
  for (Stream* s : streams) s->Cancel();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](StreamSet* set) ABSL_EXCLUSIVE_LOCKS_REQUIRED(set->mu_) {
        return set->done_ >= static_cast<int>(set->streams_.size());
      },
      this));
}

}  // namespace parley::bench
