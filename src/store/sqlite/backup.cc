#include "store/sqlite/backup.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "store/sqlite/file_lock.h"
#include "store/sqlite/sqlite_migrations.h"

namespace parley::store {
namespace {

namespace fs = std::filesystem;

// What is wrong with the database at `path` as a Parley database, or OK.
absl::Status CheckSound(const std::string& path) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    const std::string integrity =
        db.execAndGet("PRAGMA integrity_check").getString();
    if (integrity != "ok") {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " fails SQLite's integrity check: ", integrity));
    }
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version < 1 || !db.tableExists("messages")) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " is not a Parley database"));
    }
    if (version > kLatestSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, " is at schema version ", version, ", newer than this build (",
          kLatestSchemaVersion, "): restore it with a newer Parley"));
    }
  } catch (const SQLite::Exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a readable SQLite database: ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BackupDatabase(const std::string& db_path,
                            const std::string& backup_path) {
  std::error_code error;
  if (!fs::exists(db_path, error)) {
    return absl::NotFoundError(absl::StrCat("no database at ", db_path));
  }
  if (fs::exists(backup_path, error)) {
    return absl::AlreadyExistsError(
        absl::StrCat(backup_path, " exists; a backup never overwrites a file"));
  }
  try {
    // Read-only: the backup must not take the write lock from the server.
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    db.setBusyTimeout(10'000);
    SQLite::Statement vacuum(db, "VACUUM INTO ?");
    vacuum.bind(1, backup_path);
    vacuum.exec();
  } catch (const SQLite::Exception& e) {
    fs::remove(backup_path, error);
    return absl::InternalError(absl::StrCat("backing up ", db_path, " to ",
                                            backup_path, ": ", e.what()));
  }
  return absl::OkStatus();
}

absl::Status RestoreDatabase(const std::string& backup_path,
                             const std::string& db_path) {
  std::error_code error;
  if (!fs::exists(backup_path, error)) {
    return absl::NotFoundError(absl::StrCat("no backup at ", backup_path));
  }
  if (absl::Status sound = CheckSound(backup_path); !sound.ok()) return sound;
  // Held while the files change, so no server can open the database midway.
  absl::StatusOr<std::unique_ptr<FileLock>> lock =
      FileLock::Acquire(db_path + ".lock");
  if (!lock.ok()) return lock.status();
  const std::string staged = db_path + ".restoring";
  fs::remove(staged, error);
  if (!fs::copy_file(backup_path, staged, error)) {
    return absl::InternalError(absl::StrCat("copying ", backup_path, " to ",
                                            staged, ": ", error.message()));
  }
  // The old database's WAL belongs to it, not to the restored file: copy it
  // back first, so that a crash before the rename leaves the old database
  // whole and one after it leaves no stale WAL beside the restored file.
  if (fs::exists(db_path, error)) {
    try {
      SQLite::Database old(db_path, SQLite::OPEN_READWRITE);
      old.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SQLite::Exception& e) {
      fs::remove(staged, error);
      return absl::InternalError(absl::StrCat(
          "checkpointing the current database ", db_path, ": ", e.what()));
    }
  }
  fs::remove(db_path + "-wal", error);
  fs::remove(db_path + "-shm", error);
  fs::rename(staged, db_path, error);
  if (error) {
    return absl::InternalError(absl::StrCat("moving ", staged, " to ", db_path,
                                            ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace parley::store
