// libFuzzer harness: a protocol definition as a practice loads its own
// (mend_protocol_load's JSON, protocol_from_json_text). Checks: bad input is
// refused with mend::Error only; a definition accepted once is accepted again
// from its own JSON and writes the same JSON (no state lost or invented).
#include "harness.hpp"
#include "protocol/protocol_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    fuzz::refused_only_with_mend_error("protocol", [&] {
        auto p = protocol::protocol_from_json_text(fuzz::text_of(data, size));
        auto j = protocol::to_json(p);
        (void)protocol::summary_json(p);
        fuzz::require_same("protocol: JSON round trip", j,
                           protocol::to_json(protocol::protocol_from_json(j)));
    });
    return 0;
}
