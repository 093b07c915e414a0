// SseWriter: the wire side of a text/event-stream response over a connection the HTTP
// server handed over, shared by the feed (sse.cc) and the change notices
// (change_sse.cc): the response header, then texts, as chunks on HTTP/1.1 and as they
// are on HTTP/1.0 (close-delimited), the last one with the terminating chunk.
//
// Every write is bounded by `timeout` (a peer that does not read gets the connection
// closed). Handlers are called as Asio calls them: bind them to the session's strand.
// One write at a time; not thread-safe (use it on the session's strand). `Stream` is
// beast::tcp_stream or beast::ssl_stream<beast::tcp_stream> (feed_stream.h).
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_cat.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace prospekt::feed::internal {

template <class Stream>
class SseWriter {
 public:
  SseWriter(Stream stream, unsigned http_version)
      : stream_(std::move(stream)), chunked_(http_version >= 11) {
    namespace http = boost::beast::http;
    response_.version(chunked_ ? 11 : 10);
    response_.result(http::status::ok);
    response_.set(http::field::content_type, "text/event-stream; charset=utf-8");
    response_.set(http::field::cache_control, "no-cache");
    response_.set("X-Accel-Buffering", "no");  // proxies: pass events on at once
    response_.keep_alive(false);               // the stream ends with the connection
    if (chunked_) response_.chunked(true);
    Tcp().expires_never();  // forget the request's read timeout
  }

  // Handler: void(boost::beast::error_code, std::size_t).
  template <class Handler>
  void WriteHeader(std::chrono::milliseconds timeout, Handler&& done) {
    serializer_.emplace(response_);
    Tcp().expires_after(timeout);
    boost::beast::http::async_write_header(stream_, *serializer_, std::forward<Handler>(done));
  }

  // Writes `text` (kept until the write completes); `last` ends the response.
  template <class Handler>
  void WriteText(std::string text, bool last, std::chrono::milliseconds timeout, Handler&& done) {
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    out_ = std::move(text);
    Tcp().expires_after(timeout);
    const asio::const_buffer bytes(out_.data(), out_.size());
    if (!chunked_) {
      asio::async_write(stream_, bytes, std::forward<Handler>(done));
    } else if (last) {
      asio::async_write(stream_,
                        boost::beast::buffers_cat(http::make_chunk(bytes), http::make_chunk_last()),
                        std::forward<Handler>(done));
    } else {
      asio::async_write(stream_, http::make_chunk(bytes), std::forward<Handler>(done));
    }
  }

  // Reads and drops whatever the client sends (nothing is expected); `done` gets the
  // error that ends the read (the client closing). Call again after a success.
  template <class Handler>
  void ReadSome(Handler&& done) {
    stream_.async_read_some(boost::asio::buffer(discard_), std::forward<Handler>(done));
  }

  // Closes the connection at once (over TLS without a close_notify: the response's
  // end is in the chunked body, so a client knows it got all of it).
  void Close() {
    boost::beast::error_code ignored;
    Tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    Tcp().close();
  }

 private:
  boost::beast::tcp_stream& Tcp() { return boost::beast::get_lowest_layer(stream_); }

  Stream stream_;
  const bool chunked_;
  boost::beast::http::response<boost::beast::http::empty_body> response_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>>
      serializer_;
  std::string out_;  // the text being written
  std::array<char, 512> discard_{};
};

}  // namespace prospekt::feed::internal
