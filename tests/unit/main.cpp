// Catch2 v2's own main() for the unit tests of the pure rules.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
