#include "capi/support.hpp"

using namespace mend::capi;

extern "C" {

int mend_emergency_open(int64_t* out, mend_db* db, int64_t client_id, const char* reason,
                        int minutes) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).open_emergency(client_id, text(reason, "reason"), minutes);
    });
}

int mend_emergency_list_json(char** out, mend_db* db) {
    return json_out(out, db, [&](mend::Practice& p) { return p.emergency_report_json(); });
}

int mend_emergency_reason_min(int* out, mend_db* db) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).emergency_reason_min();
    });
}

int mend_emergency_set_reason_min(mend_db* db, int characters) {
    return guarded(db, [&] { practice(db).set_emergency_reason_min(characters); });
}

} // extern "C"
