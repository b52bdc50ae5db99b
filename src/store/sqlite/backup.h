// Backups of a SQLite database, taken while its server runs, and restoring
// one. A backup is a consistent snapshot: every transaction committed before
// it began is in it, none committed later is, and no write waits for it
// (SQLite's VACUUM INTO reads one WAL snapshot; it also compacts the copy).
//
// Thread safety: each function opens connections of its own; safe to call
// from any thread, and from another process than the server's.
#ifndef PARLEY_STORE_SQLITE_BACKUP_H_
#define PARLEY_STORE_SQLITE_BACKUP_H_

#include <string>

#include "absl/status/status.h"

namespace parley::store {

// Writes a snapshot of the database at `db_path` to a new file `backup_path`.
// NOT_FOUND if there is no database at `db_path`; ALREADY_EXISTS if
// `backup_path` exists (a backup never overwrites); INTERNAL if SQLite fails
// (the partial file is removed).
absl::Status BackupDatabase(const std::string& db_path,
                            const std::string& backup_path);

// Replaces the database at `db_path` with the backup at `backup_path`, after
// checking it (SQLite's integrity check, and a Parley schema this build can
// open). FAILED_PRECONDITION while a server holds `db_path` (stop it first)
// or when the backup is not a sound Parley database of a version this build
// knows; NOT_FOUND if `backup_path` does not exist. The swap is atomic: a
// crash leaves either the old database or the restored one.
absl::Status RestoreDatabase(const std::string& backup_path,
                             const std::string& db_path);

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_BACKUP_H_
