#include "account_setup.h"

#include <atomic>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client/chat_client.h"
#include "progress.h"

namespace parley::bench {

absl::StatusOr<std::vector<BenchAccount>> CreateAccounts(
    const Endpoint& endpoint, const std::string& prefix, int count, int threads,
    ByteCounter* bytes) {
  std::vector<BenchAccount> accounts(count);
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  absl::Mutex mu;
  absl::Status first_error;
  auto work = [&] {
    // One client per instance, connected when first needed.
    std::vector<std::unique_ptr<ChatClient>> clients(endpoint.instances());
    for (int i = next++; i < count; i = next++) {
      std::unique_ptr<ChatClient>& client = clients[endpoint.InstanceOf(i)];
      if (client == nullptr) {
        ClientOptions options;
        options.address = endpoint.address(i);
        options.protocol = endpoint.protocol;
        options.bytes = bytes;
        absl::StatusOr<std::unique_ptr<ChatClient>> connected =
            ChatClient::Connect(options);
        if (!connected.ok()) {
          absl::MutexLock lock(&mu);
          if (first_error.ok()) first_error = connected.status();
          return;
        }
        client = *std::move(connected);
      }
      BenchAccount& account = accounts[i];
      account.name = absl::StrCat(prefix, i);
      const std::string password = absl::StrCat("pw-", account.name);
      absl::Status status =
          client->CreateAccount(account.name, password).status();
      if (status.ok()) {
        status = client->Login(account.name, password).status();
      }
      if (!status.ok()) {
        absl::MutexLock lock(&mu);
        if (first_error.ok()) {
          first_error = absl::Status(
              status.code(), absl::StrCat("setting up ", account.name, ": ",
                                          status.message()));
        }
        return;
      }
      account.token = client->token();
      account.authorization = absl::StrCat("Bearer ", account.token);
      client->set_token("");
      const int finished = ++done;
      if (finished % 50 == 0 || finished == count) {
        Progress(absl::StrCat("accounts ", finished, "/", count));
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  if (!first_error.ok()) return first_error;
  return accounts;
}

}  // namespace parley::bench
