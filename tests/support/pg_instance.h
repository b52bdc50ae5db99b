// A PostgreSQL server of one test's own, from scripts/pg-dev.sh, for the
// tests that stop it (the suite's shared one must stay up for the tests
// running beside them): started at construction, stopped and removed at the
// end, and Down/Up in between for an outage that keeps the data.
//
// Thread safety: one test's.
#ifndef PARLEY_TESTS_SUPPORT_PG_INSTANCE_H_
#define PARLEY_TESTS_SUPPORT_PG_INSTANCE_H_

#include <string>

namespace parley::testing {

class PgInstance {
 public:
  // Starts one; throws if it cannot.
  PgInstance();
  ~PgInstance();
  PgInstance(const PgInstance&) = delete;
  PgInstance& operator=(const PgInstance&) = delete;

  // The URL of its database `parley`.
  const std::string& url() const { return url_; }
  // Stops the server (fast shutdown: connections are cut), keeping its data.
  void Down();
  // Starts it again on the same port.
  void Up();

 private:
  std::string dir_;
  std::string url_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_PG_INSTANCE_H_
