#include "capi/support.hpp"

using namespace mend::capi;

struct mend_case_iter {
    Pager<mend::Case> pager;
    mend::store::CaseFilter filter;
};

namespace {
mend::CasePatch patch_from(const mend_case_fields* fields, bool creating) {
    const mend_case_fields fv = versioned(fields, "fields");
    const mend_case_fields* f = &fv;
    mend::CasePatch p;
    p.kind = change(f->kind);
    p.client_id = f->client_id;
    p.couple_id = f->couple_id;
    p.primary_clinician_id = f->primary_clinician_id;
    p.opened_on = change(f->opened_on);
    p.closed_on = change(f->closed_on);
    p.status = change(f->status);
    p.external_id = change(f->external_id);
    // linked_case_id: 0 leaves it (none on create); -1 clears it on update.
    if (f->linked_case_id > 0)
        p.linked_case_id = f->linked_case_id;
    else if (f->linked_case_id == -1 && !creating)
        p.linked_case_id = 0;
    else if (f->linked_case_id != 0)
        mend::fail(mend::Errc::invalid, "linked_case_id must be a case id, 0, or -1 to clear");
    return p;
}
} // namespace

extern "C" {

int mend_case_create(int64_t* out, mend_db* db, const mend_case_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_case(patch_from(fields, true));
    });
}

int mend_case_update(mend_db* db, int64_t id, const mend_case_fields* fields) {
    return guarded(db, [&] { practice(db).update_case(id, patch_from(fields, false)); });
}

int mend_case_archive(mend_db* db, int64_t id) {
    return guarded(db, [&] { practice(db).archive_case(id); });
}

int mend_case_get(mend_case** out, mend_db* db, int64_t id) {
    return get_record(out, db, [&](mend::Practice& p) { return p.get_case(id); });
}

int mend_case_get_external(mend_case** out, mend_db* db, const char* external_id) {
    return get_record(out, db, [&](mend::Practice& p) {
        return p.get_case_external(text(external_id, "external_id"));
    });
}

int mend_case_to_json(char** out, const mend_case* c) {
    return record_json(out, c);
}
void mend_case_free(mend_case* c) {
    delete c;
}

int64_t mend_case_id(const mend_case* c) {
    return c ? c->rec.id : 0;
}
const char* mend_case_kind(const mend_case* c) {
    return c ? cstr(c->rec.kind) : nullptr;
}
int64_t mend_case_client_id(const mend_case* c) {
    return c ? c->rec.client_id : 0;
}
int64_t mend_case_couple_id(const mend_case* c) {
    return c ? c->rec.couple_id : 0;
}
int64_t mend_case_primary_clinician_id(const mend_case* c) {
    return c ? c->rec.primary_clinician_id : 0;
}
const char* mend_case_opened_on(const mend_case* c) {
    return c ? cstr(c->rec.opened_on) : nullptr;
}
const char* mend_case_closed_on(const mend_case* c) {
    return c ? cstr(c->rec.closed_on) : nullptr;
}
const char* mend_case_status(const mend_case* c) {
    return c ? cstr(c->rec.status) : nullptr;
}
int64_t mend_case_linked_case_id(const mend_case* c) {
    return c ? c->rec.linked_case_id : 0;
}
const char* mend_case_external_id(const mend_case* c) {
    return c ? cstr(c->rec.external_id) : nullptr;
}
int mend_case_is_archived(const mend_case* c) {
    return c && c->rec.archived ? 1 : 0;
}
const char* mend_case_created_at(const mend_case* c) {
    return c ? cstr(c->rec.created_at) : nullptr;
}
const char* mend_case_updated_at(const mend_case* c) {
    return c ? cstr(c->rec.updated_at) : nullptr;
}

int mend_case_iter_new(mend_case_iter** out, mend_db* db, const mend_case_list_options* opts) {
    return iter_new(out, db, [&](mend_case_iter& it) {
        if (!opts) return;
        const mend_case_list_options o = versioned(opts, "opts");
        it.pager.options.include_archived = o.include_archived != 0;
        it.filter = {o.client_id, o.couple_id, o.clinician_id};
    });
}

int mend_case_iter_next(mend_case** out, mend_case_iter* it) {
    return iter_next(out, it, [&](const mend::ListOptions& o) {
        return practice(it->pager.db).list_cases(o, it->filter);
    });
}

void mend_case_iter_free(mend_case_iter* it) {
    delete it;
}

} // extern "C"
