#include "fleet.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "progress.h"

namespace parley::bench {

absl::StatusOr<std::unique_ptr<Fleet>> Fleet::Create(
    const BenchContext& context, const std::string& prefix, int accounts,
    int connections, ByteCounter* setup_bytes, ByteCounter* traffic_bytes) {
  std::unique_ptr<Fleet> fleet(new Fleet);
  absl::StatusOr<std::vector<BenchAccount>> created = CreateAccounts(
      context.endpoint, prefix, accounts, context.setup_threads, setup_bytes);
  if (!created.ok()) return created.status();
  fleet->accounts_ = *std::move(created);
  connections = std::max(1, connections);
  for (int c = 0; c < connections; ++c) {
    fleet->connections_.push_back(
        Connection::Open(context.endpoint, traffic_bytes));
  }
  for (int c = 0; c < connections; ++c) {
    if (!fleet->connections_[c]->WaitConnected(absl::Seconds(30))) {
      return absl::UnavailableError(
          absl::StrCat("connection ", c, " did not connect"));
    }
    if ((c + 1) % 100 == 0) {
      Progress(absl::StrCat("connections ", c + 1, "/", connections));
    }
  }
  for (int a = 0; a < accounts; ++a) {
    fleet->account_connections_.push_back(
        fleet->connections_[a % connections].get());
  }
  fleet->streams_ = std::make_unique<StreamSet>();
  return fleet;
}

Fleet::~Fleet() {
  // Streams first: they use the connections.
  streams_.reset();
}

absl::Status Fleet::OpenStreams(int total, absl::Duration timeout) {
  const int connections = connection_count();
  for (int s = static_cast<int>(stream_accounts_.size()); s < total; ++s) {
    const int account = s % size();
    Connection* connection =
        connections_[(s + s / connections) % connections].get();
    streams_->Open(connection, accounts_[account], account);
    stream_accounts_.push_back(account);
    if ((s + 1) % 500 == 0) {
      Progress(absl::StrCat("streams opened ", s + 1, "/", total));
    }
  }
  if (!streams_->WaitLive(timeout)) {
    return absl::DeadlineExceededError(
        absl::StrCat("streams not all live: ", streams_->failed(), " failed; ",
                     streams_->first_failure()));
  }
  return absl::OkStatus();
}

absl::Status Fleet::DeleteAccounts(int threads) {
  streams_->CancelAll();
  std::atomic<int> next{0};
  absl::Mutex mu;
  absl::Status first_error;
  auto work = [&] {
    for (int a = next++; a < size(); a = next++) {
      const absl::Status status =
          account_connections_[a]->DeleteAccount(accounts_[a]);
      if (!status.ok()) {
        absl::MutexLock lock(&mu);
        if (first_error.ok()) {
          first_error = absl::InternalError(absl::StrCat(
              "deleting ", accounts_[a].name, ": ", status.message()));
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  return first_error;
}

}  // namespace parley::bench
