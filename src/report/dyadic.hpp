// The dyadic view of a couple report: asymmetries between the partners'
// trajectories, called out in a sentence a clinician reads. Pure: it takes
// the measure series as the report snapshot holds them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mend::report {

struct PartnerSeries {
    std::string name;                     // as the clinician knows them
    const nlohmann::json* pcl5 = nullptr; // a snapshot measure entry, or nullptr
    const nlohmann::json* csi4 = nullptr;
    // Every measure entry of this partner (pcl5 and csi4 among them).
    std::vector<const nlohmann::json*> all;
};

// The callouts, as the snapshot's "dyadic" array of {"kind", "sentence"}:
// - the involved partner's relationship satisfaction (CSI-4) rising while
//   the betrayed partner's trauma symptoms (PCL-5) stay at or above the
//   cut-off: trust needs the hurt partner to feel safe first, so emotional
//   intimacy is not yet a fair expectation (the trauma-first premise,
//   shared/reference/practice-systems-and-clinical-models.md, section 2.3);
// - one partner above the CSI-4 distress cut-off and the other below it;
// - the involved partner's own latest score in an instrument's clinical range
//   (CSI-4 aside, which the callout above covers): both partners can be
//   traumatised, and the involved partner's suffering is named too. The
//   range and the band label come from the entry ("clinical_range", the
//   point's "band"), never from here.
// The cut-offs are read from each series (PCL-5 33 by default, CSI-4 13.5,
// Funk & Rogge 2007), never restated here.
nlohmann::json dyadic_callouts(const PartnerSeries& betrayed, const PartnerSeries& involved);

} // namespace mend::report
