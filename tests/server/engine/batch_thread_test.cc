// BatchThread: items submitted while a batch is handled form the next batch,
// the queue bound refuses the excess, and Stop handles what was accepted before
// refusing more.
#include "server/engine/batch_thread.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace parley {
namespace {

TEST_CASE(
    "items submitted while a batch is being handled are handled together "
    "next") {
  absl::Notification first_started;
  absl::Notification release_first;
  absl::Mutex mu;
  std::vector<std::vector<int>> batches;
  BatchThread<int> thread("test-batch", 100, [&](std::vector<int>& batch) {
    if (batch.front() == 0) {
      first_started.Notify();
      release_first.WaitForNotification();
    }
    absl::MutexLock lock(&mu);
    batches.push_back(batch);
  });

  REQUIRE_FALSE(thread.TrySubmit(0).has_value());
  first_started.WaitForNotification();
  for (int i = 1; i <= 5; ++i) REQUIRE_FALSE(thread.TrySubmit(i).has_value());
  release_first.Notify();
  thread.Stop();

  REQUIRE(batches.size() == 2);
  CHECK(batches[0] == std::vector<int>{0});
  CHECK(batches[1] == std::vector<int>{1, 2, 3, 4, 5});
}

TEST_CASE("a full queue refuses an item and leaves it to the caller") {
  absl::Notification started;
  absl::Notification release;
  std::vector<int> handled;
  BatchThread<std::vector<int>> thread(
      "test-batch", 2, [&](std::vector<std::vector<int>>& b) {
        if (!started.HasBeenNotified()) started.Notify();
        release.WaitForNotification();
        for (const std::vector<int>& item : b) {
          handled.insert(handled.end(), item.begin(), item.end());
        }
      });
  REQUIRE_FALSE(thread.TrySubmit({0}).has_value());
  started.WaitForNotification();
  REQUIRE_FALSE(thread.TrySubmit({1}).has_value());
  REQUIRE_FALSE(thread.TrySubmit({2}).has_value());

  const std::optional<std::vector<int>> refused = thread.TrySubmit({3, 4});
  REQUIRE(refused.has_value());
  CHECK(*refused == std::vector<int>{3, 4});

  release.Notify();
  thread.Stop();
  CHECK(handled == std::vector<int>{0, 1, 2});
}

TEST_CASE("stop handles every accepted item, then refuses new ones") {
  absl::Notification started;
  absl::Notification release;
  std::atomic<int> sum{0};
  BatchThread<int> thread("test-batch", 1000, [&](std::vector<int>& batch) {
    if (!started.HasBeenNotified()) started.Notify();
    release.WaitForNotification();
    for (int item : batch) sum += item;
  });
  REQUIRE_FALSE(thread.TrySubmit(0).has_value());
  started.WaitForNotification();
  // Queued behind the batch the handler holds.
  for (int i = 1; i <= 100; ++i) {
    REQUIRE_FALSE(thread.TrySubmit(i).has_value());
  }

  std::thread stopper([&] { thread.Stop(); });
  // Stop refuses at once, with the 100 items still queued (a zero probe that
  // gets in before that changes nothing).
  std::optional<int> refused;
  while (!(refused = thread.TrySubmit(0)).has_value()) {
    std::this_thread::yield();
  }
  CHECK(*refused == 0);
  release.Notify();
  stopper.join();

  CHECK(sum == 5050);
  const std::optional<int> late = thread.TrySubmit(7);
  REQUIRE(late.has_value());
  CHECK(*late == 7);
}

}  // namespace
}  // namespace parley
