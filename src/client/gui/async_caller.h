// How the view-model's parts talk to the server without blocking the UI
// thread: each client call runs on one background worker, in the order asked,
// and its result is applied on the UI thread, at the next RunPending(), unless
// the session or the server changed in between (the epoch moved on). Stream
// callbacks hand their news over the same way.
//
// Thread safety: everything but Post() runs on the UI thread that constructed
// it. `wake` is called from the posting thread each time something waits for
// RunPending() (see MainThreadQueue).
#ifndef PARLEY_CLIENT_GUI_ASYNC_CALLER_H_
#define PARLEY_CLIENT_GUI_ASYNC_CALLER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "client/chat_client.h"
#include "client/gui/background_worker.h"
#include "client/gui/main_thread_queue.h"

namespace parley::gui {

class AsyncCaller {
 public:
  explicit AsyncCaller(std::function<void()> wake);
  // Lets the call in flight finish and drops the rest, applying nothing.
  ~AsyncCaller() = default;
  AsyncCaller(const AsyncCaller&) = delete;
  AsyncCaller& operator=(const AsyncCaller&) = delete;

  // Runs `call(client)` on the worker, then `apply(result)` on the UI thread
  // if the epoch is still the one of now. Without a client, does nothing.
  // `call` runs on another thread: it must capture values, not the caller.
  template <typename Call, typename Apply>
  void Run(Call call, Apply apply);

  // From any thread: queues `task` for the UI thread, where it runs only if
  // the epoch is still `epoch`.
  void Post(uint64_t epoch, std::function<void()> task);

  // Applies what arrived since the last call; whether anything did.
  bool RunPending() { return queue_.RunPending(); }

  // Results of the calls asked for so far will be dropped.
  void NewEpoch() { ++epoch_; }
  uint64_t epoch() const { return epoch_; }

  // The client the calls go to (a new one per server); null before Connect.
  ChatClient* client() const { return client_.get(); }
  void set_client(std::unique_ptr<ChatClient> client) {
    client_ = std::move(client);
  }

 private:
  MainThreadQueue queue_;
  uint64_t epoch_ = 0;
  // Shared with the call in flight, which may outlive a change of server.
  std::shared_ptr<ChatClient> client_;
  // Declared last: joined first, while the queue and the client still exist.
  BackgroundWorker worker_;
};

template <typename Call, typename Apply>
void AsyncCaller::Run(Call call, Apply apply) {
  if (client_ == nullptr) return;
  worker_.Post([this, client = client_, epoch = epoch_, call = std::move(call),
                apply = std::move(apply)]() {
    auto result = call(*client);
    queue_.Post([this, epoch, apply, result = std::move(result)]() {
      if (epoch == epoch_) apply(result);
    });
  });
}

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_ASYNC_CALLER_H_
