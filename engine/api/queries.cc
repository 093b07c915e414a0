#include "engine/api/queries.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <memory>
#include <span>
#include <utility>

#include "engine/api/iso_time.h"
#include "engine/api/period.h"
#include "engine/domain/iso_week.h"
#include "events/domain_codec.h"
#include "events/envelope_json.h"
#include "projections/agenda/agenda.h"
#include "projections/audit_trail/audit_trail.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/client_card/client_card.h"
#include "projections/compliance/compliance.h"
#include "projections/employee_history/employee_history.h"
#include "projections/head_office/head_office.h"
#include "projections/industry_analysis/industry_analysis.h"
#include "projections/view_json.h"

namespace prospekt::api {
namespace {

using nlohmann::json;

// At most this many history entries in one answer.
constexpr std::size_t kMaxLimit = 100'000;

// The parameters of a query, parsed. Unset optionals were not given.
struct Parsed {
  std::string subject;
  std::optional<std::int64_t> as_of_us, now_us, from_us, until_us;
  std::optional<std::uint64_t> as_of_seq, min_seq;
  std::optional<domain::IsoWeek> week, from_week, until_week;
  std::vector<std::string> types;
  std::size_t limit = 1000;
};

// ---------------------------------------------------------------- parameter readers

Result<std::int64_t> ParseTime(std::string_view text, const std::string& name) {
  return ParseUtcTime(text, name, TimeForm::kDateOrInstant);
}

Result<domain::IsoWeek> ParseWeek(std::string_view text, const std::string& name) {
  return ParseIsoWeek(text, name);
}

Result<std::uint64_t> ParseCount(std::string_view text, const std::string& name) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(name + " must be a decimal number from 0 to " +
                                       std::to_string(std::numeric_limits<std::uint64_t>::max()) +
                                       ", not '" + std::string(text.substr(0, 40)) + "'",
                                   name);
  }
  return value;
}

// Parses a parameter with `kParse` into the member `kMember`.
template <auto kMember, auto kParse>
Status ReadParam(std::string_view text, const std::string& name, Parsed& out) {
  auto parsed = kParse(text, name);
  if (!parsed.ok()) return parsed.status();
  out.*kMember = *parsed;
  return Status::Ok();
}

Status ReadLimit(std::string_view text, const std::string& name, Parsed& out) {
  Result<std::uint64_t> limit = ParseCount(text, name);
  if (!limit.ok()) return limit.status();
  if (*limit == 0 || *limit > kMaxLimit) {
    return Status::InvalidArgument(name + " must be 1 to " + std::to_string(kMaxLimit), name);
  }
  out.limit = static_cast<std::size_t>(*limit);
  return Status::Ok();
}

Status ReadType(std::string_view text, const std::string& name, Parsed& out) {
  if (!domain::IsDomainEventType(text)) {
    return Status::InvalidArgument(name + " must name an event type such as ContactLogged, not '" +
                                       std::string(text.substr(0, 40)) + "'",
                                   name);
  }
  out.types.emplace_back(text);
  return Status::Ok();
}

struct ParamRule {
  std::string_view name;
  bool repeatable = false;
  Status (*read)(std::string_view text, const std::string& name, Parsed& out) = nullptr;
};

constexpr ParamRule kParamRules[] = {
    {"as_of", false, &ReadParam<&Parsed::as_of_us, &ParseTime>},
    {"as_of_seq", false, &ReadParam<&Parsed::as_of_seq, &ParseCount>},
    {"now", false, &ReadParam<&Parsed::now_us, &ParseTime>},
    {"min_seq", false, &ReadParam<&Parsed::min_seq, &ParseCount>},
    {"week", false, &ReadParam<&Parsed::week, &ParseWeek>},
    {"from", false, &ReadParam<&Parsed::from_us, &ParseTime>},
    {"until", false, &ReadParam<&Parsed::until_us, &ParseTime>},
    {"from_week", false, &ReadParam<&Parsed::from_week, &ParseWeek>},
    {"until_week", false, &ReadParam<&Parsed::until_week, &ParseWeek>},
    {"type", true, &ReadType},
    {"limit", false, &ReadLimit},
};

const ParamRule* FindParamRule(std::string_view name) {
  for (const ParamRule& rule : kParamRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

std::string Joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

Result<Parsed> ParseParams(const QuerySpec& spec, const QueryParams& params) {
  Parsed parsed;
  for (const auto& [name, values] : params) {
    const bool is_subject = !spec.subject.empty() && name == spec.subject;
    const bool takes =
        is_subject || std::find(spec.params.begin(), spec.params.end(), name) != spec.params.end();
    if (!takes) {
      std::vector<std::string_view> known = spec.params;
      if (!spec.subject.empty()) known.insert(known.begin(), spec.subject);
      return Status::InvalidArgument(std::string(spec.name) + " takes no parameter '" +
                                         name.substr(0, 40) + "' (it takes " + Joined(known) + ")",
                                     name);
    }
    const ParamRule* rule = is_subject ? nullptr : FindParamRule(name);
    if (values.size() > 1 && (rule == nullptr || !rule->repeatable)) {
      return Status::InvalidArgument(name + " is given more than once", name);
    }
    for (const std::string& value : values) {
      if (is_subject) {
        parsed.subject = value;
      } else {
        PROSPEKT_RETURN_IF_ERROR(rule->read(value, name, parsed));
      }
    }
  }
  if (!spec.subject.empty() && parsed.subject.empty()) {
    const std::string subject(spec.subject);
    return Status::InvalidArgument(subject + " is required", subject);
  }
  if (parsed.as_of_us && parsed.as_of_seq) {
    return Status::InvalidArgument("as_of and as_of_seq exclude each other", "as_of_seq");
  }
  if (parsed.from_us && parsed.until_us) {
    PROSPEKT_RETURN_IF_ERROR(CheckPeriodOrder(*parsed.from_us, *parsed.until_us));
  }
  // As for times (period.h): swapped weeks are a mistake.
  if (parsed.from_week && parsed.until_week &&
      domain::WeekKey(*parsed.from_week) > domain::WeekKey(*parsed.until_week)) {
    return Status::InvalidArgument("from_week must not be after until_week", "from_week");
  }
  return parsed;
}

// ---------------------------------------------------------------- answering

struct Context {
  const QuerySources& sources;
  const QuerySpec& spec;
  const Parsed& params;
  std::optional<std::uint64_t> as_of;  // unset: the live view, wherever it is
  std::int64_t now_us = 0;
};

struct Answer {
  json result;
  std::uint64_t seq = 0;  // the last seq the answer reflects
};

// `answer(view)` on the view of ctx's projection as of ctx.as_of: the live one when it
// is there (or no as-of was asked), else a fold from the nearest snapshot. With the
// seq the view reflects.
template <class View, class Fn>
auto FromView(const Context& ctx, Fn&& answer)
    -> Result<std::pair<std::invoke_result_t<Fn, const View&>, std::uint64_t>> {
  using Out = std::pair<std::invoke_result_t<Fn, const View&>, std::uint64_t>;
  const projections::ProjectionRunner& runner = ctx.sources.runner;
  Result<std::optional<Out>> live = runner.ReadViewAt<View>(
      ctx.spec.projection, [&](const View& view, std::uint64_t position) -> std::optional<Out> {
        if (ctx.as_of && *ctx.as_of != position) return std::nullopt;
        return Out{answer(view), position};
      });
  if (!live.ok()) return live.status();
  if (live->has_value()) return std::move(**live);
  Result<std::unique_ptr<projections::Projection>> folded =
      runner.AsOf(ctx.spec.projection, *ctx.as_of);
  if (!folded.ok()) return folded.status();
  const auto* fold = dynamic_cast<const projections::FoldProjection<View>*>(folded->get());
  if (fold == nullptr) {
    return Status::Corruption(std::string(ctx.spec.projection) + " has another view type");
  }
  return Out{answer(fold->view()), *ctx.as_of};
}

// The views that filter by seq themselves (append-only indexes) are read live; the
// answer reflects the as-of seq or, when the view has not got there yet, its position.
template <class View, class Fn>
auto FromIndex(const Context& ctx, Fn&& answer)
    -> Result<std::pair<std::invoke_result_t<Fn, const View&, std::uint64_t>, std::uint64_t>> {
  using Out = std::pair<std::invoke_result_t<Fn, const View&, std::uint64_t>, std::uint64_t>;
  return ctx.sources.runner.ReadViewAt<View>(
      ctx.spec.projection, [&](const View& view, std::uint64_t position) {
        const std::uint64_t seq = ctx.as_of ? std::min(*ctx.as_of, position) : position;
        return Out{answer(view, seq), seq};
      });
}

template <class T>
Result<Answer> ToAnswer(Result<std::pair<T, std::uint64_t>> got) {
  if (!got.ok()) return got.status();
  return Answer{json(std::move(got->first)), got->second};
}

// Opens every sealed text of `event` that `open` can open (erased ones stay sealed).
Status OpenTexts(domain::DomainEvent& event, const PersonalTextOpener& open) {
  std::string client_id;
  for (domain::PersonalText* text : domain::PersonalTextsOf(event, &client_id)) {
    if (text->form != domain::PersonalText::Form::kSealed) continue;
    Result<std::optional<std::string>> opened = open(client_id, *text);
    if (!opened.ok()) return opened.status();
    if (opened->has_value()) *text = {domain::PersonalText::Form::kClear, std::move(**opened)};
  }
  return Status::Ok();
}

Result<Answer> Dashboard(const Context& ctx) {
  const domain::IsoWeek week = ctx.params.week.value_or(domain::IsoWeekOf(ctx.now_us));
  return ToAnswer(FromView<projections::BranchDashboardsView>(
      ctx, [&](const projections::BranchDashboardsView& view) {
        return projections::ToJson(
            projections::DashboardOf(view, ctx.params.subject, week, ctx.now_us));
      }));
}

Result<Answer> Card(const Context& ctx) {
  auto got = FromView<projections::ClientCardsView>(
      ctx, [&](const projections::ClientCardsView& view) -> std::optional<projections::ClientCard> {
        const projections::ClientCard* card = projections::FindClientCard(view, ctx.params.subject);
        if (card == nullptr) return std::nullopt;
        return *card;
      });
  if (!got.ok()) return got.status();
  const auto& [card, seq] = *got;
  if (!card) {
    return Status::NotFound("no client " + ctx.params.subject + " as of seq " + std::to_string(seq),
                            "client");
  }
  json result = projections::ToJson(*card);
  // Opened outside the view's lock: it may read the key store.
  if (ctx.sources.open && card->name.form == domain::PersonalText::Form::kSealed) {
    Result<std::optional<std::string>> name = ctx.sources.open(card->client_id, card->name);
    if (!name.ok()) return name.status();
    result["name"] = name->has_value() ? json(**name) : json("erased");
  }
  return Answer{std::move(result), seq};
}

Result<Answer> ContactCheck(const Context& ctx) {
  return ToAnswer(
      FromView<projections::ClientCardsView>(ctx, [&](const projections::ClientCardsView& view) {
        const projections::ClientCard* card = projections::FindClientCard(view, ctx.params.subject);
        json out{{"client_id", ctx.params.subject}, {"exists", card != nullptr}};
        if (card == nullptr) return out;
        out["branch_id"] = card->branch_id;
        out["assigned_employee_id"] = card->assigned_employee_id;
        if (card->last_contact_at_us == 0) {
          out["last_contact"] = nullptr;
        } else {
          out["last_contact"] = {{"at", FormatUtcMicros(card->last_contact_at_us)},
                                 {"at_us", card->last_contact_at_us},
                                 {"outcome", EnumJsonName(card->last_outcome)}};
        }
        return out;
      }));
}

Result<Answer> Trail(const Context& ctx) {
  auto seqs = FromIndex<projections::AuditTrailView>(
      ctx, [&](const projections::AuditTrailView& view, std::uint64_t seq) {
        return projections::AuditTrailSeqs(view, ctx.params.subject, seq);
      });
  if (!seqs.ok()) return seqs.status();
  Result<std::vector<Envelope>> envelopes = ctx.sources.log.ReadEvents(seqs->first);
  if (!envelopes.ok()) return envelopes.status();
  json trail = json::array();
  for (const Envelope& envelope : *envelopes) {
    json item = EnvelopeToJson(envelope, ctx.sources.erased);
    if (ctx.sources.open) {
      Result<domain::DomainEvent> event = DecodeDomainEvent(envelope.event_type, envelope.payload);
      if (event.ok()) {
        PROSPEKT_RETURN_IF_ERROR(OpenTexts(*event, ctx.sources.open));
        item["payload"] = DomainEventToJson(*event, ctx.sources.erased);
      }
    }
    trail.push_back(std::move(item));
  }
  return Answer{std::move(trail), seqs->second};
}

Result<Answer> History(const Context& ctx) {
  auto entries = FromIndex<projections::EmployeeHistoryView>(
      ctx, [&](const projections::EmployeeHistoryView& view, std::uint64_t seq) {
        projections::HistoryQuery query;
        query.employee_id = ctx.params.subject;
        query.as_of_seq = seq;
        query.limit = ctx.params.limit;
        query.event_types.insert(ctx.params.types.begin(), ctx.params.types.end());
        if (ctx.params.from_us) query.from_us = *ctx.params.from_us;
        if (ctx.params.until_us) query.until_us = *ctx.params.until_us;
        return projections::EmployeeHistory(view, query);
      });
  if (!entries.ok()) return entries.status();
  // What each entry was about (a client, a branch, ...) is its event's stream, read from
  // the log by seq: the view keeps only the seq, so that it stays small.
  std::vector<std::uint64_t> seqs;
  seqs.reserve(entries->first.size());
  for (const projections::HistoryEntry& entry : entries->first) seqs.push_back(entry.seq);
  Result<std::vector<Envelope>> envelopes = ctx.sources.log.ReadEvents(seqs);
  if (!envelopes.ok()) return envelopes.status();
  json history = projections::ToJson(entries->first);
  for (std::size_t i = 0; i < history.size(); ++i) {  // one envelope per seq, in order
    history[i]["stream_id"] = (*envelopes)[i].stream_id;
  }
  return Answer{std::move(history), entries->second};
}

Result<Answer> AgendaAnswer(const Context& ctx) {
  return ToAnswer(FromView<projections::AgendaView>(ctx, [&](const projections::AgendaView& view) {
    return projections::ToJson(projections::AgendaOf(view, ctx.params.subject, ctx.now_us));
  }));
}

Result<Answer> HeadOffice(const Context& ctx) {
  const std::int32_t from_week = ctx.params.from_week ? domain::WeekKey(*ctx.params.from_week) : 0;
  const std::int32_t until_week =
      ctx.params.until_week ? domain::WeekKey(*ctx.params.until_week) : 99'999'999;
  return ToAnswer(
      FromView<projections::HeadOfficeView>(ctx, [&](const projections::HeadOfficeView& view) {
        return projections::ToJson(projections::HeadOfficeReportOf(view, from_week, until_week));
      }));
}

Result<Answer> Industry(const Context& ctx) {
  return ToAnswer(FromView<projections::IndustryAnalysisView>(
      ctx, [](const projections::IndustryAnalysisView& view) {
        return projections::ToJson(projections::IndustryReport(view));
      }));
}

Result<Answer> Compliance(const Context& ctx) {
  const std::int64_t from = ctx.params.from_us.value_or(INT64_MIN / 2);
  const std::int64_t until = ctx.params.until_us.value_or(INT64_MAX / 2);
  return ToAnswer(
      FromView<projections::ComplianceView>(ctx, [&](const projections::ComplianceView& view) {
        return projections::ToJson(projections::ComplianceReportOf(view, from, until));
      }));
}

Result<Answer> Dispatch(QueryName query, const Context& ctx) {
  switch (query) {
    case QueryName::kDashboard:
      return Dashboard(ctx);
    case QueryName::kCard:
      return Card(ctx);
    case QueryName::kContactCheck:
      return ContactCheck(ctx);
    case QueryName::kTrail:
      return Trail(ctx);
    case QueryName::kHistory:
      return History(ctx);
    case QueryName::kAgenda:
      return AgendaAnswer(ctx);
    case QueryName::kHeadOffice:
      return HeadOffice(ctx);
    case QueryName::kIndustry:
      return Industry(ctx);
    case QueryName::kCompliance:
      return Compliance(ctx);
  }
  return Status::InvalidArgument("no such query", "query");
}

std::int64_t SystemClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::vector<QuerySpec>& QuerySpecs() {
  // Every query but the contact check may look into the past; every one may wait.
  static const std::vector<QuerySpec> specs = [] {
    const std::vector<std::string_view> as_of = {"as_of", "as_of_seq", "min_seq"};
    auto with_as_of = [&as_of](std::vector<std::string_view> own) {
      own.insert(own.end(), as_of.begin(), as_of.end());
      return own;
    };
    using namespace projections;
    return std::vector<QuerySpec>{
        {QueryName::kDashboard, "dashboard", "/api/branches/{branch_id}/dashboard", "branch",
         kBranchDashboards.name, with_as_of({"week", "now"})},
        {QueryName::kCard, "card", "/api/clients/{client_id}/card", "client", kClientCards.name,
         as_of},
        {QueryName::kContactCheck,
         "contact-check",
         "/api/clients/{client_id}/contact-check",
         "client",
         kClientCards.name,
         {"min_seq"}},
        {QueryName::kTrail, "trail", "/api/clients/{client_id}/trail", "client",
         kClientAuditTrail.name, as_of},
        {QueryName::kHistory, "history", "/api/employees/{employee_id}/history", "employee",
         kEmployeeHistory.name, with_as_of({"from", "until", "type", "limit"})},
        {QueryName::kAgenda, "agenda", "/api/employees/{employee_id}/agenda", "employee",
         kAgenda.name, with_as_of({"now"})},
        {QueryName::kHeadOffice, "head-office", "/api/reports/head-office", "", kHeadOffice.name,
         with_as_of({"from_week", "until_week"})},
        {QueryName::kIndustry, "industry", "/api/reports/industry", "", kIndustryAnalysis.name,
         as_of},
        {QueryName::kCompliance, "compliance", "/api/reports/compliance", "", kCompliance.name,
         with_as_of({"from", "until"})},
    };
  }();
  return specs;
}

const QuerySpec& SpecOf(QueryName query) { return QuerySpecs()[static_cast<std::size_t>(query)]; }

Result<QueryName> ParseQueryName(std::string_view name) {
  std::vector<std::string_view> names;
  for (const QuerySpec& spec : QuerySpecs()) {
    if (spec.name == name) return spec.query;
    names.push_back(spec.name);
  }
  return Status::InvalidArgument(
      "no query named '" + std::string(name.substr(0, 40)) + "' (known: " + Joined(names) + ")",
      "query");
}

Status ValidateQueryParams(QueryName query, const QueryParams& params) {
  return ParseParams(SpecOf(query), params).status();
}

Result<json> RunQuery(QueryName query, const QueryParams& params, const QuerySources& sources) {
  const QuerySpec& spec = SpecOf(query);
  Result<Parsed> parsed = ParseParams(spec, params);
  if (!parsed.ok()) return parsed.status();
  const std::uint64_t head = sources.log.Head().last_seq;
  if (parsed->min_seq) {
    if (*parsed->min_seq > head) {
      return Status::InvalidArgument("min_seq " + std::to_string(*parsed->min_seq) +
                                         " is past the log's head " + std::to_string(head),
                                     "min_seq");
    }
    if (!sources.runner.WaitFor(spec.projection, *parsed->min_seq, sources.min_seq_timeout)) {
      return Status(StatusCode::kAborted,
                    "the " + std::string(spec.projection) + " view has not reached seq " +
                        std::to_string(*parsed->min_seq) + " within " +
                        std::to_string(sources.min_seq_timeout.count()) + " ms; retry",
                    "min_seq");
    }
  }
  Context ctx{sources, spec, *parsed, std::nullopt,
              sources.clock ? sources.clock() : SystemClockMicros()};
  if (parsed->as_of_seq) ctx.as_of = std::min(*parsed->as_of_seq, head);
  if (parsed->as_of_us) {
    Result<std::uint64_t> at = sources.log.SeqAtTime(*parsed->as_of_us);
    if (!at.ok()) return at.status();
    ctx.as_of = *at;
    ctx.now_us = *parsed->as_of_us;
  }
  if (parsed->now_us) ctx.now_us = *parsed->now_us;
  Result<Answer> answer = Dispatch(query, ctx);
  if (!answer.ok()) return answer.status();
  // The live view may have moved past the head read above; the head never lags it.
  return json{{"as_of_seq", answer->seq},
              {"head_seq", std::max(sources.log.Head().last_seq, answer->seq)},
              {"result", std::move(answer->result)}};
}

}  // namespace prospekt::api
