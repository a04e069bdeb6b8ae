#include "capi/support.hpp"

using namespace mend::capi;

namespace {
mend::ReportOptions options_from(const mend_report_options* in, std::string& format) {
    const mend_report_options ov = versioned(in, "opts");
    const mend_report_options* o = &ov;
    mend::ReportOptions r;
    r.kind = text(o->kind, "kind");
    format = text(o->format, "format");
    r.case_id = o->case_id;
    r.clinician_id = o->clinician_id;
    r.release_id = o->release_id;
    r.from = optional_text(o->from);
    r.to = optional_text(o->to);
    r.generated_on = optional_text(o->generated_on);
    r.include_note_text = o->include_note_text != 0;
    r.overdue_weeks = o->overdue_weeks;
    return r;
}
} // namespace

extern "C" {

int mend_report_render(char** out, mend_db* db, const mend_report_options* opts) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        std::string format;
        auto o = options_from(opts, format);
        *out = dup_string(practice(db).render_report(o, format));
    });
}

int mend_report_write(mend_db* db, const mend_report_options* opts, const char* path) {
    return guarded(db, [&] {
        std::string target = text(path, "path");
        std::string format;
        auto o = options_from(opts, format);
        practice(db).write_report(o, format, target);
    });
}

int mend_release_create(int64_t* out, mend_db* db, const mend_release_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        const mend_release_fields fv = versioned(fields, "fields");
        const mend_release_fields* f = &fv;
        mend::store::Release r;
        r.case_id = f->case_id;
        r.for_client_id = f->for_client_id;
        r.recipient = text(f->recipient, "recipient");
        r.purpose = text(f->purpose, "purpose");
        r.expires_on = text(f->expires_on, "expires_on");
        *out = practice(db).create_release(r);
    });
}

int mend_release_authorise(mend_db* db, int64_t release_id, int64_t client_id) {
    return guarded(db, [&] { practice(db).authorise_release(release_id, client_id); });
}

int mend_release_accounting_json(char** out, mend_db* db, int64_t client_id) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.release_accounting_json(client_id); });
}

} // extern "C"
