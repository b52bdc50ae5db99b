#include "store/sqlite/write_connection.h"

#include <utility>

#include "absl/status/statusor.h"
#include "common/log.h"

namespace parley::store {

WriteConnection::WriteConnection(std::string path,
                                 SqliteConnectionOptions options,
                                 WalCheckpointer* checkpointer)
    : path_(std::move(path)), options_(options), checkpointer_(checkpointer) {}

absl::Status WriteConnection::PrepareForWrite() {
  if (connection_ == nullptr) {
    absl::StatusOr<std::unique_ptr<SqliteConnection>> opened =
        SqliteConnection::Open(path_, options_);
    if (!opened.ok()) {
      PARLEY_LOG(kError) << opened.status();
      return opened.status();
    }
    connection_ = *std::move(opened);
    checkpointer_->Attach(*connection_);
  }
  checkpointer_->BeforeWrite(*connection_);
  return absl::OkStatus();
}

void WriteConnection::CleanUpAfterWrite() {
  // As ConnectionPool does for a returned connection: the next write must not
  // inherit a transaction, and a connection that cannot roll back is replaced.
  connection_->Rollback();
  if (connection_->InTransaction()) {
    PARLEY_LOG(kError) << "reopening the SQLite write connection, stuck in a "
                          "transaction";
    connection_.reset();
  } else {
    connection_->ResetStatements();
  }
}

}  // namespace parley::store
