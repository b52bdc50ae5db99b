#include "store/postgres/change_log.h"

#include <optional>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/postgres/notify_payload.h"

namespace parley::store::postgres {
namespace {

// PostgreSQL's limit on a channel's name (NAMEDATALEN - 1).
constexpr size_t kMaxChannelName = 63;

constexpr Statement kCurrentSchema = {"parley_current_schema",
                                      "SELECT current_schema()"};

// The row stays locked until this transaction ends, so the next writer's
// UPDATE waits for this one's commit and starts from its last id.
constexpr Statement kTakeIds = {
    "parley_take_ids",
    "UPDATE message_ids SET last_id = last_id + $1 RETURNING last_id"};

constexpr Statement kNotify = {"parley_notify", "SELECT pg_notify($1, $2)"};

constexpr Statement kInsertChange = {
    "parley_insert_change",
    "INSERT INTO changes (id, origin, body) VALUES ($1, $2, $3)"};

// Run by a writer that holds the counter's lock, so one at a time.
constexpr Statement kDropOldChanges = {"parley_drop_old_changes", R"sql(
  WITH dropped AS (
    DELETE FROM changes
    WHERE logged_at < now() - make_interval(secs => $1::double precision)
    RETURNING id
  )
  UPDATE message_ids
  SET changes_dropped_through =
        greatest(changes_dropped_through, (SELECT max(id) FROM dropped))
  WHERE EXISTS (SELECT 1 FROM dropped)
)sql"};

// The highest id dropped, then the changes: one row with nulls when there
// are none.
constexpr Statement kChangesBetween = {"parley_changes_between", R"sql(
  SELECT m.changes_dropped_through, c.id, c.body
  FROM message_ids m
  LEFT JOIN LATERAL (
    SELECT id, body FROM changes
    WHERE id > $1 AND id <= $2 AND origin <> $3
    ORDER BY id
    LIMIT $4
  ) c ON true
)sql"};

// Takes `count` ids from the commit-ordered counter and returns the last;
// the ids are last - count + 1 .. last. Holds the counter's row lock until
// the transaction ends.
int64_t TakeCommitOrderedIds(PostgresConnection& c, int64_t count) {
  return c.Exec(kTakeIds, count)[0][0].as<int64_t>();
}

}  // namespace

std::string ChannelOf(PostgresConnection& c) {
  return absl::StrCat("parley_changes_",
                      c.Exec(kCurrentSchema)[0][0].as<std::string>())
      .substr(0, kMaxChannelName);
}

void ChangeLog::Record(std::span<const Change> changes) {
  if (changes.empty()) return;
  const auto count = static_cast<int64_t>(changes.size());
  const int64_t last = TakeCommitOrderedIds(c_, count);
  const int64_t first = last - count + 1;
  for (int64_t i = 0; i < count; ++i) {
    c_.Exec(kInsertChange, first + i, options_.origin,
            EncodeChange(changes[static_cast<size_t>(i)]));
  }
  c_.Exec(kNotify, options_.channel,
          AnnounceChanges(options_.origin, ChangesLogged{first, last}));
  c_.Exec(kDropOldChanges, absl::ToDoubleSeconds(options_.retention));
}

absl::StatusOr<ChangeBatch> ChangeLog::Between(int64_t after_id,
                                               int64_t last_id, int limit) {
  const pqxx::result rows =
      c_.Exec(kChangesBetween, after_id, last_id, options_.origin, limit);
  const auto dropped_through = rows[0][0].as<int64_t>();
  if (after_id < dropped_through) {
    return absl::OutOfRangeError(absl::StrCat(
        "changes up to id ", dropped_through,
        " are no longer kept, and this server has read only up to id ",
        after_id));
  }
  ChangeBatch batch;
  size_t read = 0;
  for (const pqxx::row& row : rows) {
    if (row[1].is_null()) continue;
    ++read;
    const auto id = row[1].as<int64_t>();
    batch.read_through = id;
    std::optional<Change> change = DecodeChange(row[2].as<std::string>());
    if (!change) {
      PARLEY_LOG(kWarning) << "ignored change " << id
                           << ", which this server does not understand";
      continue;
    }
    batch.changes.push_back(LoggedChange{id, *std::move(change)});
  }
  if (read < static_cast<size_t>(limit)) batch.read_through = last_id;
  return batch;
}

}  // namespace parley::store::postgres
