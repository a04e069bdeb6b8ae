// Catch2 v2's own main() for the report renderer tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
