// Helpers for the unit tests: which mend::Error a call throws.
#pragma once

#include "domain/error.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace mend {
inline std::ostream& operator<<(std::ostream& os, Errc e) {
    return os << "Errc(" << static_cast<int>(e) << ")";
}
} // namespace mend

namespace mend_test {

// The code of the mend::Error that f throws; nullopt when it throws none.
template <class F> std::optional<mend::Errc> error_of(F&& f) {
    try {
        f();
    } catch (const mend::Error& e) {
        return e.code();
    }
    return std::nullopt;
}

// The message of the mend::Error that f throws ("" when none).
template <class F> std::string message_of(F&& f) {
    try {
        f();
    } catch (const mend::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace mend_test

namespace Catch {
template <> struct StringMaker<std::optional<mend::Errc>> {
    static std::string convert(const std::optional<mend::Errc>& e) {
        return e ? "Errc(" + std::to_string(static_cast<int>(*e)) + ")" : "no error";
    }
};
} // namespace Catch
