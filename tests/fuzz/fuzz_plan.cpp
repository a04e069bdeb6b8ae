// libFuzzer harness: a treatment plan's JSON (mend_plan_set's plan_json,
// protocol::validate_plan). Checks: bad input is refused with mend::Error
// only; an accepted plan, as stored, is accepted again unchanged.
#include "harness.hpp"
#include "protocol/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    fuzz::refused_only_with_mend_error("plan", [&] {
        auto plan = protocol::validate_plan(fuzz::text_of(data, size));
        fuzz::require_same("plan: the stored plan validated again", plan,
                           protocol::validate_plan(plan.dump()));
    });
    return 0;
}
