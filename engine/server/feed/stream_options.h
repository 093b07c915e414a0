// Options shared by the feed's transports (SSE, WebSocket, TCP): how often an idle
// connection hears from the server, how long a write may take, how much one write
// carries. Plain values.
#pragma once

#include <chrono>
#include <cstddef>

namespace prospekt::feed {

struct FeedStreamOptions {
  // After this long without a write, the server writes a heartbeat (an SSE comment, a
  // WebSocket ping, a TCP heartbeat frame), so that the consumer and any proxy between
  // know the connection lives and a dead peer is found by a failing write.
  std::chrono::milliseconds heartbeat_interval{15'000};
  // SSE and TCP: one write (a batch of events, a heartbeat, the end) that does not
  // complete in this time closes the connection. WebSocket: the idle timeout (no data,
  // pongs included, from the peer for this long closes it), since a peer that does not
  // read does not answer pings either.
  std::chrono::milliseconds write_timeout{30'000};
  // Events taken from the subscription for one write.
  std::size_t max_events_per_write = 256;
};

}  // namespace prospekt::feed
