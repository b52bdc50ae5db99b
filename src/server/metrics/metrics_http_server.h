// The metrics edge: a small HTTP server (cpp-httplib) that answers GET
// /metrics with a page the caller renders, in the Prometheus text format
// (metrics_page.h). It serves nothing else (404) and holds no metric itself.
// One thread of its own accepts and answers, one request at a time, which is
// plenty for a scraper every few seconds.
//
// Thread safety: Stop and port may be called from any thread; `page` is
// called on the server's thread. Stop is idempotent; the destructor calls it.
#ifndef PARLEY_SERVER_METRICS_METRICS_HTTP_SERVER_H_
#define PARLEY_SERVER_METRICS_METRICS_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace parley {

class MetricsHttpServer {
 public:
  // Renders the page for one scrape.
  using Page = std::function<std::string()>;

  // Binds `address` ("host:port" or "[ipv6]:port"; port 0 picks a free one)
  // and starts answering. INVALID_ARGUMENT for an address that does not
  // parse, UNAVAILABLE (naming it) when it cannot be bound, a port in use
  // included.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& address, Page page);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // The port actually bound.
  int port() const { return port_; }
  // Stops answering and joins the thread; a scrape in progress completes.
  void Stop();

 private:
  MetricsHttpServer();

  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_METRICS_METRICS_HTTP_SERVER_H_
