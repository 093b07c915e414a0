// The feed over WebSocket (`GET /feed/ws`): the HTTP server has accepted the connection,
// read the upgrade request and authorized it; ServeWebSocket completes the handshake and
// sends one JSON text message per event (EnvelopeToJson, the same as SSE's data). The
// parameters and resuming are those of SSE (feed_query.h; `from` is how a WebSocket
// client resumes). While idle the server pings; the end comes as a close frame whose
// reason is the end's message ("fell behind: resume from seq 42"), with the code
//   1008 (policy violation)  fell behind
//   1001 (going away)        server shutting down
//   1011 (internal error)    store error.
// Messages from the client are read and ignored.
//
// Threads: as ServeSse.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "engine/server/feed/feed_hub.h"
#include "engine/server/feed/feed_query.h"
#include "engine/server/feed/feed_stream.h"
#include "engine/server/feed/sse.h"
#include "engine/server/feed/stream_options.h"

namespace prospekt::feed {

// Takes over `stream`. A request that is not a WebSocket upgrade gets Beast's 400
// answer and the connection closes; check with boost::beast::websocket::is_upgrade
// first to answer it yourself.
void ServeWebSocket(FeedHub& hub, PlainStream stream, FeedHttpRequest request, FeedQuery query,
                    FeedStreamOptions options = {});
void ServeWebSocket(FeedHub& hub, TlsStream stream, FeedHttpRequest request, FeedQuery query,
                    FeedStreamOptions options = {});

// The close frame for an end (reason text cut to the protocol's 123 bytes).
boost::beast::websocket::close_reason WebSocketCloseReason(const FeedEnd& end);

}  // namespace prospekt::feed
