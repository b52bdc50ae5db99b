// The CLI's session file: after logout it still names the server, so the
// next login goes where the last one went.
#include "client/cli/session_file.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

namespace parley::cli {
namespace {

TEST_CASE("signing out forgets the token and keeps the server", "[cli]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "session").string();
  REQUIRE(SaveSession(path, {"chat.example:50052", "alice", "t0k3n", "binary"})
              .ok());
  REQUIRE(LoadSession(path).ok());

  REQUIRE(ForgetSignIn(path).ok());

  CHECK(absl::IsNotFound(LoadSession(path).status()));
  absl::StatusOr<SavedSession> server = LoadSavedServer(path);
  REQUIRE(server.ok());
  CHECK(server->server == "chat.example:50052");
  CHECK(server->protocol == "binary");
  CHECK(server->username.empty());
  CHECK(server->token.empty());
}

TEST_CASE("without a file there is no session and no server", "[cli]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "none").string();
  CHECK(absl::IsNotFound(LoadSession(path).status()));
  CHECK(absl::IsNotFound(LoadSavedServer(path).status()));
  CHECK(ForgetSignIn(path).ok());
}

}  // namespace
}  // namespace parley::cli
