// Keeps the write-ahead log of one SQLite database from slowing the writers
// down or growing without bound: it copies the WAL back into the database file
// on a thread and connection of its own, and lets the WAL start over from its
// beginning once it has grown large.
//
// Checkpoints (copying the WAL back, with two fsyncs) run on the checkpointer's
// thread once the WAL has grown by `checkpoint_frames` pages, instead of inside
// whichever commit crossed the threshold: that commit, and every write queued
// behind it, would otherwise wait for the disk. A passive checkpoint never
// blocks writers or readers.
//
// But SQLite writes the WAL from its beginning again only when a write starts
// with every frame already copied back, which never happens while writes keep
// arriving during the checkpoints: under steady load the WAL grew by ~45 MB/s
// (1.4 GB after 30 s at 3,000 messages/s, for a 5 MB database). So once a
// background checkpoint finds the WAL at `wal_restart_frames` pages or more,
// the next write first copies back the few frames written since (a second
// passive checkpoint, on the write connection, between transactions) and then
// starts the WAL over. That one write waits for the second pass (its two
// fsyncs, a few milliseconds), once per restart.
//
// The restart size follows the database: about as many pages as the database
// holds, clamped to [`min_restart_frames`, `max_restart_frames`], measured
// again after each background checkpoint; checkpoints are asked for every
// `checkpoint_frames` pages or half the restart size, whichever is less. So a
// small database keeps a small WAL (it needed 64-70 MB of free disk whatever
// its size before), and a large one restarts less often.
//
// Thread safety: Attach() and BeforeWrite(), and the commit hook Attach()
// installs, run on the write connection, whose owner (WriteConnection) uses it
// from one thread at a time; they must not be called concurrently with each
// other. They share only an atomic flag and a mutex held for an assignment
// with the checkpointer's thread, so a write never waits for a checkpoint.
//
// Ownership: the checkpointer owns its thread and its connection. It must
// outlive every write connection attached to it (their hook points at it).
//
// Errors: none are returned. A checkpoint that fails is logged, and the next
// request tries again; until one succeeds the WAL only grows.
#ifndef PARLEY_STORE_SQLITE_WAL_CHECKPOINTER_H_
#define PARLEY_STORE_SQLITE_WAL_CHECKPOINTER_H_

#include <atomic>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "store/sqlite/sqlite_connection.h"

struct sqlite3;

namespace parley::store {

class WalCheckpointer {
 public:
  // Starts the thread. Its connection opens `path` with `options` at the first
  // checkpoint. The frame counts are SqliteStoreOptions' checkpoint_frames,
  // min_wal_restart_frames and wal_restart_frames.
  WalCheckpointer(std::string path, SqliteConnectionOptions options,
                  int checkpoint_frames, int min_restart_frames,
                  int max_restart_frames);

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Stops the thread, after the checkpoint in progress if there is one, and
  // closes its connection.
  ~WalCheckpointer();

  // Makes the newly opened write connection `writer` ask this checkpointer for
  // checkpoints as its commits grow the WAL (replacing SQLite's automatic
  // checkpoint on it), and lets a WAL that grew past the restart size shrink
  // back to it when it starts over. Call once per write
  // connection, before its first write. Throws SQLite::Exception if the page
  // size cannot be read.
  void Attach(SqliteConnection& writer);

  // Call on the write connection before each write transaction. If the
  // background checkpoint asked for the WAL to start over, copies back what it
  // left (a passive checkpoint on `writer`), so that this write starts the WAL
  // from its beginning. Never throws.
  void BeforeWrite(SqliteConnection& writer);

 private:
  // The commit hook of an attached write connection, called by SQLite after
  // each commit with the WAL's size in pages; asks for a checkpoint when the
  // WAL has grown enough.
  static int OnWalCommit(void* checkpointer, sqlite3* db, const char* name,
                         int frames);
  void Loop();
  // One passive checkpoint on `db`; sets `log_frames` and `checkpointed` to
  // the WAL's size and the pages copied back so far. Returns SQLite's code
  // (SQLITE_BUSY while another checkpoint runs), after logging real failures.
  static int Checkpoint(sqlite3* db, int* log_frames, int* checkpointed);
  // Sets the restart size and the checkpoint interval for a database of
  // `database_pages` pages.
  void Resize(int64_t database_pages);
  // Makes `db` cut its WAL file back to the restart size when it starts over.
  void LimitWalFile(sqlite3* db);

  const std::string path_;
  const SqliteConnectionOptions options_;
  const int checkpoint_frames_;
  const int min_restart_frames_;
  const int max_restart_frames_;
  // Set by Resize, from either thread; read by the commit hook and the loop.
  std::atomic<int> restart_frames_;
  std::atomic<int> checkpoint_every_;
  // The restart size the write connection's journal_size_limit was last set
  // for. Only the write connection touches it.
  int limited_to_frames_ = 0;
  int64_t page_size_ = 4096;

  // WAL size when the last checkpoint was asked for. Only the write connection
  // touches it.
  int frames_at_request_ = 0;
  // Set by the thread when the WAL should start over; taken by the next write
  // (an atomic, so the thread never waits for the writers).
  std::atomic<bool> restart_wanted_{false};

  absl::Mutex mu_;
  bool checkpoint_wanted_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Last: it starts once everything above is set.
  std::thread thread_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_WAL_CHECKPOINTER_H_
