# One place for warnings and sanitizers, applied to Prospekt's own targets only
# (generated Cap'n Proto code gets the warnings it can live with, see events/).
add_library(prospekt_warnings INTERFACE)
target_compile_options(prospekt_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
# GCC 12 reports false -Wrestrict overlaps inside std::string at -O3 (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(prospekt_warnings INTERFACE -Wno-restrict)
endif()
if(PROSPEKT_WERROR)
  target_compile_options(prospekt_warnings INTERFACE -Werror)
endif()

if(PROSPEKT_SANITIZE)
  # Applied globally so every object, test and helper binary shares one runtime.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # The sanitized build is the test build that every CI run compiles from scratch. At
  # -O1 with line tables only (-g1, enough for the sanitizers' stack traces) it compiles
  # in about half the CPU time of RelWithDebInfo's -O2 -g (engine/server/internal/
  # session.cc: 106 s instead of 220 s); -O1 is also what ASan's documentation advises.
  if(CMAKE_BUILD_TYPE STREQUAL "RelWithDebInfo")
    add_compile_options(-O1 -g1)
  endif()
  # GCC 12 reports false "may be used uninitialized" inside libstdc++ (std::regex,
  # std::function) when ASan instruments it at -O2; the warning stays on elsewhere.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

if(PROSPEKT_FUZZ)
  # Coverage instrumentation for everything the fuzz targets reach (clang only).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
