#include "store/postgres/postgres_change_feed.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/postgres/notify_payload.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/postgres_url.h"

namespace parley::store {
namespace {

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);

constexpr char kLastIdSql[] = "SELECT last_id FROM message_ids";

std::string Reason(const std::exception& e) {
  return std::string(absl::StripTrailingAsciiWhitespace(e.what()));
}

// The highest id of a message or change committed.
int64_t LastId(pqxx::connection& connection) {
  pqxx::nontransaction transaction(connection);
  return transaction.exec1(kLastIdSql)[0].as<int64_t>();
}

}  // namespace

class PostgresChangeFeed::Listening {
 public:
  Listening(const std::string& url, const std::string& channel)
      : connection_(url), receiver_(connection_, channel, &received_) {}

  pqxx::connection& connection() { return connection_; }
  // Notifications received since the last call, in order.
  std::vector<std::string> TakeReceived() { return std::move(received_); }

 private:
  class Receiver final : public pqxx::notification_receiver {
   public:
    Receiver(pqxx::connection_base& c, const std::string& channel,
             std::vector<std::string>* received)
        : pqxx::notification_receiver(c, channel), received_(received) {}
    void operator()(const std::string& payload, int /*backend_pid*/) override {
      received_->push_back(payload);
    }

   private:
    std::vector<std::string>* received_;
  };

  pqxx::connection connection_;
  std::vector<std::string> received_;
  Receiver receiver_;  // after what it uses
};

PostgresChangeFeed::PostgresChangeFeed(PostgresStore* store,
                                       const std::string& url,
                                       std::string origin, std::string channel,
                                       PostgresChangeFeedOptions options)
    : store_(store),
      url_(postgres::WithUrlParameter(url, "connect_timeout",
                                      absl::StrCat(options.connect_timeout_s))),
      origin_(std::move(origin)),
      channel_(std::move(channel)),
      options_(options) {}

PostgresChangeFeed::~PostgresChangeFeed() { Stop(); }

int64_t PostgresChangeFeed::Listen() {
  listening_.reset();
  // Named, so that an operator (or a test) can tell it in pg_stat_activity.
  auto listening = std::make_unique<Listening>(
      postgres::WithUrlParameter(url_, "application_name", channel_), channel_);
  // Listening already: whatever commits after this read is notified.
  const int64_t last_id = LastId(listening->connection());
  listening_ = std::move(listening);
  return last_id;
}

absl::StatusOr<int64_t> PostgresChangeFeed::Start(ChangeListener* listener) {
  listener_ = listener;
  int64_t last_id;
  try {
    last_id = Listen();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for other servers' changes on PostgreSQL at ",
        postgres::RedactedUrl(url_), ": ", Reason(e)));
  }
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) return absl::InternalError("eventfd failed");
  thread_ = std::thread([this] { Run(); });
  PARLEY_LOG(kInfo) << "listening for other servers' changes on channel "
                    << channel_ << " as " << origin_;
  return last_id;
}

void PostgresChangeFeed::Stop() {
  {
    absl::MutexLock lock(&stop_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (wake_fd_ >= 0) close(wake_fd_);
  wake_fd_ = -1;
  listening_.reset();
}

bool PostgresChangeFeed::stopping() {
  absl::MutexLock lock(&stop_mu_);
  return stopping_;
}

bool PostgresChangeFeed::Pause(absl::Duration delay) {
  absl::MutexLock lock(&stop_mu_);
  stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_), delay);
  return !stopping_;
}

void PostgresChangeFeed::Run() {
  pthread_setname_np(pthread_self(), "parley-feed");
  absl::Duration backoff = kFirstBackoff;
  while (!stopping()) {
    if (listening_ == nullptr) {
      int64_t last_id;
      try {
        last_id = Listen();
      } catch (const std::exception& e) {
        PARLEY_LOG(kWarning) << "cannot listen for other servers' changes ("
                             << Reason(e) << "); trying again in " << backoff;
        if (!Pause(backoff)) return;
        backoff = std::min(backoff * 2, kMaxBackoff);
        continue;
      }
      PARLEY_LOG(kInfo) << "listening for other servers' changes again";
      backoff = kFirstBackoff;
      listener_->OnCommittedThrough(last_id);
    }
    try {
      ListenOnce();
    } catch (const std::exception& e) {
      PARLEY_LOG(kWarning) << "lost the connection that listens for other "
                              "servers' changes: "
                           << Reason(e);
      Deliver();
      listening_.reset();
    }
  }
}

void PostgresChangeFeed::ListenOnce() {
  pqxx::connection& connection = listening_->connection();
  pollfd fds[2] = {{connection.sock(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  const int ready =
      poll(fds, 2,
           static_cast<int>(absl::ToInt64Milliseconds(options_.poll_interval)));
  if (ready < 0 || fds[1].revents != 0) return;
  if (ready == 0) {
    listener_->OnCommittedThrough(LastId(connection));
    return;
  }
  connection.get_notifs();
  Deliver();
  if (!connection.is_open()) {
    throw pqxx::broken_connection("the server closed the connection");
  }
}

void PostgresChangeFeed::Deliver() {
  if (listening_ == nullptr) return;
  for (const std::string& payload : listening_->TakeReceived()) {
    std::optional<postgres::Announcement> received =
        postgres::DecodeAnnouncement(payload);
    if (!received) {
      PARLEY_LOG(kWarning) << "ignored a notification this server does not "
                              "understand on channel "
                           << channel_;
      continue;
    }
    if (received->origin == origin_) continue;
    if (const auto* messages =
            std::get_if<MessagesCommitted>(&received->what)) {
      listener_->OnMessagesCommitted(*messages);
    } else {
      listener_->OnCommittedThrough(
          std::get<postgres::ChangesLogged>(received->what).last_id);
    }
  }
}

absl::StatusOr<ChangeBatch> PostgresChangeFeed::ChangesBetween(int64_t after_id,
                                                               int64_t last_id,
                                                               int limit) {
  return store_->ChangesBetween(after_id, last_id, limit);
}

}  // namespace parley::store
