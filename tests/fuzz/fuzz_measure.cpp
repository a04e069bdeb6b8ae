// libFuzzer harness: measure item answers as the API takes them (an
// instrument code, one int per item with MEND_ITEM_MISSING for none, a
// missing-data policy, the practice's cut-off choices), scored by
// measures::score against each builtin instrument. Checks: refusals are
// mend::Error only (a wrong count, an answer out of range, an unknown policy).
#include "harness.hpp"
#include "measures/builtin.hpp"
#include "measures/scoring.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    FuzzedDataProvider in(data, size);
    const auto& all = measures::builtin_instruments();
    const auto& instrument = all[in.ConsumeIntegralInRange<std::size_t>(0, all.size() - 1)];
    static const char* const policies[] = {"", "complete", "prorate", "bogus"};
    std::string policy = policies[in.ConsumeIntegralInRange<int>(0, 3)];
    measures::CutoffChoices choices;
    for (const auto& c : instrument.cutoffs)
        if (in.ConsumeBool()) choices[c.code] = in.ConsumeFloatingPoint<double>();
    std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, instrument.items.size() + 2);
    std::vector<measures::Answer> answers;
    while (answers.size() < n) {
        switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0:
            answers.emplace_back(std::nullopt);
            break; // MEND_ITEM_MISSING
        case 1:
            answers.emplace_back(in.ConsumeIntegral<int>());
            break;
        default:
            answers.emplace_back(in.ConsumeIntegralInRange<int>(-1, 7));
            break;
        }
    }
    fuzz::refused_only_with_mend_error("measure", [&] {
        auto s = measures::score(instrument, answers, policy, choices);
        (void)measures::to_json(s);
    });
    return 0;
}
