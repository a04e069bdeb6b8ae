#include "capi/support.hpp"

using namespace mend::capi;

extern "C" {

int mend_audit_list_json(char** out, mend_db* db, int64_t after_seq, int limit) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(practice(db).audit_json(after_seq, limit));
    });
}

} // extern "C"
