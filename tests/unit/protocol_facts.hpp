// Facts shared by the unit tests of the protocol engine and of what is built
// on its evaluations (the CDS Hooks card).
#pragma once

#include "measures/builtin.hpp"
#include "protocol/evaluate.hpp"

namespace mend::protocol {

// A couple at the decision point with everything met but the trauma symptoms.
inline CaseFacts decision_point_facts() {
    CaseFacts f;
    f.case_id = 7;
    f.today = mend::parse_date("today", "2026-11-30");
    f.partners = {{1, "Jamie", "betrayed"}, {2, "Alex", "involved"}};
    f.phase = "decision_point";
    f.phase_entered_on = "2026-10-01";
    for (const auto& i : mend::measures::builtin_instruments())
        f.instruments[i.code] = i;
    f.attestations = {{1, 1, "relational_readiness", "yes", "", "2026-11-20"},
                      {2, 0, "decision", "committed_work", "", "2026-11-20"},
                      {3, 1, "conjoint_consent", "yes", "", "2026-08-01"},
                      {4, 2, "conjoint_consent", "yes", "", "2026-08-01"},
                      {5, 1, "relational_consent", "yes", "", "2026-10-05"},
                      {6, 2, "relational_consent", "yes", "", "2026-10-05"}};
    f.agreements = {{8, "boundary", "active", "2026-09-01", {}}};
    f.series[{1, "felt_safety"}] = {
        {50, "2026-11-25", mend::parse_date("d", "2026-11-25").days_since_epoch(), 7.0}};
    f.screens = {{1, 1, "none", "none", "2026-11-01"}, {2, 2, "none", "none", "2026-11-01"}};
    return f;
}

} // namespace mend::protocol
