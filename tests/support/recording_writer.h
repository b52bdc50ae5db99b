// A StreamWriter for the engine's unit tests: it records what the stream
// writes and leaves completing each write to the test
// (EventStream::OnWriteDone), so backpressure and ordering can be checked
// deterministically. The one stand-in the server tests use: a real transport
// cannot hold a write.
#ifndef PARLEY_TESTS_SUPPORT_RECORDING_WRITER_H_
#define PARLEY_TESTS_SUPPORT_RECORDING_WRITER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "chat/v1/chat.pb.h"
#include "server/engine/event_stream.h"

namespace parley::testing {

class RecordingWriter : public StreamWriter {
 public:
  // From now on, completes each write as soon as it starts.
  void CompleteWrites(const std::shared_ptr<EventStream>& stream) {
    absl::MutexLock lock(&mu_);
    stream_ = stream;
  }

  void WriteEvent(const chat::v1::Event* event) override {
    std::shared_ptr<EventStream> stream;
    {
      absl::MutexLock lock(&mu_);
      written_.push_back(*event);
      stream = stream_.lock();
    }
    if (stream) stream->OnWriteDone(true);
  }
  void FinishStream(const absl::Status& status) override {
    absl::MutexLock lock(&mu_);
    finished_ = status;
  }
  void CancelWrite() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }

  // Waits until `n` events were written; false after 10 s (a hang guard, not
  // a timing).
  bool WaitForWrites(size_t n) {
    absl::MutexLock lock(&mu_);
    auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return written_.size() >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(10));
  }
  // Waits until `done(written events)` holds, or until the stream finished
  // without it; false then, or after 10 s (a hang guard, not a timing).
  bool WaitFor(
      const std::function<bool(const std::vector<chat::v1::Event>&)>& done) {
    absl::MutexLock lock(&mu_);
    auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return done(written_) || finished_.has_value();
    };
    mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(10));
    return done(written_);
  }
  // Waits for the stream to finish; nullopt after 10 s.
  std::optional<absl::Status> WaitForFinish() {
    absl::MutexLock lock(&mu_);
    auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return finished_.has_value();
    };
    mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(10));
    return finished_;
  }
  std::vector<chat::v1::Event> written() {
    absl::MutexLock lock(&mu_);
    return written_;
  }
  std::optional<absl::Status> finished() {
    absl::MutexLock lock(&mu_);
    return finished_;
  }
  // Waits for CancelWrite; false after 10 s (a hang guard, not a timing).
  bool WaitForCancel() {
    absl::MutexLock lock(&mu_);
    auto cancelled = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return cancelled_;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&cancelled), absl::Seconds(10));
  }

 private:
  absl::Mutex mu_;
  std::vector<chat::v1::Event> written_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> finished_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::weak_ptr<EventStream> stream_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_RECORDING_WRITER_H_
