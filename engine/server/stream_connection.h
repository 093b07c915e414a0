// What a stream route (Router::AddStream: SSE, WebSocket) receives: the connection and
// the request that opened it.
//
// Ownership: the handler owns the StreamConnection and everything in it from the call
// on. The stream's executor is the connection's strand on the server's io_context; the
// server keeps no reference to it, and its timeouts are off (expires_never). The
// connection must be closed and released before the HttpServer is destroyed (see
// http_server.h). Over TLS (HttpServerOptions::tls) the stream is the TLS stream, its
// handshake done.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <variant>

#include "engine/server/request.h"

namespace prospekt::server {

struct StreamConnection {
  // Plain TCP, or TLS over it.
  std::variant<boost::beast::tcp_stream, boost::beast::ssl_stream<boost::beast::tcp_stream>> stream;
  // Bytes the client sent after the request (usually none); a WebSocket must read them
  // first.
  boost::beast::flat_buffer buffer;
  // The request as Beast parsed it (boost::beast::websocket's async_accept takes it);
  // its body was moved into `request.body`.
  boost::beast::http::request<boost::beast::http::string_body> message;
  // The request as handlers see it, with path and query parameters and the principal
  // the pre-dispatch hook set.
  Request request;
};

}  // namespace prospekt::server
