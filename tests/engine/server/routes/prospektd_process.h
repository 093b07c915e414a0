// The real prospektd binary (PROSPEKT_PROSPEKTD, built beside the tests) as a child
// process of an end-to-end test: started with the test's arguments, its stderr in a log
// file, its ports read from the "serving ... on http://127.0.0.1:PORT, binary feed on
// port N" line. The process is the object's: the destructor kills one still running, so
// a failing REQUIRE never leaves a server behind.
//
// Threads: one object, one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tests/test_support.h"

namespace prospekt::server::testing {

class ProspektdProcess {
 public:
  // Starts `prospektd <arguments...>` with stderr into `log` and waits (up to a minute:
  // the projections catch up first) until it serves. started() is false when it ended
  // before that (e.g. its port was taken); REQUIREs that it did one or the other.
  ProspektdProcess(const std::vector<std::string>& arguments, std::filesystem::path log);
  ~ProspektdProcess();
  ProspektdProcess(const ProspektdProcess&) = delete;
  ProspektdProcess& operator=(const ProspektdProcess&) = delete;

  bool started() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  std::uint16_t feed_port() const { return feed_port_; }  // 0: no binary feed
  std::string Log() const;

  // SIGTERM, then waits for the exit; the exit code (REQUIREs a normal exit).
  int Terminate();

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::uint16_t port_ = 0;
  std::uint16_t feed_port_ = 0;
};

// The password of the users AddTestUser adds.
inline constexpr std::string_view kTestUserPassword = "a long enough password";

// A small demo bank (1 region, 1 branch, 4 employees, 20 clients, 1 day) made in
// `scratch`/bank through `prospekt demo --no-serve`; its folder. REQUIREs success.
std::filesystem::path MakeDemoBank(const prospekt::testing::TempDir& scratch);

// `prospekt user add` of `login` for `employee_id` with kTestUserPassword (server stopped).
void AddTestUser(const prospekt::testing::TempDir& scratch, const std::filesystem::path& data,
                 const std::string& login, const std::string& employee_id);

// A port that was free on 127.0.0.1 a moment ago (bound with port 0, then released), for
// options that take no 0. Another process may take it meanwhile: retry on a failed start.
std::uint16_t FreeLoopbackPort();

}  // namespace prospekt::server::testing
