#include "store/postgres/postgres_migrations.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parley::store::postgres {
namespace {

// kMigrations[i] takes the schema from version i to version i + 1. New steps go
// at the end; a released step is never edited, because databases that already
// ran it will not run it again.
constexpr const char* kMigrations[] = {
    // Version 1: the initial schema, the SQLite one's in PostgreSQL's types.
    //
    // Names are unique without regard to ASCII case, as SQLite's NOCASE has
    // them: every query compares lower(username COLLATE "C"), which folds
    // ASCII letters only, whatever the database's locale, and the unique index
    // on that expression serves the lookups. Message bodies and every key are
    // bytea, kept byte for byte (text cannot hold a NUL).
    //
    // Message ids are not a sequence: they come from the one row of
    // message_ids, updated inside the inserting transaction, so they are
    // handed out in commit order (docs/postgres.md has the argument). Account
    // ids are an identity column, never reused, so a re-registered name is a
    // new account.
    R"sql(
      CREATE TABLE accounts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL,
        salt bytea NOT NULL,
        iterations bigint NOT NULL,
        stored_key bytea NOT NULL,
        server_key bytea NOT NULL,
        created_at_us bigint NOT NULL
      );
      CREATE UNIQUE INDEX accounts_by_name
        ON accounts ((lower(username COLLATE "C")));
      CREATE TABLE sessions (
        token_hash bytea PRIMARY KEY,
        account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        expires_at_us bigint NOT NULL
      );
      CREATE INDEX sessions_by_account ON sessions(account_id);
      CREATE TABLE messages (
        id bigint PRIMARY KEY,
        sender_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        recipient_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        body bytea NOT NULL,
        sent_at_us bigint NOT NULL,
        read boolean NOT NULL DEFAULT false
      );
      CREATE INDEX messages_unread ON messages(recipient_id, id) WHERE NOT read;
      CREATE INDEX messages_to ON messages(recipient_id, id);
      CREATE INDEX messages_from_to ON messages(sender_id, recipient_id, id);
      CREATE TABLE message_ids (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        last_id bigint NOT NULL
      );
      INSERT INTO message_ids (last_id) VALUES (0);
    )sql",
    // Version 2: the change log servers on one database read each other's
    // deletions and sign-outs from (change_log.h). Its ids come from the
    // message counter, so they are in commit order with the messages';
    // changes_dropped_through is the highest id the log no longer keeps.
    R"sql(
      CREATE TABLE changes (
        id bigint PRIMARY KEY,
        origin text NOT NULL,
        body text NOT NULL,
        logged_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX changes_by_time ON changes(logged_at);
      ALTER TABLE message_ids
        ADD COLUMN changes_dropped_through bigint NOT NULL DEFAULT 0;
    )sql",
    // Version 3: sign-in throttling shared by every server (throttle_table.h):
    // cells of fixed tables, a row made at a slot's first use, and the secret
    // keys are hashed under (random, made once here).
    R"sql(
      CREATE TABLE throttle_cells (
        tbl smallint NOT NULL,
        slot integer NOT NULL,
        tag bigint NOT NULL DEFAULT 0,
        value bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tbl, slot)
      );
      CREATE TABLE throttle_secret (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        secret text NOT NULL
      );
      INSERT INTO throttle_secret (secret)
        VALUES (gen_random_uuid()::text || gen_random_uuid()::text);
    )sql",
};
static_assert(std::size(kMigrations) == kLatestPostgresSchemaVersion);

// Any constant shared by every Parley: one lock per database, held for the
// length of one step's transaction.
constexpr Statement kLockMigrations = {
    "parley_lock_migrations", "SELECT pg_advisory_xact_lock(7370318435)"};

constexpr Statement kHasVersionTable = {
    "parley_has_schema_version",
    "SELECT to_regclass('schema_version') IS NOT NULL"};

constexpr char kCreateVersionTable[] = R"sql(
  CREATE TABLE schema_version (version integer NOT NULL);
  INSERT INTO schema_version (version) VALUES (0);
)sql";

constexpr Statement kReadVersion = {"parley_read_schema_version",
                                    "SELECT version FROM schema_version"};

constexpr Statement kWriteVersion = {"parley_write_schema_version",
                                     "UPDATE schema_version SET version = $1"};

// In the open transaction.
int ReadVersion(PostgresConnection& c) {
  if (!c.Exec(kHasVersionTable)[0][0].as<bool>()) return 0;
  return c.Exec(kReadVersion)[0][0].as<int>();
}

absl::Status TooNew(int version) {
  return absl::FailedPreconditionError(absl::StrCat(
      "the PostgreSQL database has schema version ", version,
      " but this build of Parley knows versions up to ",
      kLatestPostgresSchemaVersion, "; it was written by a newer Parley"));
}

}  // namespace

absl::Status Migrate(PostgresConnection& c, int target_version) {
  int version = 0;
  target_version = std::min(target_version, kLatestPostgresSchemaVersion);
  for (int next = 1; next <= target_version; ++next) {
    c.Begin(TransactionMode::kWrite);
    c.Exec(kLockMigrations);
    // Another server may have migrated before this one took the lock.
    version = ReadVersion(c);
    if (version > kLatestPostgresSchemaVersion) {
      c.Rollback();
      return TooNew(version);
    }
    if (version >= next) {
      c.Commit();
      continue;
    }
    if (!c.Exec(kHasVersionTable)[0][0].as<bool>()) {
      c.ExecScript(kCreateVersionTable);
    }
    c.ExecScript(kMigrations[next - 1]);
    c.Exec(kWriteVersion, next);
    c.Commit();
    PARLEY_LOG(kInfo) << "PostgreSQL database migrated to schema version "
                      << next;
  }
  return absl::OkStatus();
}

int SchemaVersion(PostgresConnection& c) {
  c.Begin(TransactionMode::kSnapshot);
  const int version = ReadVersion(c);
  c.Commit();
  return version;
}

}  // namespace parley::store::postgres
