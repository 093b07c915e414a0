#include "tests/engine/server/routes/prospektd_process.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace prospekt::server::testing {

ProspektdProcess::ProspektdProcess(const std::vector<std::string>& arguments,
                                   std::filesystem::path log)
    : log_(std::move(log)) {
  std::vector<std::string> argv_text{PROSPEKT_PROSPEKTD};
  argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& argument : argv_text) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const std::string log_path = log_.string();
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    if (std::freopen(log_path.c_str(), "w", stderr) == nullptr) _exit(127);
    if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(127);
    execv(PROSPEKT_PROSPEKTD, argv.data());
    _exit(127);
  }

  const std::regex serving(
      R"(serving .* on http://127\.0\.0\.1:(\d+)(, binary feed on port (\d+))?)");
  for (int i = 0; i < 600; ++i) {  // up to a minute
    std::smatch match;
    const std::string text = Log();
    if (std::regex_search(text, match, serving)) {
      port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
      if (match[3].matched) feed_port_ = static_cast<std::uint16_t>(std::stoi(match[3]));
      return;
    }
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      reaped_ = true;
      return;  // ended before serving: started() is false, Log() tells why
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("prospektd did not start: " << Log());
}

ProspektdProcess::~ProspektdProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string ProspektdProcess::Log() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int ProspektdProcess::Terminate() {
  REQUIRE(!reaped_);
  REQUIRE(kill(pid_, SIGTERM) == 0);
  int status = 0;
  REQUIRE(waitpid(pid_, &status, 0) == pid_);
  reaped_ = true;
  INFO(Log());
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

std::uint16_t FreeLoopbackPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0},
                                          /*reuse_addr=*/false);
  return acceptor.local_endpoint().port();
}

std::filesystem::path MakeDemoBank(const prospekt::testing::TempDir& scratch) {
  const std::filesystem::path data = scratch.path() / "bank";
  const prospekt::testing::CliRun demo = prospekt::testing::RunProspekt(
      scratch, "demo --no-serve --data '" + data.string() +
                   "' --regions 1 --branches 1 --employees 4 --clients 20 --days 1");
  INFO(demo.err);
  REQUIRE(demo.exit_code == 0);
  return data;
}

void AddTestUser(const prospekt::testing::TempDir& scratch, const std::filesystem::path& data,
                 const std::string& login, const std::string& employee_id) {
  const std::filesystem::path password = scratch.path() / "password";
  std::ofstream(password) << kTestUserPassword << "\n";
  const prospekt::testing::CliRun added = prospekt::testing::RunProspekt(
      scratch, "user add --data '" + data.string() + "' --login " + login + " --employee " +
                   employee_id + " < '" + password.string() + "'");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
}

}  // namespace prospekt::server::testing
