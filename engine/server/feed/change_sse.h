// Change notices as Server-Sent Events (e.g. GET /api/branches/{branch_id}/changes):
// a text/event-stream over a connection the HTTP server has accepted and whose request
// it has read and authorized. Each notice says the seq of the latest event that touched
// the watched scope; a reader refreshes what it shows with min_seq = that seq:
//
//   id: <seq>
//   event: change
//   data: {"seq":<seq>}
//   (blank line)
//
// ": heartbeat" while idle, and the end as the feed's (sse.h) before the connection
// closes. `from_seq`: the first seq whose change is wanted (the seq after the state the
// reader shows; nullopt: from now on).
//
// Threads: as ServeSse (sse.h); the notices must outlive the stream's io_context run,
// or be stopped first (which ends every session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/server/feed/change_notices.h"
#include "engine/server/feed/feed_stream.h"
#include "engine/server/feed/stream_options.h"

namespace prospekt::feed {

void ServeChangeNotices(ChangeNotices& notices, PlainStream stream, unsigned http_version,
                        std::string scope, std::optional<std::uint64_t> from_seq,
                        FeedStreamOptions options = {});
void ServeChangeNotices(ChangeNotices& notices, TlsStream stream, unsigned http_version,
                        std::string scope, std::optional<std::uint64_t> from_seq,
                        FeedStreamOptions options = {});

// The text of one notice on the wire.
std::string FormatChangeNotice(std::uint64_t seq);

}  // namespace prospekt::feed
