#include "store/postgres_harness.h"

#include "common/log.h"
#include "support/status_helpers.h"

namespace parley::store::testing {

PostgresHarness::PostgresHarness() {
  // The store's INFO lines would drown Catch's report.
  SetLogLevel(LogLevel::kWarning);
  Reopen();
}

void PostgresHarness::Reopen(const PostgresStoreOptions& options) {
  store_.reset();
  store_ = ASSERT_OK_AND_GET(PostgresStore::Open(url(), options));
}

}  // namespace parley::store::testing
