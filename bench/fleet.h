// The signed-in accounts of a scenario, the TCP connections they use and their
// live streams. Account a uses connection a % connections (each account its own
// connection when there are as many connections as accounts, as with real
// devices); connection c goes to server instance c % instances, so with
// several instances the accounts and streams alternate between them.
//
// Thread safety: one scenario thread drives a Fleet; the streams run on gRPC's
// threads.
#ifndef PARLEY_BENCH_FLEET_H_
#define PARLEY_BENCH_FLEET_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "account_setup.h"
#include "connection.h"
#include "interceptors/byte_counter.h"
#include "scenarios.h"
#include "stream_set.h"

namespace parley::bench {

class Fleet {
 public:
  // Creates and signs in `accounts` accounts named <prefix><i> (setup bytes
  // counted in `setup_bytes` when set), opens `connections` connections
  // (traffic counted in `traffic_bytes` when set) and waits until all are
  // connected.
  static absl::StatusOr<std::unique_ptr<Fleet>> Create(
      const BenchContext& context, const std::string& prefix, int accounts,
      int connections, ByteCounter* setup_bytes, ByteCounter* traffic_bytes);
  ~Fleet();

  // Opens live streams until there are `total`; stream s belongs to account s %
  // accounts and rides connection (s + s / connections) % connections, so an
  // account's streams spread over different connections. Waits until all are
  // live.
  absl::Status OpenStreams(int total, absl::Duration timeout);
  // Cancels the streams, then deletes every account (on `threads` threads).
  absl::Status DeleteAccounts(int threads);

  const std::vector<BenchAccount>& accounts() const { return accounts_; }
  int size() const { return static_cast<int>(accounts_.size()); }
  // Connection of each account, indexed by account.
  const std::vector<Connection*>& account_connections() const {
    return account_connections_;
  }
  int connection_count() const { return static_cast<int>(connections_.size()); }
  StreamSet& streams() { return *streams_; }
  // Account of each stream, indexed by stream.
  const std::vector<int>& stream_accounts() const { return stream_accounts_; }
  // Whether a message from account `from` reaches every stream of account
  // `to` on another server instance than the one it was sent through, so
  // that its live deliveries all cross instances (false when `to` has no
  // stream).
  bool CrossesInstances(int from, int to) const;

 private:
  Fleet() = default;

  std::vector<BenchAccount> accounts_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> account_connections_;
  // The server instance of each connection, and of each account's.
  std::vector<int> connection_instances_;
  std::vector<int> account_instances_;
  std::unique_ptr<StreamSet> streams_;
  std::vector<int> stream_accounts_;
  // The server instance of each stream of each account, indexed by account.
  std::vector<std::vector<int>> account_stream_instances_;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_FLEET_H_
