// The practice's time zone and the handle's clock.
#include "capi/support.hpp"

using namespace mend::capi;

extern "C" {

int mend_practice_list_json(char** out, const char* where, const mend_open_options* opts) {
    if (out) *out = nullptr;
    return guarded(nullptr, [&] {
        need(out, "out");
        const std::string url = text(where, "where");
        *out = dup_string(mend::Practice::practices_json(url, open_options(opts, nullptr)).dump());
    });
}

int mend_practice_timezone(char** out, mend_db* db) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(practice(db).time_zone());
    });
}

int mend_practice_set_timezone(mend_db* db, const char* tz) {
    return guarded(db, [&] { practice(db).set_time_zone(text(tz, "tz")); });
}

int mend_practice_set_now(mend_db* db, const char* timestamp) {
    return guarded(db, [&] { practice(db).set_now(optional_text(timestamp)); });
}

int mend_practice_today(char** out, mend_db* db) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(practice(db).today().iso());
    });
}

} // extern "C"
