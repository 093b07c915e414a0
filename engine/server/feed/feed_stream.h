// The connections the feed's HTTP transports (SSE, WebSocket, the change notices) take
// over from the HTTP server: plain TCP, or TLS over it when the server has a
// certificate (HttpServerOptions::tls).
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace prospekt::feed {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

}  // namespace prospekt::feed
