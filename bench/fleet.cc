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
        Connection::Open(context.endpoint, c, traffic_bytes));
    fleet->connection_instances_.push_back(context.endpoint.InstanceOf(c));
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
    fleet->account_instances_.push_back(
        fleet->connection_instances_[a % connections]);
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
  account_stream_instances_.resize(size());
  for (int s = static_cast<int>(stream_accounts_.size()); s < total; ++s) {
    const int account = s % size();
    const int c = (s + s / connections) % connections;
    streams_->Open(connections_[c].get(), accounts_[account], account);
    stream_accounts_.push_back(account);
    account_stream_instances_[account].push_back(connection_instances_[c]);
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

bool Fleet::CrossesInstances(int from, int to) const {
  if (to >= static_cast<int>(account_stream_instances_.size()) ||
      account_stream_instances_[to].empty()) {
    return false;
  }
  for (int instance : account_stream_instances_[to]) {
    if (instance == account_instances_[from]) return false;
  }
  return true;
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
