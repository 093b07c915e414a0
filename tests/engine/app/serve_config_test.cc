// prospektd's configuration: the JSON file, strict about its keys and types, and flags
// given on the command line winning over it.
#include <catch2/catch.hpp>

#include <fstream>

#include "engine/app/serve.h"
#include "tests/test_support.h"

namespace prospekt::app {
namespace {

std::string WriteConfig(const testing::TempDir& dir, const std::string& text) {
  const std::string path = (dir.path() / "prospektd.json").string();
  std::ofstream(path) << text;
  return path;
}

TEST_CASE("a configuration file sets the server's options by name", "[serve]") {
  testing::TempDir dir;
  ServeConfig config;
  const std::string path = WriteConfig(dir, R"({"data": "/srv/bank", "port": 9090, "threads": 4,
      "web": "web/dist", "feed_port": 9091, "max_body_bytes": 65536, "sync": true,
      "tls": {"certificate_chain": "cert.pem", "private_key": "key.pem"}, "log_level": "warn"})");
  REQUIRE(LoadServeConfig(path, config).ok());
  CHECK(config.data == "/srv/bank");
  CHECK(config.port == 9090);
  CHECK(config.threads == 4);
  CHECK(config.web == "web/dist");
  CHECK(config.feed_port == 9091);
  CHECK(config.max_body_bytes == 65536);
  CHECK(config.tls_certificate_chain == "cert.pem");
  CHECK(config.tls_private_key == "key.pem");
  CHECK(config.log_level == "warn");
  CHECK(ValidateServeConfig(config).ok());
}

TEST_CASE("a bad configuration names the key and changes nothing", "[serve]") {
  testing::TempDir dir;
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {R"({"prot": 9090})", "prot"},
      {R"({"port": "9090"})", "port"},
      {R"({"port": 70000})", "port"},
      {R"({"port": -1})", "port"},
      {R"({"threads": 0})", "threads"},
      {R"({"sync": "yes"})", "sync"},
      {R"({"tls": {"cert": "x"}})", "tls.cert"},
      {R"({"port": 9090,)", "config"},
      {R"([1, 2])", "config"},
  };
  for (const Case& c : cases) {
    ServeConfig config;
    config.port = 1234;
    Status status = LoadServeConfig(WriteConfig(dir, c.text), config);
    INFO(c.text << " -> " << status.ToString());
    CHECK(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.field() == c.field);
    CHECK(config.port == 1234);
  }
  ServeConfig config;
  CHECK(LoadServeConfig((dir.path() / "missing.json").string(), config).code() ==
        StatusCode::kIOError);
}

TEST_CASE("TLS needs both files and the log level must be known", "[serve]") {
  ServeConfig config;
  config.tls_certificate_chain = "cert.pem";
  CHECK(ValidateServeConfig(config).field() == "tls.private_key");
  config.tls_private_key = "key.pem";
  CHECK(ValidateServeConfig(config).ok());
  config.log_level = "loud";
  CHECK(ValidateServeConfig(config).field() == "log_level");
}

TEST_CASE("flags given on the command line win over the configuration file", "[serve]") {
  testing::TempDir dir;
  const std::string path = WriteConfig(dir, R"({"data": "from-file", "port": 9090, "threads": 4})");
  CLI::App cli;
  ServeFlags flags;
  AddServeFlags(cli, flags);
  const std::vector<std::string> args = {"--port", "7070", "--config", path};
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  cli.parse(reversed);
  Result<ServeConfig> config = ResolveServeConfig(flags);
  REQUIRE(config.ok());
  CHECK(config->port == 7070);         // the flag
  CHECK(config->data == "from-file");  // the file
  CHECK(config->threads == 4);         // the file
}

}  // namespace
}  // namespace prospekt::app
