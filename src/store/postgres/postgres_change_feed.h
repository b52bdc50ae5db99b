// The ChangeFeed of servers that share one PostgreSQL database, over
// LISTEN/NOTIFY (payloads in notify_payload.h). One thread per server
// listens on a connection of its own (not one of the store's pool), for the
// channel of the database's schema, so that servers on other schemas of the
// same database are not heard. Announcements go out on a second connection
// of the feed's own, one NOTIFY per payload, after the change committed.
// The listening connection carries its channel as application_name, so
// that it can be told apart in pg_stat_activity.
//
// Lost changes: when the listening connection drops, the thread connects
// again with backoff (100 ms doubling to 5 s), LISTENs again, and tells the
// listener the highest message id committed (OnMissed), so that it re-reads
// from where it was. While no notification arrives for `poll_interval`, it
// asks the database for that id too, which covers a server killed between
// its commit and its announcement.
//
// Thread safety: as ChangeFeed. Ownership: the feed owns its connections and
// its thread; the destructor stops it.
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

class PostgresChangeFeed final : public ChangeFeed {
 public:
  // A feed for the database (and schema) at `url`, the store's URL. Connects
  // only at Start. `origin` names this server in its announcements (no
  // spaces; unique among the servers on the database).
  PostgresChangeFeed(const std::string& url, std::string origin,
                     PostgresChangeFeedOptions options);
  // Stop().
  ~PostgresChangeFeed() override;
  PostgresChangeFeed(const PostgresChangeFeed&) = delete;
  PostgresChangeFeed& operator=(const PostgresChangeFeed&) = delete;

  // ChangeFeed.
  absl::StatusOr<int64_t> Start(ChangeListener* listener) override;
  void Announce(const Change& change) override;
  void Stop() override;

 private:
  // The listening connection and what it has received but not yet handed on.
  class Listening;

  // Connects, learns the channel (first time) and LISTENs; returns the
  // highest committed message id. Throws what libpqxx throws.
  int64_t Listen();
  void Run();
  // Waits for a notification, a stop or the poll interval, and handles what
  // came. Throws what libpqxx throws.
  void ListenOnce();
  void Deliver();
  // Waits up to `delay` unless Stop is called first; false once stopping.
  bool Pause(absl::Duration delay);
  bool stopping();

  const std::string url_;
  const std::string origin_;
  const PostgresChangeFeedOptions options_;
  ChangeListener* listener_ = nullptr;
  // Set by Listen before the thread starts, then constant.
  std::string channel_;
  // Only the feed's thread touches it once Start has returned.
  std::unique_ptr<Listening> listening_;
  // Written by Stop to wake the thread from poll().
  int wake_fd_ = -1;
  std::thread thread_;

  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;

  absl::Mutex announce_mu_;
  std::unique_ptr<pqxx::connection> announcer_ ABSL_GUARDED_BY(announce_mu_);
};

}  // namespace parley::store

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_CHANGE_FEED_H_
