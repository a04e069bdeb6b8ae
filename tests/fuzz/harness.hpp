// Shared by the libFuzzer harnesses of tests/fuzz: the one rule each pure
// harness checks. Bad input may only ever be refused with mend::Error (the
// library's exception, which the C API turns into a MEND_E* code); any other
// exception escaping the code under test is a defect and aborts the run, as
// a crash, a leak or undefined behaviour does under the sanitizers.
#pragma once

#include "domain/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace mend::fuzz {

// The input as text (libFuzzer's bytes, not NUL-terminated).
inline std::string text_of(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `f`: mend::Error is an accepted refusal; anything else aborts.
template <class F> void refused_only_with_mend_error(const char* what, F&& f) {
    try {
        f();
    } catch (const mend::Error&) {
        // A clear refusal: what bad input must get.
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: escaped a non-mend exception: %s\n", what, e.what());
        std::abort();
    }
}

// An invariant: `again` (the value recomputed: read back from its own JSON,
// rendered twice) must equal `first`; otherwise says what differs and aborts.
template <class T> void require_same(const char* what, const T& first, const T& again) {
    if (again == first) return;
    std::fprintf(stderr, "%s differs\n", what);
    std::abort();
}

} // namespace mend::fuzz
