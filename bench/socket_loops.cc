#include "socket_loops.h"

#include <algorithm>

namespace parley::bench {

SocketLoops::SocketLoops(int threads) {
  for (int t = 0; t < std::max(1, threads); ++t) {
    loops_.push_back(std::make_unique<Loop>());
    Loop* loop = loops_.back().get();
    loop->thread = std::thread([loop] { loop->io.run(); });
  }
}

SocketLoops::~SocketLoops() {
  for (auto& loop : loops_) loop->work.reset();
  for (auto& loop : loops_) {
    loop->io.stop();
    loop->thread.join();
  }
}

asio::io_context& SocketLoops::Next() {
  return loops_[next_.fetch_add(1) % loops_.size()]->io;
}

}  // namespace parley::bench
