#include "capi/support.hpp"

using namespace mend::capi;

struct mend_clinician_iter {
    Pager<mend::Clinician> pager;
};

namespace {
mend::ClinicianPatch patch_from(const mend_clinician_fields* fields) {
    const mend_clinician_fields fv = versioned(fields, "fields");
    const mend_clinician_fields* f = &fv;
    mend::ClinicianPatch p;
    p.display_name = change(f->display_name);
    p.credentials = change(f->credentials);
    p.role = change(f->role);
    p.external_id = change(f->external_id);
    p.npi = change(f->npi);
    return p;
}
} // namespace

extern "C" {

int mend_practice_init(int64_t* out, mend_db* db, const char* practice_name,
                       const mend_clinician_fields* admin) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).init(text(practice_name, "practice_name"), patch_from(admin));
    });
}

int mend_clinician_create(int64_t* out, mend_db* db, const mend_clinician_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_clinician(patch_from(fields));
    });
}

int mend_clinician_update(mend_db* db, int64_t id, const mend_clinician_fields* fields) {
    return guarded(db, [&] { practice(db).update_clinician(id, patch_from(fields)); });
}

int mend_clinician_archive(mend_db* db, int64_t id) {
    return guarded(db, [&] { practice(db).archive_clinician(id); });
}

int mend_clinician_get(mend_clinician** out, mend_db* db, int64_t id) {
    return get_record(out, db, [&](mend::Practice& p) { return p.get_clinician(id); });
}

int mend_clinician_get_external(mend_clinician** out, mend_db* db, const char* external_id) {
    return get_record(out, db, [&](mend::Practice& p) {
        return p.get_clinician_external(text(external_id, "external_id"));
    });
}

int mend_clinician_to_json(char** out, const mend_clinician* c) {
    return record_json(out, c);
}
void mend_clinician_free(mend_clinician* c) {
    delete c;
}

int64_t mend_clinician_id(const mend_clinician* c) {
    return c ? c->rec.id : 0;
}
const char* mend_clinician_display_name(const mend_clinician* c) {
    return c ? cstr(c->rec.display_name) : nullptr;
}
const char* mend_clinician_credentials(const mend_clinician* c) {
    return c ? cstr(c->rec.credentials) : nullptr;
}
const char* mend_clinician_npi(const mend_clinician* c) {
    return c ? cstr(c->rec.npi) : nullptr;
}
const char* mend_clinician_role(const mend_clinician* c) {
    return c ? cstr(c->rec.role) : nullptr;
}
const char* mend_clinician_external_id(const mend_clinician* c) {
    return c ? cstr(c->rec.external_id) : nullptr;
}
int mend_clinician_is_archived(const mend_clinician* c) {
    return c && c->rec.archived ? 1 : 0;
}
const char* mend_clinician_created_at(const mend_clinician* c) {
    return c ? cstr(c->rec.created_at) : nullptr;
}
const char* mend_clinician_updated_at(const mend_clinician* c) {
    return c ? cstr(c->rec.updated_at) : nullptr;
}

int mend_clinician_iter_new(mend_clinician_iter** out, mend_db* db,
                            const mend_clinician_list_options* opts) {
    return iter_new(out, db, [&](mend_clinician_iter& it) {
        if (!opts) return;
        const mend_clinician_list_options o = versioned(opts, "opts");
        it.pager.options.include_archived = o.include_archived != 0;
    });
}

int mend_clinician_iter_next(mend_clinician** out, mend_clinician_iter* it) {
    return iter_next(out, it, [&](const mend::ListOptions& o) {
        return practice(it->pager.db).list_clinicians(o);
    });
}

void mend_clinician_iter_free(mend_clinician_iter* it) {
    delete it;
}

} // extern "C"
