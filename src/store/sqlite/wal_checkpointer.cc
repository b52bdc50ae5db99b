#include "store/sqlite/wal_checkpointer.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parley::store {
namespace {

int64_t PageCount(SQLite::Database& db) {
  return db.execAndGet("PRAGMA page_count").getInt64();
}

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path,
                                 SqliteConnectionOptions options,
                                 int checkpoint_frames, int min_restart_frames,
                                 int max_restart_frames)
    : path_(std::move(path)),
      options_(options),
      checkpoint_frames_(checkpoint_frames),
      min_restart_frames_(min_restart_frames),
      max_restart_frames_(std::max(min_restart_frames, max_restart_frames)),
      restart_frames_(min_restart_frames),
      checkpoint_every_(std::min(checkpoint_frames, min_restart_frames / 2)),
      thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void WalCheckpointer::Attach(SqliteConnection& writer) {
  sqlite3_wal_hook(writer.db().getHandle(), &WalCheckpointer::OnWalCommit,
                   this);
  page_size_ = writer.db().execAndGet("PRAGMA page_size").getInt64();
  Resize(PageCount(writer.db()));
  LimitWalFile(writer.db().getHandle());
  frames_at_request_ = 0;
}

void WalCheckpointer::Resize(int64_t database_pages) {
  const int restart = static_cast<int>(std::clamp<int64_t>(
      database_pages, min_restart_frames_, max_restart_frames_));
  restart_frames_.store(restart);
  checkpoint_every_.store(
      std::max(1, std::min(checkpoint_frames_, restart / 2)));
}

void WalCheckpointer::LimitWalFile(sqlite3* db) {
  // A WAL that grew past the restart size (a long reader delayed its
  // restart) shrinks back to it at the first commit after the restart: a
  // 32-byte header, then each page with a 24-byte frame header.
  const int frames = restart_frames_.load();
  limited_to_frames_ = frames;
  sqlite3_exec(db,
               absl::StrCat("PRAGMA journal_size_limit = ",
                            32 + int64_t{frames} * (page_size_ + 24))
                   .c_str(),
               nullptr, nullptr, nullptr);
}

void WalCheckpointer::BeforeWrite(SqliteConnection& writer) {
  if (!restart_wanted_.exchange(false)) return;
  if (restart_frames_.load() != limited_to_frames_) {
    LimitWalFile(writer.db().getHandle());
  }
  int log_frames = 0;
  int checkpointed = 0;
  // Busy: the background checkpoint is running again; the next write tries
  // once more.
  if (Checkpoint(writer.db().getHandle(), &log_frames, &checkpointed) ==
      SQLITE_BUSY) {
    restart_wanted_.store(true);
  }
}

int WalCheckpointer::OnWalCommit(void* checkpointer, sqlite3*, const char*,
                                 int frames) {
  auto* self = static_cast<WalCheckpointer*>(checkpointer);
  int& at_request = self->frames_at_request_;
  // A WAL that restarted from its beginning is smaller than at the last
  // request.
  if (frames < at_request) at_request = 0;
  if (frames - at_request >= self->checkpoint_every_.load()) {
    at_request = frames;
    absl::MutexLock lock(&self->mu_);
    self->checkpoint_wanted_ = true;
  }
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  std::unique_ptr<SqliteConnection> connection;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](WalCheckpointer* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
            return self->checkpoint_wanted_ || self->stopping_;
          },
          this));
      if (stopping_) return;
      checkpoint_wanted_ = false;
    }
    // The next write's own pass will copy everything back; running now would
    // only make that pass find the checkpoint busy.
    if (restart_wanted_.load()) continue;
    if (connection == nullptr) {
      absl::StatusOr<std::unique_ptr<SqliteConnection>> opened =
          SqliteConnection::Open(path_, options_);
      if (!opened.ok()) {
        PARLEY_LOG(kError) << "checkpoint: " << opened.status();
        continue;
      }
      connection = *std::move(opened);
    }
    int log_frames = 0;
    int checkpointed = 0;
    // Only when this pass copied nearly everything back: if a reader held it
    // back, the write's own pass would have to copy the rest while every other
    // write waits.
    if (Checkpoint(connection->db().getHandle(), &log_frames, &checkpointed) !=
        SQLITE_OK) {
      continue;
    }
    try {
      Resize(PageCount(connection->db()));
    } catch (const SQLite::Exception& e) {
      PARLEY_LOG(kError) << "checkpoint: cannot read the database size: "
                         << e.what();
    }
    if (log_frames >= restart_frames_.load() &&
        log_frames - checkpointed <= checkpoint_every_.load()) {
      restart_wanted_.store(true);
    }
  }
}

int WalCheckpointer::Checkpoint(sqlite3* db, int* log_frames,
                                int* checkpointed) {
  const int rc = sqlite3_wal_checkpoint_v2(
      db, nullptr, SQLITE_CHECKPOINT_PASSIVE, log_frames, checkpointed);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    PARLEY_LOG(kError) << "SQLite checkpoint failed: " << sqlite3_errstr(rc);
  }
  return rc;
}

}  // namespace parley::store
