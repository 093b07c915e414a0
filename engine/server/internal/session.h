// One accepted connection: reads requests, dispatches them through the Router, writes
// the answers (session.cc; the one place Beast's HTTP templates are instantiated, for
// the plain and the TLS stream).
#pragma once

#include <boost/asio/ip/tcp.hpp>

namespace prospekt::server::internal {

class ServerCore;

// Serves `socket` (its executor must be a strand of the server's io_context), over TLS
// when core.tls() is set. Registers the connection with the core; when the server is
// already stopping, the socket is closed instead.
void StartSession(ServerCore& core, boost::asio::ip::tcp::socket socket);

}  // namespace prospekt::server::internal
