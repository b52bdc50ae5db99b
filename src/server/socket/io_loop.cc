#include "server/socket/io_loop.h"

#include <pthread.h>

#include <algorithm>

namespace parley {

IoLoop::IoLoop(int threads) : work_(asio::make_work_guard(context_)) {
  for (int i = 0; i < std::max(threads, 1); ++i) {
    threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "parley-io");
      context_.run();
    });
  }
}

IoLoop::~IoLoop() { Stop(); }

void IoLoop::Stop() {
  work_.reset();
  context_.stop();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace parley
