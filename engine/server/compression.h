// gzip for HTTP answers: a branch's dashboard is ~50 kB of JSON that compresses about
// tenfold, which matters on a branch's thin line and on loopback alike (fewer bytes to
// copy through the kernel). The server (http_server.h, HttpServerOptions::
// compress_min_bytes) gzips a compressible answer on the fly when the client accepts it;
// a route that keeps rendered answers (the live-answer cache) gzips each once and sets
// Content-Encoding itself, which the server then leaves alone.
//
// Pure functions over zlib; any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "events/status.h"

namespace prospekt::server {

// zlib's levels: 1 is fastest (answers made per request), 6 the default (made once).
inline constexpr int kGzipFastest = 1;
inline constexpr int kGzipDefault = 6;
// The server gzips on the fly only answers up to this size: it compresses on the
// connection's network thread, which a 50 MB export would stall for others (a route
// with larger answers gzips them on its own pool and sets Content-Encoding).
inline constexpr std::size_t kMaxOnTheFlyGzipBytes = 8 * 1024 * 1024;

// Whether an Accept-Encoding field value accepts gzip (RFC 9110, 12.5.3): "gzip",
// "x-gzip" or "*" listed with a q-value above 0 ("gzip;q=0" refuses it, and so does
// "*;q=0" unless gzip is listed by name). An absent or empty field accepts nothing.
bool AcceptsGzip(std::string_view accept_encoding);

// Whether answers of this media type are worth compressing: text/*, JSON, YAML,
// JavaScript, XML and SVG (images, fonts and archives are compressed already).
bool IsCompressibleType(std::string_view content_type);

// `data` as one gzip member (RFC 1952) at zlib `level` (1..9). IOError if zlib fails.
Result<std::string> Gzip(std::string_view data, int level = kGzipFastest);

}  // namespace prospekt::server
