// The feed as Server-Sent Events (`GET /feed`): text/event-stream over HTTP/1.1, over a
// connection the HTTP server has accepted and whose request it has read and authorized.
//
//   id: <seq>
//   event: <event_type>
//   data: <EnvelopeToJson, one line>
//   (blank line)
//
// A comment line ": heartbeat" while idle; the end (fell behind, shutting down, store
// error) as a last event before the connection closes:
//
//   event: end
//   data: {"reason":"fell_behind","message":"fell behind: resume from seq 42","resume_from":42}
//
// Resuming: `from=` (first seq wanted) or the `Last-Event-ID` header (the last id got),
// see feed_query.h. The body is chunked for HTTP/1.1 (close-delimited for HTTP/1.0) and
// the connection closes after the end.
//
// Threads: ServeSse returns at once; the session runs on the stream's io_context (on a
// strand of its own) until the feed ends or the peer goes. The stream's executor must be
// an io_context's executor or a strand of one (`ioc.get_executor()`, `make_strand(ioc)`);
// another kind of executor gets the connection closed. The hub must outlive the
// stream's io_context run, or be stopped first (FeedHub::Stop ends every session).
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

#include "engine/server/feed/feed_hub.h"
#include "engine/server/feed/feed_query.h"
#include "engine/server/feed/feed_stream.h"
#include "engine/server/feed/stream_options.h"

namespace prospekt::feed {

using FeedHttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The feed's parameters from the request's target and its Last-Event-ID header
// (ParseFeedQuery). InvalidArgument naming the parameter: the caller answers 400.
Result<FeedQuery> ParseFeedRequest(const FeedHttpRequest& request);

// Takes over `stream` (the connection of `request`, plain or TLS) and serves the feed of
// `query`.
void ServeSse(FeedHub& hub, PlainStream stream, FeedHttpRequest request, FeedQuery query,
              FeedStreamOptions options = {});
void ServeSse(FeedHub& hub, TlsStream stream, FeedHttpRequest request, FeedQuery query,
              FeedStreamOptions options = {});

// The texts on the wire, for tests and for other writers of the same stream.
std::string FormatSseEvent(const FeedEvent& event);
std::string FormatSseEnd(const FeedEnd& end);
inline constexpr char kSseHeartbeat[] = ": heartbeat\n\n";

}  // namespace prospekt::feed
