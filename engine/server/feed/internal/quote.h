// Quoting client-supplied text into error messages: cut short so that a message stays
// one readable line whatever a client sent. Pure.
#pragma once

#include <string>
#include <string_view>

namespace prospekt::feed::internal {

inline std::string Quoted(std::string_view text) {
  constexpr std::size_t kShown = 64;
  if (text.size() <= kShown) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kShown)) + "...'";
}

}  // namespace prospekt::feed::internal
