#include "engine/app/sample_log.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace prospekt::app {
namespace {

using store::AppendRequest;
using store::ExpectedVersion;
using store::NewEvent;

constexpr std::int64_t kMicrosPerMinute = 60'000'000;
constexpr std::int64_t kMicrosPerDay = 24 * 60 * kMicrosPerMinute;
// Monday 2026-01-05 09:00 UTC: the sample's first working day.
constexpr std::int64_t kFirstDayUs = 1'767'603'600'000'000;

constexpr std::array kProducts = {"deposit", "loan", "mortgage", "salary_project", "card"};
constexpr std::array kContactTypes = {"post", "email", "phone", "meeting"};
constexpr std::array kIndustries = {"retail",        "construction", "agriculture", "logistics",
                                    "manufacturing", "it",           "healthcare"};
constexpr std::array kSources = {"statistics_database",
                                 "counterparty",
                                 "state_body",
                                 "exhibition",
                                 "internet",
                                 "partner",
                                 "referral"};
constexpr std::array kRefusalReasons = {"rate_too_high", "has_other_bank", "no_need_now",
                                        "collateral_lacking", "declined_to_talk"};

std::string Id(const char* format, int a, int b = 0, int c = 0) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  return buffer;
}

class SampleWriter {
 public:
  SampleWriter(store::EventStore& store, const SampleOptions& options,
               const std::function<void(std::uint64_t)>& progress)
      : store_(store), options_(options), progress_(progress), random_(options.seed) {}

  Result<SampleSummary> Run() {
    // Continue after an earlier run: every id below is suffixed with the run number.
    run_ = store_.Head().last_seq;
    for (int r = 1; r <= options_.regions; ++r) {
      for (int b = 1; b <= options_.branches_per_region; ++b) {
        PROSPEKT_RETURN_IF_ERROR(OpenBranch(r, b));
        if (Done()) return summary_;
      }
    }
    // Working days: each sales employee contacts a handful of assigned clients a day.
    for (int day = 0; !Done(); ++day) {
      for (int r = 1; r <= options_.regions && !Done(); ++r) {
        for (int b = 1; b <= options_.branches_per_region && !Done(); ++b) {
          for (int e = 2; e <= options_.employees_per_branch && !Done(); ++e) {
            PROSPEKT_RETURN_IF_ERROR(WorkDay(r, b, e, day));
          }
        }
      }
    }
    return summary_;
  }

 private:
  bool Done() const { return summary_.events >= options_.events; }

  std::string Suffix() const { return run_ == 0 ? "" : "-" + std::to_string(run_); }
  std::string BranchStream(int r, int b) const { return Id("branch-r%02d-b%02d", r, b) + Suffix(); }
  std::string EmployeeId(int r, int b, int e) const {
    return Id("e-r%02d-b%02d-%03d", r, b, e) + Suffix();
  }
  std::string ClientStream(int r, int b, int c) const {
    return Id("client-r%02d-b%02d-%05d", r, b, c) + Suffix();
  }

  Status Write(std::string stream, ExpectedVersion expected, std::vector<NewEvent> events) {
    const std::uint64_t count = events.size();
    AppendRequest request{std::move(stream), expected, std::move(events), {}};
    Result<store::AppendResult> result = store_.Append(std::move(request));
    if (!result.ok()) return result.status();
    ++summary_.appends;
    summary_.events += count;
    if (progress_) progress_(summary_.events);
    return Status::Ok();
  }

  NewEvent Event(std::string type, std::string actor, std::int64_t at, const nlohmann::json& body) {
    NewEvent event;
    event.event_type = std::move(type);
    event.occurred_at_us = at;
    event.actor = std::move(actor);
    event.correlation_id = "sample-" + std::to_string(++correlation_);
    event.payload = body.dump();
    return event;
  }

  template <typename Array>
  const char* Pick(const Array& values) {
    return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(random_)];
  }

  Status OpenBranch(int r, int b) {
    const std::string head = EmployeeId(r, b, 1);
    std::vector<NewEvent> events;
    events.push_back(Event("BranchOpened", "e-head-office", kFirstDayUs,
                           {{"region", Id("r%02d", r)}, {"name", Id("Branch %d.%d", r, b)}}));
    for (int e = 1; e <= options_.employees_per_branch; ++e) {
      events.push_back(Event("EmployeeHired", "e-head-office", kFirstDayUs,
                             {{"employee", EmployeeId(r, b, e)},
                              {"role", e == 1 ? "branch_head" : "sales_specialist"}}));
    }
    PROSPEKT_RETURN_IF_ERROR(
        Write(BranchStream(r, b), ExpectedVersion::NoStream(), std::move(events)));
    for (int c = 1; c <= options_.clients_per_branch && !Done(); ++c) {
      const int owner = 2 + c % (options_.employees_per_branch - 1);
      std::vector<NewEvent> client;
      client.push_back(Event("ClientRegistered", head, kFirstDayUs + c * kMicrosPerMinute,
                             {{"kind", c % 3 == 0 ? "individual" : "legal_entity"},
                              {"name", Id("Client %d-%d-%d", r, b, c)},
                              {"industry", Pick(kIndustries)},
                              {"source", Pick(kSources)},
                              {"status", "new_client"}}));
      client.push_back(Event("ClientAssigned", head, kFirstDayUs + c * kMicrosPerMinute,
                             {{"employee", EmployeeId(r, b, owner)},
                              {"products", {Pick(kProducts), Pick(kProducts)}}}));
      PROSPEKT_RETURN_IF_ERROR(
          Write(ClientStream(r, b, c), ExpectedVersion::NoStream(), std::move(client)));
    }
    return Status::Ok();
  }

  Status WorkDay(int r, int b, int e, int day) {
    std::uniform_int_distribution<int> contacts_per_day(3, 8);
    const int contacts = contacts_per_day(random_);
    const std::int64_t day_start = kFirstDayUs + kMicrosPerDay * day;
    for (int i = 0; i < contacts && !Done(); ++i) {
      // Employee e owns the clients c with 2 + c % step == e (see OpenBranch).
      const int step = options_.employees_per_branch - 1;
      int c = std::uniform_int_distribution<int>(1, options_.clients_per_branch)(random_);
      c += ((e - 2) - c % step + step) % step;
      if (c > options_.clients_per_branch) c -= step;
      const std::string product = Pick(kProducts);
      nlohmann::json contact = {{"type", Pick(kContactTypes)}, {"product", product}};
      const int roll = std::uniform_int_distribution<int>(0, 99)(random_);
      if (roll < 10) {
        contact["outcome"] = "product_sold";
        contact["amount"] = std::uniform_int_distribution<int>(10, 5000)(random_) * 1000;
      } else if (roll < 40) {
        contact["outcome"] = "refused";
        contact["reason"] = Pick(kRefusalReasons);
      } else if (roll < 60) {
        contact["outcome"] = "positive_prospect";
      } else if (roll < 85) {
        contact["outcome"] = "unclear_prospect";
      } else if (roll < 88) {
        contact["outcome"] = "contract_terminated";
      } else {
        contact["outcome"] = "agreement_in_principle";
      }
      contact["next_contact_at_us"] = day_start + kMicrosPerDay * 7;
      contact["note"] = "Discussed " + product + " terms with the client's director.";
      std::vector<NewEvent> events;
      events.push_back(Event("ContactLogged", EmployeeId(r, b, e),
                             day_start + (30 + i * 20) * kMicrosPerMinute, std::move(contact)));
      PROSPEKT_RETURN_IF_ERROR(
          Write(ClientStream(r, b, c), ExpectedVersion::Any(), std::move(events)));
    }
    return Status::Ok();
  }

  store::EventStore& store_;
  const SampleOptions& options_;
  const std::function<void(std::uint64_t)>& progress_;
  std::mt19937_64 random_;
  std::uint64_t run_ = 0;
  std::uint64_t correlation_ = 0;
  SampleSummary summary_;
};

}  // namespace

Result<SampleSummary> AppendSampleLog(store::EventStore& store, const SampleOptions& options,
                                      const std::function<void(std::uint64_t)>& progress) {
  if (options.employees_per_branch < 2 ||
      options.clients_per_branch < options.employees_per_branch || options.regions < 1 ||
      options.branches_per_region < 1) {
    return Status::InvalidArgument(
        "the sample needs at least one region and branch, two "
        "employees per branch and a client per employee");
  }
  return SampleWriter(store, options, progress).Run();
}

}  // namespace prospekt::app
