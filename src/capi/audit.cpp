#include "capi/support.hpp"

using namespace mend::capi;

static_assert(MEND_AUDIT_REPORT_JSON == mend::audit_report_json &&
                  MEND_AUDIT_REPORT_CSV == mend::audit_report_csv,
              "the audit report formats of mend/audit.h are the facade's");

extern "C" {

int mend_audit_list_json(char** out, mend_db* db, int64_t after_seq, int limit) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(practice(db).audit_json(after_seq, limit));
    });
}

int mend_audit_report_render(char** out, mend_db* db, const mend_audit_report_options* opts) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        mend_audit_report_options o = MEND_AUDIT_REPORT_OPTIONS_INIT;
        if (opts) o = versioned(opts, "opts");
        mend::AuditReportOptions r;
        r.client_id = o.client_id;
        r.actor_id = o.actor_id;
        r.from = optional_text(o.from);
        r.to = optional_text(o.to);
        r.format = o.format;
        r.after_seq = o.after_seq;
        r.limit = o.limit;
        *out = dup_string(practice(db).audit_report(r));
    });
}

int mend_audit_checkpoint(char** out, mend_db* db) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(practice(db).audit_checkpoint());
    });
}

int mend_audit_verify_json(char** out, mend_db* db, const char* checkpoint) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(practice(db).verify_audit_json(optional_text(checkpoint)).dump());
    });
}

} // extern "C"
