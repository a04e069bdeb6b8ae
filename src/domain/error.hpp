// The library's one exception type. It never crosses the C boundary: the
// shims in src/capi turn it into an error code and message.
#pragma once

#include <stdexcept>
#include <string>

namespace mend {

// Values match the MEND_E* codes of include/mend/errors.h.
enum class Errc {
    generic = -1,
    invalid = -2,
    encoding = -3,
    not_found = -4,
    denied = -5,
    no_actor = -6,
    exists = -7,
    constraint = -8,
    schema = -9,
    busy = -10,
    no_memory = -11,
    store = -12,
    state = -13,
    gate = -14,
    conflict = -15,
    key = -16,
    connection = -17,
};

// Messages must never carry client data: hosts log them.
class Error : public std::runtime_error {
  public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Errc code() const noexcept { return code_; }

  private:
    Errc code_;
};

[[noreturn]] inline void fail(Errc code, const std::string& message) {
    throw Error(code, message);
}

} // namespace mend
