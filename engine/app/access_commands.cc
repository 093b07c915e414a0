#include "engine/app/access_commands.h"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "engine/access/access_log.h"
#include "engine/access/credentials.h"
#include "engine/app/cli_failure.h"
#include "engine/store/event_store.h"
#include "engine/store/log_folder.h"
#include "projections/catalogue.h"
#include "projections/directory/directory.h"
#include "projections/runner.h"
#include "projections/view_store.h"

namespace prospekt::app {
namespace {

constexpr std::string_view kCliActor = "cli";

std::int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct OpenedCredentials {
  std::unique_ptr<access::AccessLog> log;
  std::unique_ptr<access::Credentials> credentials;
};

Result<OpenedCredentials> OpenCredentials(const std::string& data) {
  PROSPEKT_RETURN_IF_ERROR(store::CheckLogFolder(data));
  OpenedCredentials opened;
  Result<std::unique_ptr<access::AccessLog>> log =
      access::AccessLog::Open(access::AccessLogFolder(data));
  if (!log.ok()) {
    if (log.status().code() == StatusCode::kIOError) {
      return Status::IOError(log.status().message() +
                             " (is prospektd serving this folder? stop it, or use the API)");
    }
    return log.status();
  }
  opened.log = std::move(log).value();
  Result<std::unique_ptr<access::Credentials>> credentials = access::Credentials::Open(*opened.log);
  if (!credentials.ok()) return credentials.status();
  opened.credentials = std::move(credentials).value();
  return opened;
}

// Ok when the directory knows `employee_id` as one who has not left: users are
// employees. Folds (or catches up) the directory projection in the views folder.
Status CheckEmployee(const std::string& data, const std::string& employee_id) {
  Result<std::unique_ptr<store::EventStore>> log = store::OpenLogToRead(data);
  if (!log.ok()) return log.status();
  Result<std::unique_ptr<projections::ViewStore>> views =
      projections::ViewStore::Open(projections::ViewsFolderOf(data));
  if (!views.ok()) return views.status();
  std::vector<std::unique_ptr<projections::Projection>> only_directory;
  for (auto& projection : projections::AllProjections()) {
    if (projection->name() == projections::kDirectory.name)
      only_directory.push_back(std::move(projection));
  }
  Result<std::unique_ptr<projections::ProjectionRunner>> runner =
      projections::ProjectionRunner::Open(**log, **views, std::move(only_directory));
  if (!runner.ok()) return runner.status();
  PROSPEKT_RETURN_IF_ERROR((*runner)->CatchUp());
  Status known = Status::Ok();
  Result<bool> read = (*runner)->ReadView<projections::DirectoryView>(
      projections::kDirectory.name, [&](const projections::DirectoryView& directory) {
        const projections::DirectoryEmployee* employee =
            projections::FindEmployee(directory, employee_id);
        if (employee == nullptr) {
          known = Status::NotFound("the log knows no employee " + employee_id, "employee");
        } else if (employee->left) {
          known = Status::FailedPrecondition("employee " + employee_id + " has left the bank",
                                             "employee");
        }
        return true;
      });
  if (!read.ok()) return read.status();
  PROSPEKT_RETURN_IF_ERROR((*runner)->Stop());
  return known;
}

// One line from standard input, without echo on a terminal.
Result<std::string> ReadSecretLine(const char* prompt) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fputc('\n', stderr);
  }
  if (!got) return Status::InvalidArgument("no password on standard input", "password");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> ReadNewPassword() {
  Result<std::string> first = ReadSecretLine("password: ");
  if (!first.ok()) return first.status();
  if (isatty(STDIN_FILENO) != 0) {
    Result<std::string> again = ReadSecretLine("again: ");
    if (!again.ok()) return again.status();
    if (*again != *first) return Status::InvalidArgument("the passwords differ", "password");
  }
  return first;
}

}  // namespace

Status AddUserOffline(const std::string& data, const std::string& login,
                      const std::string& employee_id, const std::string& password) {
  PROSPEKT_RETURN_IF_ERROR(access::ValidateLogin(login));
  PROSPEKT_RETURN_IF_ERROR(CheckEmployee(data, employee_id));
  Result<OpenedCredentials> opened = OpenCredentials(data);
  if (!opened.ok()) return opened.status();
  return opened->credentials->AddUser(kCliActor, login, employee_id, password, NowUs());
}

std::function<int()> AddAccessCommands(CLI::App& cli,
                                       const std::function<void(CLI::App*)>& add_data,
                                       const std::string& data) {
  struct Args {
    std::string login, employee, reason, name;
    std::uint32_t ttl_days = 365;
  };
  auto args = std::make_shared<Args>();

  CLI::App* user = cli.add_subcommand("user", "users (employees who sign in), server stopped");
  user->require_subcommand(1);
  CLI::App* add = user->add_subcommand("add", "add a user for an employee; password on stdin");
  add_data(add);
  add->add_option("--login", args->login, "the login (a-z, 0-9, '.', '_', '-')")->required();
  add->add_option("--employee", args->employee, "the employee's id, e.g. r01-b01-e01")->required();
  CLI::App* passwd = user->add_subcommand("passwd", "set a new password; ends the user's sessions");
  add_data(passwd);
  passwd->add_option("--login", args->login, "the login")->required();
  CLI::App* disable = user->add_subcommand("disable", "disable a user; ends all their tokens");
  add_data(disable);
  disable->add_option("--login", args->login, "the login")->required();
  disable->add_option("--reason", args->reason, "why, for the access log")->required();
  CLI::App* list = user->add_subcommand("list", "every user: login, employee, disabled");
  add_data(list);

  CLI::App* token = cli.add_subcommand("token", "API tokens for programs, server stopped");
  token->require_subcommand(1);
  CLI::App* create = token->add_subcommand("create", "create an API token; printed once");
  add_data(create);
  create->add_option("--login", args->login, "the user the program acts as")->required();
  create->add_option("--name", args->name, "the token's name (to revoke it by)")->required();
  create->add_option("--ttl-days", args->ttl_days, "days it lives (1 to 1096)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1096));
  CLI::App* revoke = token->add_subcommand("revoke", "revoke the live API token of that name");
  add_data(revoke);
  revoke->add_option("--name", args->name, "the token's name")->required();

  return [=, &data]() -> int {
    if (add->parsed()) {
      Result<std::string> password = ReadNewPassword();
      if (!password.ok()) return ReportFailure(password.status());
      if (Status added = AddUserOffline(data, args->login, args->employee, *password);
          !added.ok()) {
        return ReportFailure(added);
      }
      std::printf("user %s added for employee %s\n", args->login.c_str(), args->employee.c_str());
      return 0;
    }
    if (!user->parsed() && !token->parsed()) return -1;
    Result<OpenedCredentials> opened = OpenCredentials(data);
    if (!opened.ok()) return ReportFailure(opened.status());
    access::Credentials& credentials = *opened->credentials;
    if (passwd->parsed()) {
      Result<std::string> password = ReadNewPassword();
      if (!password.ok()) return ReportFailure(password.status());
      if (Status changed = credentials.ChangePassword(kCliActor, args->login, *password, NowUs());
          !changed.ok()) {
        return ReportFailure(changed);
      }
      std::printf("password of %s changed; their sessions ended\n", args->login.c_str());
      return 0;
    }
    if (disable->parsed()) {
      if (Status disabled = credentials.DisableUser(kCliActor, args->login, args->reason, NowUs());
          !disabled.ok()) {
        return ReportFailure(disabled);
      }
      std::printf("user %s disabled; their tokens ended\n", args->login.c_str());
      return 0;
    }
    if (list->parsed()) {
      for (const access::UserInfo& info : credentials.Users()) {
        std::printf("%-24s %-16s %s\n", info.login.c_str(), info.employee_id.c_str(),
                    info.disabled ? "disabled" : "enabled");
      }
      return 0;
    }
    if (create->parsed()) {
      const std::int64_t ttl_us = std::int64_t{args->ttl_days} * 86'400'000'000;
      Result<access::IssuedToken> issued =
          credentials.CreateApiToken(kCliActor, args->login, args->name, ttl_us, NowUs());
      if (!issued.ok()) return ReportFailure(issued.status());
      // The token alone on stdout, so that a script can capture it; it is shown only now.
      std::printf("%s\n", issued->token.c_str());
      std::fprintf(stderr, "API token %s for %s, valid %u days; keep it: it is not shown again\n",
                   args->name.c_str(), args->login.c_str(), args->ttl_days);
      return 0;
    }
    // revoke
    if (Status revoked = credentials.RevokeApiToken(kCliActor, args->name, NowUs());
        !revoked.ok()) {
      return ReportFailure(revoked);
    }
    std::printf("API token %s revoked\n", args->name.c_str());
    return 0;
  };
}

}  // namespace prospekt::app
