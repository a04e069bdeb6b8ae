// The struct version table of src/capi (capi/struct_versions.hpp) on a struct
// that really has two versions, as every public struct will once it grows: a
// version 1 host's struct is shorter than the library's, and neither
// versioned() (how every shim reads) nor init_versioned() (every
// mend_*_init()) touches a byte past version 1, while a version 2 host gets
// every field.
#include "capi/struct_versions.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>

namespace {
// Version 1 ends at `name`; version 2 added `limit` (in version 1's tail
// padding) and `label`.
struct demo_options {
    unsigned int version;
    int64_t id;
    const char* name;
    int limit;
    const char* label;
};
} // namespace

#define DEMO_OPTIONS_VERSION 2
#define DEMO_OPTIONS_INIT                                                                          \
    { DEMO_OPTIONS_VERSION, 7, "seven", 50, "default label" }

namespace mend::capi {
MEND_STRUCT_VERSIONS(demo_options, DEMO_OPTIONS_VERSION, DEMO_OPTIONS_INIT,
                     MEND_FIELDS_END(demo_options, name), MEND_FIELDS_END(demo_options, label));
} // namespace mend::capi

using mend::capi::init_versioned;
using mend::capi::versioned;
using mend_test::error_of;
using mend_test::message_of;

namespace {
constexpr std::size_t v1_size = MEND_FIELDS_END(demo_options, name);
constexpr unsigned char fill = 0xA5;

// A version 1 host's struct followed by guard bytes.
union Host {
    demo_options full; // only for alignment and size
    unsigned char bytes[sizeof(demo_options) + 64];
};
} // namespace

TEST_CASE("a version 1 host: init writes and shims read only version 1's bytes", "[capi][abi]") {
    static_assert(v1_size < sizeof(demo_options), "the demo's version 1 is smaller");
    Host h;
    std::memset(h.bytes, fill, sizeof h.bytes);
    auto* s = reinterpret_cast<demo_options*>(h.bytes);

    init_versioned(s, 1);
    CHECK(s->version == 1);
    CHECK(s->id == 7);
    CHECK(std::strcmp(s->name, "seven") == 0);
    for (std::size_t i = v1_size; i < sizeof h.bytes; ++i)
        CHECK(h.bytes[i] == fill);

    // The bytes past version 1 are the host's own (here 0xA5 garbage): the
    // copy the shim reads has the defaults there instead.
    s->id = 42;
    demo_options r = versioned(s, "opts");
    CHECK(r.version == 1);
    CHECK(r.id == 42);
    CHECK(std::strcmp(r.name, "seven") == 0);
    CHECK(r.limit == 50);
    CHECK(std::strcmp(r.label, "default label") == 0);
    for (std::size_t i = v1_size; i < sizeof h.bytes; ++i)
        CHECK(h.bytes[i] == fill);
}

TEST_CASE("a version 2 host gets every field", "[capi][abi]") {
    demo_options s;
    std::memset(&s, fill, sizeof s);
    init_versioned(&s, 2);
    CHECK(s.version == 2);
    CHECK(s.limit == 50);
    CHECK(std::strcmp(s.label, "default label") == 0);
    s.limit = 9;
    s.label = "mine";
    demo_options r = versioned(&s, "opts");
    CHECK(r.limit == 9);
    CHECK(std::strcmp(r.label, "mine") == 0);
}

TEST_CASE("unknown versions and NULL are refused and write nothing", "[capi][abi]") {
    Host h;
    std::memset(h.bytes, fill, sizeof h.bytes);
    auto* s = reinterpret_cast<demo_options*>(h.bytes);
    CHECK(error_of([&] { init_versioned(s, 3); }) == mend::Errc::invalid);
    CHECK(error_of([&] { init_versioned(s, 0); }) == mend::Errc::invalid);
    CHECK(error_of([&] { init_versioned<demo_options>(nullptr, 1); }) == mend::Errc::invalid);
    for (unsigned char b : h.bytes)
        CHECK(b == fill);

    s->version = 3;
    CHECK(message_of([&] { versioned(s, "opts"); }) ==
          "demo_options has version 3, newer than this library knows (newest 2); use "
          "DEMO_OPTIONS_INIT");
    s->version = 0;
    CHECK(error_of([&] { versioned(s, "opts"); }) == mend::Errc::invalid);
    CHECK(error_of([&] { versioned<demo_options>(nullptr, "opts"); }) == mend::Errc::invalid);
}
