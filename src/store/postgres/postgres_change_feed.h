// The ChangeFeed of servers that share one PostgreSQL database, over
// LISTEN/NOTIFY: the store announces each commit on the schema's channel
// inside the committing transaction (change_log.h, payloads in
// notify_payload.h), and one thread per server listens on a connection of
// its own (not one of the store's pool) for the others' announcements. The
// listening connection carries its channel as application_name, so that it
// can be told apart in pg_stat_activity.
//
// Lost announcements: when the listening connection drops, the thread
// connects again with backoff (100 ms doubling to 5 s), LISTENs again, and
// tells the listener the highest id committed (OnCommittedThrough), so that
// it reads from where it was. While no announcement arrives for
// `poll_interval`, it asks the database for that id too.
//
// Thread safety: as ChangeFeed. Ownership: the feed owns its connection and
// its thread; the destructor stops it. The store must outlive the feed.
#ifndef PARLEY_STORE_POSTGRES_POSTGRES_CHANGE_FEED_H_
#define PARLEY_STORE_POSTGRES_POSTGRES_CHANGE_FEED_H_

#include <cstdint>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "store/change_feed.h"

namespace parley::store {

struct PostgresChangeFeedOptions {
  // How long the listening thread waits without a notification before it
  // asks the database for the highest committed message id.
  absl::Duration poll_interval = absl::Seconds(1);
  // libpq's connect_timeout, in seconds, unless the URL sets its own.
  int connect_timeout_s = 5;
};

class PostgresStore;

class PostgresChangeFeed final : public ChangeFeed {
 public:
  // A feed of the announcements on `channel` of the database at `url`, the
  // store's URL, other than those of `origin` (the store's own); changes are
  // read through `store`. Connects only at Start. PostgresStore::NewChangeFeed
  // makes one.
  PostgresChangeFeed(PostgresStore* store, const std::string& url,
                     std::string origin, std::string channel,
                     PostgresChangeFeedOptions options);
  // Stop().
  ~PostgresChangeFeed() override;
  PostgresChangeFeed(const PostgresChangeFeed&) = delete;
  PostgresChangeFeed& operator=(const PostgresChangeFeed&) = delete;

  // ChangeFeed.
  absl::StatusOr<int64_t> Start(ChangeListener* listener) override;
  absl::StatusOr<ChangeBatch> ChangesBetween(int64_t after_id, int64_t last_id,
                                             int limit) override;
  void Stop() override;

 private:
  // The listening connection and what it has received but not yet handed on.
  class Listening;

  // Connects and LISTENs; returns the highest committed id. Throws what
  // libpqxx throws.
  int64_t Listen();
  void Run();
  // Waits for a notification, a stop or the poll interval, and handles what
  // came. Throws what libpqxx throws.
  void ListenOnce();
  void Deliver();
  // Waits up to `delay` unless Stop is called first; false once stopping.
  bool Pause(absl::Duration delay);
  bool stopping();

  PostgresStore* const store_;
  const std::string url_;
  const std::string origin_;
  const std::string channel_;
  const PostgresChangeFeedOptions options_;
  ChangeListener* listener_ = nullptr;
  // Only the feed's thread touches it once Start has returned.
  std::unique_ptr<Listening> listening_;
  // Written by Stop to wake the thread from poll().
  int wake_fd_ = -1;
  std::thread thread_;

  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_CHANGE_FEED_H_
