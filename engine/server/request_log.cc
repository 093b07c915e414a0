#include "engine/server/request_log.h"

namespace prospekt::server {
namespace {

void AppendValue(std::string& out, std::string_view value) {
  bool plain = !value.empty();
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '"' || c == '\\' || c == '=') plain = false;
  }
  if (plain) {
    out += value;
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendField(std::string& out, std::string_view key, std::string_view value) {
  out += ' ';
  out += key;
  out += '=';
  AppendValue(out, value);
}

}  // namespace

std::string FormatAccessLogLine(const AccessLogEntry& entry) {
  std::string line = "http";
  line.reserve(128);
  AppendField(line, "method", entry.method);
  AppendField(line, "route", entry.route);
  AppendField(line, "status", entry.status == 0 ? "stream" : std::to_string(entry.status));
  AppendField(line, "latency_us", std::to_string(entry.latency_us));
  if (!entry.user.empty()) AppendField(line, "user", entry.user);
  AppendField(line, "remote", entry.remote);
  return line;
}

}  // namespace prospekt::server
