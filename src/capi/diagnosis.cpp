#include "capi/support.hpp"

using namespace mend::capi;

namespace {
mend::DiagnosisPatch patch_from(const mend_diagnosis_fields* fields) {
    const mend_diagnosis_fields fv = versioned(fields, "fields");
    const mend_diagnosis_fields* f = &fv;
    mend::DiagnosisPatch p;
    p.case_id = f->case_id;
    p.client_id = f->client_id;
    p.code = change(f->code);
    p.rank = f->rank;
    p.onset_on = change(f->onset_on);
    p.resolved_on = change(f->resolved_on);
    p.allow_unlisted = f->allow_unlisted != 0;
    return p;
}
} // namespace

extern "C" {

int mend_diagnosis_create(int64_t* out, mend_db* db, const mend_diagnosis_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_diagnosis(patch_from(fields));
    });
}

int mend_diagnosis_update(mend_db* db, int64_t diagnosis_id, const mend_diagnosis_fields* fields) {
    return guarded(db, [&] { practice(db).update_diagnosis(diagnosis_id, patch_from(fields)); });
}

int mend_diagnosis_list_json(char** out, mend_db* db, int64_t case_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.diagnoses_json(case_id); });
}

} // extern "C"
