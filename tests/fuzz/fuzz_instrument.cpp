// libFuzzer harness: an instrument definition as a practice loads its own
// (instrument_from_json_text). Checks: bad input is refused with mend::Error
// only; an accepted definition round-trips through its JSON, and scoring it
// (every item at its lowest option, then every item missing) never fails
// other than with mend::Error.
#include "harness.hpp"
#include "measures/definition_json.hpp"
#include "measures/scoring.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    fuzz::refused_only_with_mend_error("instrument", [&] {
        auto in = measures::instrument_from_json_text(fuzz::text_of(data, size));
        auto j = measures::to_json(in);
        (void)measures::summary_json(in);
        fuzz::require_same("instrument: JSON round trip", j,
                           measures::to_json(measures::instrument_from_json(j)));
        std::vector<measures::Answer> lowest(in.items.size(), 0);
        fuzz::refused_only_with_mend_error(
            "instrument score", [&] { (void)measures::to_json(measures::score(in, lowest, "")); });
        std::vector<measures::Answer> missing(in.items.size());
        fuzz::refused_only_with_mend_error("instrument score", [&] {
            (void)measures::to_json(measures::score(in, missing, "prorate"));
        });
    });
    return 0;
}
