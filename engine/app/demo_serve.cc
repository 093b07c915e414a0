#include "engine/app/demo_serve.h"

#include <cstdio>

#include "engine/access/access_log.h"
#include "engine/access/credentials.h"
#include "engine/app/access_commands.h"

namespace prospekt::app {

const std::vector<DemoLogin>& DemoLogins() {
  static const std::vector<DemoLogin> logins = {
      {"head", "r01-b01-e01", "branch head of r01-b01"},
      {"sales", "r01-b01-e03", "sales specialist in r01-b01"},
      {"credit", "r01-b01-e02", "credit specialist (loans) in r01-b01"},
      {"office", "ho-001", "head office"},
      {"auditor", "audit-001", "auditor"},
      {"admin", "admin-001", "administrator (organisation and users)"},
  };
  return logins;
}

Status AddDemoUsers(const std::string& data) {
  std::vector<access::UserInfo> existing;
  {
    Result<std::unique_ptr<access::AccessLog>> log =
        access::AccessLog::Open(access::AccessLogFolder(data));
    if (!log.ok()) return log.status();
    Result<std::unique_ptr<access::Credentials>> credentials = access::Credentials::Open(**log);
    if (!credentials.ok()) return credentials.status();
    existing = (*credentials)->Users();
  }
  for (const DemoLogin& demo : DemoLogins()) {
    bool present = false;
    for (const access::UserInfo& user : existing) present = present || user.login == demo.login;
    if (present) continue;
    PROSPEKT_RETURN_IF_ERROR(
        AddUserOffline(data, demo.login, demo.employee_id, std::string(kDemoPassword)));
  }
  return Status::Ok();
}

int ServeDemo(const ServeConfig& config) {
  if (Status added = AddDemoUsers(config.data); !added.ok()) {
    std::fprintf(stderr, "prospekt: %s\n", added.ToString().c_str());
    return 3;
  }
  return RunServe(config, [&config](const ServeInfo& info) {
    std::printf("\nProspekt demo bank at %s  (log at seq %llu; stop with Ctrl-C)\n",
                info.url.c_str(), static_cast<unsigned long long>(info.head_seq));
    std::printf("sign in with any of these logins, password \"%s\":\n",
                std::string(kDemoPassword).c_str());
    for (const DemoLogin& demo : DemoLogins()) {
      std::printf("  %-8s %-12s %s\n", demo.login.c_str(), demo.employee_id.c_str(),
                  demo.role.c_str());
    }
    // The demo's business time: Monday 2026-01-05 and the working days after it.
    std::printf(
        "the demo's weeks are 2026-W02 to 2026-W05 (sign in as head): %s/branch?week=2026-W05\n",
        info.url.c_str());
    if (config.web.empty()) {
      std::printf("(no web UI: build it with scripts/demo.sh, or pass --web web/dist)\n");
    }
    std::printf("API: %s/openapi.yaml, %s/health, %s/metrics\n\n", info.url.c_str(),
                info.url.c_str(), info.url.c_str());
    std::fflush(stdout);
  });
}

}  // namespace prospekt::app
