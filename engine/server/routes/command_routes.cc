// POST /api/commands/{Command}: one route per command of the domain.
//
// The role gate is the access policy's (auditors never write, admins only run the
// organisation, ...); the scope rules (whose client, which branch, deputies) are the
// deciders', with the write model in log order. The body is parsed strictly (400 names
// the field); the Executor decides and appends durably; the answer is built from the
// appended events as the log holds them (api/command_result_json.h), so that a retry
// with the same Idempotency-Key gets the same body and writes nothing.
//
//   Idempotency-Key: <1..100 visible ASCII characters>  per user: two users' keys never
//                                                      collide
//   If-Match: <stream version>                          the stream's version the caller
//                                                      saw; 409 with current_version if
//                                                      it moved since
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "engine/api/command_json.h"
#include "engine/api/command_result_json.h"
#include "engine/domain/personal_data.h"
#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"

namespace prospekt::server {
namespace {

constexpr std::size_t kMaxIdempotencyKey = 100;

// The store's key for the user's Idempotency-Key header: "<employee>:<key>".
Result<std::string> IdempotencyKey(const Request& request, const access::Principal& principal) {
  std::optional<std::string_view> header = request.Header("Idempotency-Key");
  if (!header) return std::string();
  bool visible = !header->empty() && header->size() <= kMaxIdempotencyKey;
  for (char c : *header) visible = visible && c > ' ' && c < 0x7f;
  if (!visible) {
    return Status::InvalidArgument("Idempotency-Key must be 1 to 100 visible ASCII characters",
                                   "Idempotency-Key");
  }
  return principal.employee_id + ":" + std::string(*header);
}

// The If-Match header's stream version: a decimal number, quoted or not ("7", 7).
Result<std::optional<std::uint64_t>> ExpectedVersion(const Request& request) {
  std::optional<std::string_view> header = request.Header("If-Match");
  if (!header) return std::optional<std::uint64_t>();
  std::string_view text = *header;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  std::uint64_t version = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument("If-Match must be a stream version (a number), like \"7\"",
                                   "If-Match");
  }
  return std::optional<std::uint64_t>(version);
}

// A decider names C++ members ("occurred_at_us"); the body's field is "occurred_at".
Status InBodyTerms(const Status& status) {
  if (status.code() == StatusCode::kAborted && status.current_version()) {
    return Status::Aborted(status.message(), *status.current_version());
  }
  return {status.code(), status.message(), api::CommandFieldName(status.field())};
}

// The answer of an executed command (on the reply pool: it reads the log).
void Answer(BankService& bank, const Result<store::AppendResult>& result, const Respond& respond) {
  if (!result.ok()) return respond(internal::DomainError(InBodyTerms(result.status())));
  const store::EventStore& log = bank.log();
  const ErasedCheck erased = [&log](std::string_view client_id) {
    Result<bool> gone = domain::PersonalDataVault::Erased(log, client_id);
    return gone.ok() && *gone;
  };
  Result<nlohmann::json> body = api::CommandResultJson(log, *result, erased);
  if (!body.ok()) return respond(internal::DomainError(body.status()));
  Response response = internal::JsonResponse(200, *body);
  if (result->duplicate) response.headers.emplace_back("Idempotent-Replayed", "true");
  respond(std::move(response));
}

void Execute(BankService& bank, const api::CommandSpec& spec, Request request, Respond respond) {
  // The role gate (403) comes before the body is even read.
  if (Status allowed = internal::Authorize(bank, request, {}); !allowed.ok()) {
    return respond(internal::DomainError(allowed));
  }
  const access::Principal& principal = *internal::PrincipalOf(request);
  Result<domain::Command> command = spec.parse(request.body);
  if (!command.ok()) return respond(internal::RequestError(command.status()));
  Result<std::string> key = IdempotencyKey(request, principal);
  if (!key.ok()) return respond(internal::RequestError(key.status()));
  Result<std::optional<std::uint64_t>> expected = ExpectedVersion(request);
  if (!expected.ok()) return respond(internal::RequestError(expected.status()));

  domain::CommandContext context;
  context.actor.employee_id = principal.employee_id;
  context.now_us = bank.Now();
  context.correlation_id = std::string(request.Header("X-Request-Id").value_or(""));
  context.expected_stream_version = *expected;

  auto answer = [&bank, respond](Result<store::AppendResult> result) {
    // The callback runs on the store's sequencer: the answer is built elsewhere.
    boost::asio::post(bank.reply_pool(), [&bank, respond, result = std::move(result)]() {
      Answer(bank, result, respond);
    });
  };
  // An erasure shreds the key after its append, and the commands that bring personal
  // data make sure of its key first: both block for a synced write, so they run on the
  // blocking pool; everything else goes to the Executor without blocking a thread.
  const bool erasure = std::holds_alternative<domain::EraseClientData>(*command);
  const bool needs_key = std::holds_alternative<domain::RegisterClient>(*command) ||
                         std::holds_alternative<domain::CorrectClientDetails>(*command);
  if (erasure) {
    internal::OnBlockingPool(
        bank, [&bank, command = std::move(command).value(), context = std::move(context),
               key = std::move(key).value(), respond]() mutable {
          Result<store::AppendResult> result = bank.executor().Execute(command, context, key);
          Answer(bank, result, respond);
        });
  } else if (needs_key) {
    internal::OnBlockingPool(
        bank, [&bank, command = std::move(command).value(), context = std::move(context),
               key = std::move(key).value(), answer = std::move(answer)]() mutable {
          bank.executor().ExecuteAsync(std::move(command), std::move(context), std::move(key),
                                       std::move(answer));
        });
  } else {
    bank.executor().ExecuteAsync(std::move(command).value(), std::move(context),
                                 std::move(key).value(), std::move(answer));
  }
}

}  // namespace

Status AddCommandRoutes(Router& router, BankService& bank) {
  for (const api::CommandSpec& spec : api::CommandSpecs()) {
    std::optional<access::Permission> permission = access::CommandPermission(spec.name);
    if (!permission) {
      return Status::InvalidArgument("the access policy has no permission for " +
                                     std::string(spec.name));
    }
    PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
        router, "POST", spec.path, *permission, [&bank, &spec](Request request, Respond respond) {
          Execute(bank, spec, std::move(request), std::move(respond));
        }));
  }
  return Status::Ok();
}

}  // namespace prospekt::server
