#include "capi/support.hpp"

using namespace mend::capi;

extern "C" {

int mend_catalog_get_json(char** out, mend_db* db) {
    if (!db) {
        if (out) *out = nullptr;
        return guarded(nullptr, [&] {
            need(out, "out");
            *out = dup_string(mend::Practice::builtin_catalog_json().dump());
        });
    }
    return json_out(out, db, [&](mend::Practice& p) { return p.catalog_json(); });
}

} // extern "C"
