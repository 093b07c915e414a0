// prospektd: the Prospekt server. Serves one bank's event log over HTTP (the API, the
// live feed, the web UI) until SIGTERM; the same as `prospekt serve`. See serve.h for
// the settings, the shutdown order and the exit codes.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "engine/app/serve.h"

int main(int argc, char** argv) {
  CLI::App cli{"prospektd: the Prospekt server (HTTP API, live feed, web UI) for one event log"};
  prospekt::app::ServeFlags flags;
  prospekt::app::AddServeFlags(cli, flags);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return cli.exit(error);
    std::fprintf(stderr, "prospektd: invalid_argument: %s\n", error.what());
    return 2;
  }
  prospekt::Result<prospekt::app::ServeConfig> config = prospekt::app::ResolveServeConfig(flags);
  if (!config.ok()) {
    std::fprintf(stderr, "prospektd: %s\n", config.status().ToString().c_str());
    return 2;
  }
  return prospekt::app::RunServe(*config);
}
