// parley_admin: operator's commands on a server's SQLite database.
//   parley_admin backup DB BACKUP    a consistent copy, while the server runs
//   parley_admin restore BACKUP DB   put a backup back (stop the server first)
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/command_line.h"
#include "store/sqlite/backup.h"

namespace {

constexpr char kUsage[] =
    "parley_admin: operator's commands on a Parley server's SQLite database.\n"
    "Usage:\n"
    "  parley_admin backup DB BACKUP    write a consistent copy of DB to the "
    "new file BACKUP;\n"
    "                                   safe while the server runs\n"
    "  parley_admin restore BACKUP DB   check BACKUP and put it in DB's "
    "place;\n"
    "                                   the server must be stopped\n"
    "See docs/operations.md.";

int Fail(const absl::Status& status) {
  const std::string message(status.message().data(), status.message().size());
  std::fprintf(stderr, "parley_admin: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = parley::ParseCommandLineOrExit(
      argc, argv, {"parley_admin", kUsage, __FILE__});
  if (args.size() == 3 && args[0] == "backup") {
    if (absl::Status s = parley::store::BackupDatabase(args[1], args[2]);
        !s.ok()) {
      return Fail(s);
    }
    std::printf("backed up %s to %s\n", args[1].c_str(), args[2].c_str());
    return 0;
  }
  if (args.size() == 3 && args[0] == "restore") {
    if (absl::Status s = parley::store::RestoreDatabase(args[1], args[2]);
        !s.ok()) {
      return Fail(s);
    }
    std::printf("restored %s from %s\n", args[2].c_str(), args[1].c_str());
    return 0;
  }
  std::fprintf(stderr, "%s\n", kUsage);
  return 2;
}
