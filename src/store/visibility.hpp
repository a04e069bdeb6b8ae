// SQL fragments for what a clinician may see. Fixed text with named
// placeholders; each binds the viewer's id to :v1, :v2, :v3 in order.
#pragma once

namespace mend::store {

// A clinician sees a client (alias `c`) they registered or one on a case they
// lead, individually or as a partner of a couple in a conjoint case.
inline const char* const client_visible_sql =
    "(c.created_by = :v1"
    " OR EXISTS (SELECT 1 FROM care_case k WHERE k.primary_clinician_id = :v2"
    "            AND k.client_id = c.id)"
    " OR EXISTS (SELECT 1 FROM care_case k JOIN couple p ON p.id = k.couple_id"
    "            WHERE k.primary_clinician_id = :v3"
    "            AND (p.client_a_id = c.id OR p.client_b_id = c.id)))";

} // namespace mend::store
