// A real parley_server process for the tests that must kill one (SIGKILL
// cannot be tried on a server in the test's own process): started with the
// given flags plus loopback addresses on free ports, and ended with SIGTERM
// when the object goes, unless the test killed it first.
//
// Thread safety: one test's.
#ifndef PARLEY_TESTS_SUPPORT_SERVER_PROCESS_H_
#define PARLEY_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "client/client_options.h"

namespace parley::testing {

class ServerProcess {
 public:
  // Starts build/parley_server with `flags` and --listen, --binary_listen
  // and --json_listen on 127.0.0.1 port 0, and waits until it says it is
  // listening (throws if it exits or takes more than 30 s).
  explicit ServerProcess(const std::vector<std::string>& flags);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The options a gRPC client of this server starts from.
  ClientOptions GrpcClient() const;
  // Ends the process with SIGKILL, at once, and reaps it.
  void Kill();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  // Holds the process's standard output and error; removed at the end.
  std::string dir_;
  std::string log_path_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_SERVER_PROCESS_H_
