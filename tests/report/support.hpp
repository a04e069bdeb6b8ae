// Helpers for the report tests: fixtures on disk, which mend::Error a call throws.
#pragma once

#include "domain/error.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace report_test {

inline std::string golden_dir() {
    return MEND_REPORT_GOLDEN_DIR;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline nlohmann::json fixture(const std::string& name) {
    return nlohmann::json::parse(read_file(golden_dir() + "/" + name + ".json"));
}

// The mend::Error f throws: its code and message (nullopt when none).
struct Thrown {
    mend::Errc code;
    std::string message;
};

template <class F> std::optional<Thrown> thrown_by(F&& f) {
    try {
        f();
    } catch (const mend::Error& e) {
        return Thrown{e.code(), e.what()};
    }
    return std::nullopt;
}

} // namespace report_test
