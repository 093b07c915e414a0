// The live feed's routes: GET /feed (Server-Sent Events) and GET /feed/ws (WebSocket),
// stream routes that take the connection over once the request is authorized; the
// dashboard's change notices (GET /api/branches/{branch_id}/changes), open to whoever
// may read that branch's dashboard; and the token check of the binary TCP feed, which
// has no HTTP request to hang it on.
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "engine/server/feed/change_sse.h"
#include "engine/server/feed/sse.h"
#include "engine/server/feed/websocket.h"
#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"
#include "engine/server/stream_connection.h"
#include "projections/directory/directory.h"

namespace prospekt::server {
namespace {

namespace http = boost::beast::http;
using access::Permission;

// Closes a taken-over connection at once (over TLS without a close_notify: the refusal
// has its Content-Length, so the client knows it got all of it).
template <class Stream>
void CloseNow(Stream& stream) {
  boost::beast::error_code ignored;
  boost::beast::get_lowest_layer(stream).socket().shutdown(
      boost::asio::ip::tcp::socket::shutdown_both, ignored);
  boost::beast::get_lowest_layer(stream).close();
}

// Answers a stream request that is refused before the feed starts (400 or 403, the
// usual error body) and closes the connection.
void Refuse(std::unique_ptr<StreamConnection> taken, const Response& refusal) {
  std::shared_ptr<StreamConnection> connection = std::move(taken);
  auto message = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(refusal.status), connection->message.version());
  message->set(http::field::content_type, refusal.content_type);
  message->set(http::field::connection, "close");
  message->body() = refusal.body;
  message->prepare_payload();
  std::visit(
      [&connection, &message](auto& stream) {
        http::async_write(stream, *message,
                          [connection, message](boost::beast::error_code, std::size_t) {
                            std::visit([](auto& s) { CloseNow(s); }, connection->stream);
                          });
      },
      connection->stream);
}

enum class Transport { kSse, kWebSocket };

void ServeFeed(BankService& bank, Transport transport,
               std::unique_ptr<StreamConnection> connection) {
  if (Status allowed = internal::Authorize(bank, connection->request, {}); !allowed.ok()) {
    return Refuse(std::move(connection), internal::DomainError(allowed));
  }
  Result<feed::FeedQuery> query = feed::ParseFeedRequest(connection->message);
  if (!query.ok()) return Refuse(std::move(connection), internal::RequestError(query.status()));
  StreamConnection& taken = *connection;
  std::visit(
      [&](auto& stream) {
        if (transport == Transport::kSse) {
          feed::ServeSse(bank.feed(), std::move(stream), std::move(taken.message), *query);
        } else {
          feed::ServeWebSocket(bank.feed(), std::move(stream), std::move(taken.message), *query);
        }
      },
      taken.stream);
}

// The branch's dashboard changes: for whoever may read the dashboard; the notices carry
// only a seq (which every answer shows anyway), so they tell nothing the dashboard does not.
void ServeDashboardChanges(BankService& bank, std::unique_ptr<StreamConnection> connection) {
  const std::string branch_id(connection->request.PathParam("branch_id").value_or(""));
  if (Status allowed = internal::Authorize(bank, connection->request, {.branch_id = branch_id});
      !allowed.ok()) {
    return Refuse(std::move(connection), internal::DomainError(allowed));
  }
  Result<feed::FeedQuery> query = feed::ParseFeedRequest(connection->message);
  if (query.ok() && !(query->filter == feed::FeedFilter())) {
    query = Status::InvalidArgument(
        "the change notices take no kinds or types: they follow the dashboard's own",
        query->filter.kinds().empty() ? "types" : "kinds");
  }
  if (!query.ok()) return Refuse(std::move(connection), internal::RequestError(query.status()));
  bool known = false;
  Result<bool> read = bank.runner().ReadView<projections::DirectoryView>(
      projections::kDirectory.name, [&](const projections::DirectoryView& directory) {
        known = projections::FindBranch(directory, branch_id) != nullptr;
        return true;
      });
  if (!read.ok()) return Refuse(std::move(connection), internal::DomainError(read.status()));
  if (!known) {
    return Refuse(std::move(connection),
                  internal::DomainError(Status::NotFound("no branch " + branch_id, "branch_id")));
  }
  StreamConnection& taken = *connection;
  std::visit(
      [&](auto& stream) {
        feed::ServeChangeNotices(bank.dashboard_changes(), std::move(stream),
                                 taken.message.version(), branch_id, query->from_seq);
      },
      taken.stream);
}

}  // namespace

Status AddFeedRoutes(Router& router, BankService& bank) {
  PROSPEKT_RETURN_IF_ERROR(router.AddStream("GET", "/feed", internal::TagOf(Permission::kFeed),
                                            [&bank](std::unique_ptr<StreamConnection> connection) {
                                              ServeFeed(bank, Transport::kSse,
                                                        std::move(connection));
                                            }));
  PROSPEKT_RETURN_IF_ERROR(router.AddStream("GET", "/feed/ws", internal::TagOf(Permission::kFeed),
                                            [&bank](std::unique_ptr<StreamConnection> connection) {
                                              ServeFeed(bank, Transport::kWebSocket,
                                                        std::move(connection));
                                            }));
  return router.AddStream("GET", "/api/branches/{branch_id}/changes",
                          internal::TagOf(Permission::kBranchDashboard),
                          [&bank](std::unique_ptr<StreamConnection> connection) {
                            ServeDashboardChanges(bank, std::move(connection));
                          });
}

Status AuthorizeFeedToken(BankService& bank, std::string_view token) {
  Result<access::Principal> principal = AuthenticateBearer(bank, token);
  if (!principal.ok()) return principal.status();
  Request request;
  request.route_tag = internal::TagOf(Permission::kFeed);
  request.user = principal->login;
  request.principal = std::move(principal).value();
  return internal::Authorize(bank, request, {});
}

}  // namespace prospekt::server
