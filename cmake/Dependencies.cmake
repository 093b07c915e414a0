# Every dependency comes from Debian 12's packages (see scripts/install-deps.sh).
find_package(RocksDB CONFIG REQUIRED)
find_package(CapnProto CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(Threads REQUIRED)
# Asio and Beast are header-only (libboost-dev); TLS uses OpenSSL (libssl-dev).
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED)
# gzip of HTTP answers (engine/server/compression.h; zlib1g-dev, which RocksDB needs too).
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
# libsodium ships no CMake config, only a pkg-config file.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
if(PROSPEKT_BUILD_TESTS)
  find_package(Catch2 CONFIG REQUIRED)
endif()
