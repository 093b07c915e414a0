// Fuzz target: a client import file (engine/api/client_import.h, csv_reader.h) must be
// read into rows and row errors, or refused as a whole with InvalidArgument — never a
// crash or a hang — and the rows and errors it reports stand in file order, each on a
// line of the file. The first byte picks the format: 0 CSV with ',', 1 CSV with ';',
// 2 CSV with tab, 3 JSON lines (its value modulo 4); the rest is the file. The seeds are
// in client_import_corpus/.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "engine/api/client_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using prospekt::api::ImportFormat;
  const int pick = data[0] % 4;
  const ImportFormat format = pick == 3 ? ImportFormat::kJsonLines : ImportFormat::kCsv;
  const char delimiter = pick == 1 ? ';' : pick == 2 ? '\t' : ',';
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const prospekt::Result<prospekt::api::ImportRows> read =
      prospekt::api::ReadClientRows(text, format, delimiter);
  if (!read.ok()) {
    if (read.status().code() != prospekt::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  const std::size_t lines =
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::vector<std::size_t> seen;
  for (const auto& row : read->rows) seen.push_back(row.line);
  for (const auto& error : read->errors) {
    if (error.status.code() != prospekt::StatusCode::kInvalidArgument) std::abort();
    seen.push_back(error.line);
  }
  std::sort(seen.begin(), seen.end());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (seen[i] == 0 || seen[i] > lines) std::abort();
    if (i > 0 && seen[i] == seen[i - 1]) std::abort();  // one report per row
  }
  return 0;
}
