// One background thread that runs tasks in the order they were posted. The
// view-model runs every RPC here, so the UI thread never blocks on the network
// and calls reach the server in the order the user asked for them (a Logout
// before the next Login, a MarkRead before the ListConversations that follows
// it).
//
// Thread safety: Post() may be called from any thread. The destructor lets the
// running task finish, drops the ones still queued, and joins the thread.
#ifndef PARLEY_CLIENT_GUI_BACKGROUND_WORKER_H_
#define PARLEY_CLIENT_GUI_BACKGROUND_WORKER_H_

#include <deque>
#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace parley::gui {

class BackgroundWorker {
 public:
  BackgroundWorker();
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  void Post(std::function<void()> task);

 private:
  void Loop();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_BACKGROUND_WORKER_H_
