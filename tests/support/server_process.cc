#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace parley::testing {
namespace {

// The port in the line "parley_server listening on port N (...)", or 0.
int ListeningPort(const std::string& out) {
  const std::string prefix = "parley_server listening on port ";
  const size_t at = out.find(prefix);
  if (at == std::string::npos) return 0;
  return std::atoi(out.c_str() + at + prefix.size());
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& flags) {
  char dir_template[] = "/var/tmp/parley-process.XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  dir_ = dir_template;
  const std::string out_path = dir_ + "/out";
  log_path_ = dir_ + "/log";
  std::vector<std::string> args = {
      PARLEY_SERVER_BINARY, "--listen",      "127.0.0.1:0", "--binary_listen",
      "127.0.0.1:0",        "--json_listen", "127.0.0.1:0"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int spawned =
      posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::runtime_error(absl::StrCat("cannot start ", argv[0]));
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while ((port_ = ListeningPort(ReadAll(out_path))) == 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_ || absl::Now() > deadline) {
      pid_ = -1;
      throw std::runtime_error(absl::StrCat(
          "parley_server did not start listening: ", ReadAll(log_path_)));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

ClientOptions ServerProcess::GrpcClient() const {
  ClientOptions options;
  options.protocol = Protocol::kGrpc;
  options.address = absl::StrCat("127.0.0.1:", port_);
  return options;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace parley::testing
