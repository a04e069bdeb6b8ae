#include "capi/support.hpp"

using namespace mend::capi;

struct mend_client_iter {
    Pager<mend::Client> pager;
};

namespace {
mend::ClientPatch patch_from(const mend_client_fields* fields) {
    const mend_client_fields fv = versioned(fields, "fields");
    const mend_client_fields* f = &fv;
    mend::ClientPatch p;
    p.external_id = change(f->external_id);
    p.given_name = change(f->given_name);
    p.family_name = change(f->family_name);
    p.preferred_name = change(f->preferred_name);
    p.pronouns = change(f->pronouns);
    p.date_of_birth = change(f->date_of_birth);
    p.email = change(f->email);
    p.phone = change(f->phone);
    return p;
}
} // namespace

extern "C" {

int mend_client_create(int64_t* out, mend_db* db, const mend_client_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_client(patch_from(fields));
    });
}

int mend_client_update(mend_db* db, int64_t id, const mend_client_fields* fields) {
    return guarded(db, [&] { practice(db).update_client(id, patch_from(fields)); });
}

int mend_client_archive(mend_db* db, int64_t id) {
    return guarded(db, [&] { practice(db).archive_client(id); });
}

int mend_client_get(mend_client** out, mend_db* db, int64_t id) {
    return get_record(out, db, [&](mend::Practice& p) { return p.get_client(id); });
}

int mend_client_get_external(mend_client** out, mend_db* db, const char* external_id) {
    return get_record(out, db, [&](mend::Practice& p) {
        return p.get_client_external(text(external_id, "external_id"));
    });
}

int mend_client_to_json(char** out, const mend_client* c) {
    return record_json(out, c);
}
void mend_client_free(mend_client* c) {
    delete c;
}

int64_t mend_client_id(const mend_client* c) {
    return c ? c->rec.id : 0;
}
const char* mend_client_external_id(const mend_client* c) {
    return c ? cstr(c->rec.external_id) : nullptr;
}
const char* mend_client_given_name(const mend_client* c) {
    return c ? cstr(c->rec.given_name) : nullptr;
}
const char* mend_client_family_name(const mend_client* c) {
    return c ? cstr(c->rec.family_name) : nullptr;
}
const char* mend_client_preferred_name(const mend_client* c) {
    return c ? cstr(c->rec.preferred_name) : nullptr;
}
const char* mend_client_pronouns(const mend_client* c) {
    return c ? cstr(c->rec.pronouns) : nullptr;
}
const char* mend_client_date_of_birth(const mend_client* c) {
    return c ? cstr(c->rec.date_of_birth) : nullptr;
}
const char* mend_client_email(const mend_client* c) {
    return c ? cstr(c->rec.email) : nullptr;
}
const char* mend_client_phone(const mend_client* c) {
    return c ? cstr(c->rec.phone) : nullptr;
}
int mend_client_is_archived(const mend_client* c) {
    return c && c->rec.archived ? 1 : 0;
}
const char* mend_client_created_at(const mend_client* c) {
    return c ? cstr(c->rec.created_at) : nullptr;
}
const char* mend_client_updated_at(const mend_client* c) {
    return c ? cstr(c->rec.updated_at) : nullptr;
}

int mend_client_iter_new(mend_client_iter** out, mend_db* db,
                         const mend_client_list_options* opts) {
    return iter_new(out, db, [&](mend_client_iter& it) {
        if (!opts) return;
        const mend_client_list_options o = versioned(opts, "opts");
        it.pager.options.include_archived = o.include_archived != 0;
    });
}

int mend_client_iter_next(mend_client** out, mend_client_iter* it) {
    return iter_next(out, it, [&](const mend::ListOptions& o) {
        return practice(it->pager.db).list_clients(o);
    });
}

void mend_client_iter_free(mend_client_iter* it) {
    delete it;
}

} // extern "C"
