// What a PostgreSQL database shared by several servers keeps so that each
// server hears of the others' commits (store/change_feed.h): the change log
// (the table `changes`), and the announcements (NOTIFY) of each commit on the
// schema's channel. Both are written inside the transaction that makes the
// change, so a change is logged and announced exactly when it commits, and
// never when it does not.
//
// Changes take their ids from the counter messages take theirs from (the row
// of message_ids, locked until the transaction ends), so ids of messages and
// of changes together increase in commit order (docs/postgres.md). That row
// must be the last lock a transaction takes: whoever holds it then waits for
// nobody, and writers cannot deadlock on it.
//
// Changes are kept for `retention`, then dropped by a later write; the
// highest id dropped is kept, so that a reader that fell further behind is
// told (OUT_OF_RANGE) instead of silently missing changes.
//
// Thread safety: as the connection's, one thread at a time. Ownership:
// borrows the connection, which must outlive the ChangeLog.
#ifndef PARLEY_STORE_POSTGRES_CHANGE_LOG_H_
#define PARLEY_STORE_POSTGRES_CHANGE_LOG_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/change_feed.h"
#include "store/postgres/postgres_connection.h"

namespace parley::store::postgres {

// Who announces, and where.
struct ChangeLogOptions {
  // This server's id in its announcements and log rows (no spaces).
  std::string origin;
  // The schema's channel (ChannelOf).
  std::string channel;
  // How long logged changes are kept.
  absl::Duration retention = absl::Hours(24);
};

// The channel of the schema `c` works in: servers on other schemas of the
// same database do not hear each other. Runs one query.
std::string ChannelOf(PostgresConnection& c);

class ChangeLog {
 public:
  ChangeLog(PostgresConnection& c, const ChangeLogOptions& options)
      : c_(c), options_(options) {}

  // Logs `changes` in the open transaction with ids from the counter (taking
  // its lock), announces them at its commit, and drops changes older than
  // the retention. Nothing for no changes.
  void Record(std::span<const Change> changes);
  // ChangeFeed::ChangesBetween: the changes other servers logged. One
  // statement, so one snapshot holds the bound it checks and the rows.
  absl::StatusOr<ChangeBatch> Between(int64_t after_id, int64_t last_id,
                                      int limit);

 private:
  PostgresConnection& c_;
  const ChangeLogOptions& options_;
};

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_CHANGE_LOG_H_
