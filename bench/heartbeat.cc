#include "heartbeat.h"

#include <chrono>

namespace parley::bench {

Heartbeat::Heartbeat(const std::string& address)
    : connection_(address, nullptr) {}

Heartbeat::~Heartbeat() { Stop(); }

void Heartbeat::Start() {
  {
    absl::MutexLock lock(&mu_);
    if (busy_) return;
    stopping_ = false;
    busy_ = true;
  }
  Beat();
}

void Heartbeat::Beat() {
  context_ = std::make_unique<grpc::ClientContext>();
  context_->set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
  connection_.health()->async()->Check(
      context_.get(), &request_, &response_, [this](const grpc::Status&) {
        absl::MutexLock lock(&mu_);
        if (stopping_) {
          busy_ = false;
          return;
        }
        alarm_.Set(
            std::chrono::system_clock::now() + std::chrono::milliseconds(200),
            [this](bool fired) {
              if (fired) {
                Beat();
              } else {
                Done();
              }
            });
      });
}

void Heartbeat::Done() {
  absl::MutexLock lock(&mu_);
  busy_ = false;
}

void Heartbeat::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  // Outside the lock: a cancelled alarm's callback takes it.
  alarm_.Cancel();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Heartbeat* h)
           ABSL_EXCLUSIVE_LOCKS_REQUIRED(h->mu_) { return !h->busy_; },
      this));
}

}  // namespace parley::bench
