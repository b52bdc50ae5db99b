#include "store/postgres/postgres_store.h"

#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/log.h"
#include "store/postgres/account_queries.h"
#include "store/postgres/message_queries.h"
#include "store/postgres/postgres_errors.h"
#include "store/postgres/postgres_migrations.h"
#include "store/postgres/postgres_url.h"
#include "store/postgres/session_queries.h"
#include "store/postgres/throttle_queries.h"

namespace parley::store {

using postgres::AccountQueries;
using postgres::ChangeLog;
using postgres::DatabaseFailure;
using postgres::MessageQueries;
using postgres::PostgresConnection;
using postgres::SessionQueries;
using postgres::TransactionMode;

namespace {

constexpr postgres::Statement kProbeWrite = {
    "parley_probe_write", "UPDATE schema_version SET version = version"};

std::string ConnectUrl(const std::string& url,
                       const PostgresStoreOptions& options) {
  return postgres::WithUrlParameter(url, "connect_timeout",
                                    absl::StrCat(options.connect_timeout_s));
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(
    const std::string& url, const PostgresStoreOptions& options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(url, options));
  absl::StatusOr<postgres::ConnectionPool::Lease> lease =
      store->pool_.Acquire();
  if (!lease.ok()) return lease.status();
  try {
    if (absl::Status migrated = postgres::Migrate(**lease); !migrated.ok()) {
      return migrated;
    }
    (*lease)->Begin(TransactionMode::kSingleStatement);
    store->change_log_.channel = postgres::ChannelOf(**lease);
    store->throttle_secret_ = postgres::ThrottleQueries(**lease).Secret();
    (*lease)->Commit();
  } catch (const std::exception& e) {
    (*lease)->Rollback();
    const DatabaseFailure failure = postgres::DescribeFailure(e);
    if (failure.connection_lost) return failure.status;
    return absl::InternalError(absl::StrCat(
        "cannot migrate the PostgreSQL database at ",
        postgres::RedactedUrl(url), ": ", failure.status.message()));
  }
  PARLEY_LOG(kInfo) << "opened PostgreSQL store " << postgres::RedactedUrl(url)
                    << " at schema version "
                    << postgres::kLatestPostgresSchemaVersion;
  return store;
}

PostgresStore::PostgresStore(const std::string& url,
                             PostgresStoreOptions options)
    : url_(url),
      options_(std::move(options)),
      pool_(ConnectUrl(url, options_), options_.max_connections,
            options_.acquire_timeout),
      change_log_{HexEncode(RandomBytes(8)), "", options_.change_retention} {}

PostgresStore::~PostgresStore() = default;

template <typename Body>
std::invoke_result_t<Body&, PostgresConnection&> PostgresStore::Run(
    TransactionMode mode, Body&& body) {
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<postgres::ConnectionPool::Lease> lease = pool_.Acquire();
    if (!lease.ok()) {
      PARLEY_LOG(kWarning) << lease.status();
      return lease.status();
    }
    PostgresConnection& c = **lease;
    DatabaseFailure failure;
    try {
      c.Begin(mode);
      auto result = body(c);
      if (result.ok()) {
        c.Commit();
      } else {
        c.Rollback();
      }
      return result;
    } catch (const std::exception& e) {
      c.Rollback();
      failure = postgres::DescribeFailure(e);
    }
    // libpq may report a dropped connection as an ordinary failure of the
    // statement; the connection's own state tells.
    if (!failure.connection_lost && !c.IsOpen()) {
      failure.connection_lost = true;
      failure.retryable = false;
      failure.status = absl::UnavailableError(
          absl::StrCat("PostgreSQL is unavailable: the connection to the "
                       "server was lost (",
                       failure.status.message(), ")"));
    }
    if (failure.connection_lost) {
      lease->Discard();
      pool_.DiscardIdle();
    }
    if (failure.retryable && attempt < kAttempts) continue;
    if (failure.connection_lost) {
      PARLEY_LOG(kWarning) << failure.status;
    } else {
      PARLEY_LOG(kError) << failure.status;
    }
    return failure.status;
  }
}

// Store: accounts.

absl::StatusOr<AccountRecord> PostgresStore::CreateAccount(
    std::string_view username, const Credentials& credentials, int64_t now_us) {
  return Run(TransactionMode::kWrite, [&](PostgresConnection& c) {
    return AccountQueries(c).Create(username, credentials, now_us);
  });
}

absl::StatusOr<AccountWithCredentials> PostgresStore::FindAccount(
    std::string_view username) {
  return Run(TransactionMode::kSingleStatement, [&](PostgresConnection& c) {
    return AccountQueries(c).Find(username);
  });
}

absl::StatusOr<DeletedAccount> PostgresStore::DeleteAccount(
    int64_t account_id) {
  return Run(TransactionMode::kWrite,
             [&](PostgresConnection& c) -> absl::StatusOr<DeletedAccount> {
               AccountQueries accounts(c);
               absl::StatusOr<std::string> name = accounts.NameOf(account_id);
               if (!name.ok()) return name.status();
               absl::StatusOr<DeletedAccount> deleted =
                   accounts.Delete(account_id);
               if (!deleted.ok()) return deleted;
               AccountDeleted change{account_id, *std::move(name), {}};
               for (const AccountRecord& peer : deleted->peers) {
                 change.peer_ids.push_back(peer.id);
               }
               const Change changes[] = {std::move(change)};
               ChangeLog(c, change_log_).Record(changes);
               return deleted;
             });
}

absl::StatusOr<AccountPage> PostgresStore::ListAccounts(
    std::string_view pattern, std::string_view after_name, int limit) {
  return Run(TransactionMode::kSnapshot,
             [&](PostgresConnection& c) -> absl::StatusOr<AccountPage> {
               return AccountQueries(c).List(pattern, after_name, limit);
             });
}

// Store: sessions.

absl::Status PostgresStore::CreateSession(std::string_view token_hash,
                                          int64_t account_id,
                                          int64_t expires_at_us) {
  return Run(TransactionMode::kWrite, [&](PostgresConnection& c) {
    return SessionQueries(c).Create(token_hash, account_id, expires_at_us);
  });
}

absl::StatusOr<SessionRecord> PostgresStore::FindSession(
    std::string_view token_hash, int64_t now_us) {
  return Run(TransactionMode::kSingleStatement, [&](PostgresConnection& c) {
    return SessionQueries(c).Find(token_hash, now_us);
  });
}

absl::Status PostgresStore::DeleteSession(std::string_view token_hash) {
  return Run(TransactionMode::kWrite,
             [&](PostgresConnection& c) -> absl::Status {
               const std::optional<int64_t> account_id =
                   SessionQueries(c).Delete(token_hash);
               if (account_id) {
                 const Change changes[] = {
                     SessionEnded{*account_id, std::string(token_hash)}};
                 ChangeLog(c, change_log_).Record(changes);
               }
               return absl::OkStatus();
             });
}

absl::StatusOr<int64_t> PostgresStore::DeleteExpiredSessions(int64_t now_us) {
  return Run(TransactionMode::kSingleStatement,
             [&](PostgresConnection& c) -> absl::StatusOr<int64_t> {
               return SessionQueries(c).DeleteExpired(now_us);
             });
}

// Store: messages.

absl::StatusOr<std::vector<int64_t>> PostgresStore::AppendMessages(
    std::span<const NewMessage> messages) {
  if (messages.empty()) return std::vector<int64_t>();
  return Run(TransactionMode::kWrite, [&](PostgresConnection& c) {
    absl::StatusOr<std::vector<int64_t>> ids =
        MessageQueries(c).Append(messages, change_log_);
    if (ids.ok() && options_.before_append_commit) {
      options_.before_append_commit();
    }
    return ids;
  });
}

absl::StatusOr<UnreadBatch> PostgresStore::ReadUnread(
    int64_t recipient_id, std::optional<int64_t> peer_id, int limit) {
  return Run(TransactionMode::kWrite,
             [&](PostgresConnection& c) -> absl::StatusOr<UnreadBatch> {
               return MessageQueries(c).ReadUnread(recipient_id, peer_id,
                                                   limit);
             });
}

absl::StatusOr<MarkReadResult> PostgresStore::MarkRead(
    int64_t recipient_id, std::span<const int64_t> ids) {
  return Run(TransactionMode::kWrite, [&](PostgresConnection& c) {
    return MessageQueries(c).MarkRead(recipient_id, ids);
  });
}

absl::StatusOr<int64_t> PostgresStore::CountUnread(int64_t recipient_id) {
  return Run(TransactionMode::kSingleStatement,
             [&](PostgresConnection& c) -> absl::StatusOr<int64_t> {
               return MessageQueries(c).CountUnread(recipient_id);
             });
}

absl::StatusOr<std::vector<ConversationSummary>>
PostgresStore::ListConversations(int64_t account_id) {
  return Run(TransactionMode::kSingleStatement,
             [&](PostgresConnection& c)
                 -> absl::StatusOr<std::vector<ConversationSummary>> {
               return MessageQueries(c).ListConversations(account_id);
             });
}

absl::StatusOr<std::vector<MessageRecord>> PostgresStore::GetHistory(
    int64_t account_id, int64_t peer_id, int64_t before_id, int limit) {
  return Run(
      TransactionMode::kSingleStatement,
      [&](PostgresConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        return MessageQueries(c).History(account_id, peer_id, before_id, limit);
      });
}

absl::StatusOr<std::vector<MessageRecord>> PostgresStore::MessagesAfter(
    int64_t recipient_id, int64_t after_id, int limit) {
  return Run(
      TransactionMode::kSingleStatement,
      [&](PostgresConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        return MessageQueries(c).After(recipient_id, after_id, limit);
      });
}

absl::StatusOr<std::vector<MessageRecord>> PostgresStore::MessagesBetween(
    int64_t after_id, int64_t last_id, int limit) {
  return Run(
      TransactionMode::kSingleStatement,
      [&](PostgresConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        return MessageQueries(c).Between(after_id, last_id, limit);
      });
}

absl::StatusOr<std::vector<MessageRecord>> PostgresStore::DeleteMessages(
    int64_t account_id, std::span<const int64_t> ids) {
  return Run(TransactionMode::kWrite, [&](PostgresConnection& c) {
    absl::StatusOr<std::vector<MessageRecord>> deleted =
        MessageQueries(c).Delete(account_id, ids);
    if (!deleted.ok() || deleted->empty()) return deleted;
    const MessageRecord& first = deleted->front();
    const std::string& deleted_by =
        first.sender_id == account_id ? first.sender : first.recipient;
    const std::vector<MessagesDeleted> deletions =
        DeletionsOf(*deleted, deleted_by);
    const std::vector<Change> changes(deletions.begin(), deletions.end());
    ChangeLog(c, change_log_).Record(changes);
    return deleted;
  });
}

// Store: health.

absl::Status PostgresStore::ProbeWrite() {
  return Run(TransactionMode::kSingleStatement, [](PostgresConnection& c) {
    c.Exec(kProbeWrite);
    return absl::OkStatus();
  });
}

// ThrottleTable.

absl::Status PostgresStore::Update(
    std::span<ThrottleCell> cells,
    absl::FunctionRef<void(std::span<ThrottleCell>)> update) {
  return Run(TransactionMode::kWrite, [&](PostgresConnection& c) {
    postgres::ThrottleQueries queries(c);
    queries.Lock(cells);
    update(cells);
    queries.Write(cells);
    return absl::OkStatus();
  });
}

// Other servers on the database.

std::unique_ptr<ChangeFeed> PostgresStore::NewChangeFeed(
    const PostgresChangeFeedOptions& options) {
  return std::make_unique<PostgresChangeFeed>(this, url_, change_log_.origin,
                                              change_log_.channel, options);
}

absl::StatusOr<ChangeBatch> PostgresStore::ChangesBetween(int64_t after_id,
                                                          int64_t last_id,
                                                          int limit) {
  return Run(
      TransactionMode::kSingleStatement,
      [&](PostgresConnection& c) -> absl::StatusOr<ChangeBatch> {
        return ChangeLog(c, change_log_).Between(after_id, last_id, limit);
      });
}

}  // namespace parley::store
