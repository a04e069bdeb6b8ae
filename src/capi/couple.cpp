#include "capi/support.hpp"

using namespace mend::capi;

struct mend_couple_iter {
    Pager<mend::Couple> pager;
    mend::Id client_id = 0;
};

namespace {
mend::CouplePatch patch_from(const mend_couple_fields* fields) {
    const mend_couple_fields fv = versioned(fields, "fields");
    const mend_couple_fields* f = &fv;
    mend::CouplePatch p;
    p.client_a_id = f->client_a_id;
    p.client_b_id = f->client_b_id;
    p.relationship_status = change(f->relationship_status);
    p.relationship_start = change(f->relationship_start);
    if (f->children_in_household != -1) p.children_in_household = f->children_in_household;
    p.secrets_policy = change(f->secrets_policy);
    p.external_id = change(f->external_id);
    return p;
}
} // namespace

extern "C" {

int mend_couple_create(int64_t* out, mend_db* db, const mend_couple_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        *out = practice(db).create_couple(patch_from(fields));
    });
}

int mend_couple_update(mend_db* db, int64_t id, const mend_couple_fields* fields) {
    return guarded(db, [&] { practice(db).update_couple(id, patch_from(fields)); });
}

int mend_couple_archive(mend_db* db, int64_t id) {
    return guarded(db, [&] { practice(db).archive_couple(id); });
}

int mend_couple_get(mend_couple** out, mend_db* db, int64_t id) {
    return get_record(out, db, [&](mend::Practice& p) { return p.get_couple(id); });
}

int mend_couple_get_external(mend_couple** out, mend_db* db, const char* external_id) {
    return get_record(out, db, [&](mend::Practice& p) {
        return p.get_couple_external(text(external_id, "external_id"));
    });
}

int mend_couple_to_json(char** out, const mend_couple* c) {
    return record_json(out, c);
}
void mend_couple_free(mend_couple* c) {
    delete c;
}

int64_t mend_couple_id(const mend_couple* c) {
    return c ? c->rec.id : 0;
}
int64_t mend_couple_client_a_id(const mend_couple* c) {
    return c ? c->rec.client_a_id : 0;
}
int64_t mend_couple_client_b_id(const mend_couple* c) {
    return c ? c->rec.client_b_id : 0;
}
const char* mend_couple_relationship_status(const mend_couple* c) {
    return c ? cstr(c->rec.relationship_status) : nullptr;
}
const char* mend_couple_relationship_start(const mend_couple* c) {
    return c ? cstr(c->rec.relationship_start) : nullptr;
}
int mend_couple_children_in_household(const mend_couple* c) {
    return c && c->rec.children_in_household ? *c->rec.children_in_household : -1;
}
const char* mend_couple_secrets_policy(const mend_couple* c) {
    return c ? cstr(c->rec.secrets_policy) : nullptr;
}
const char* mend_couple_external_id(const mend_couple* c) {
    return c ? cstr(c->rec.external_id) : nullptr;
}
int mend_couple_is_archived(const mend_couple* c) {
    return c && c->rec.archived ? 1 : 0;
}
const char* mend_couple_created_at(const mend_couple* c) {
    return c ? cstr(c->rec.created_at) : nullptr;
}
const char* mend_couple_updated_at(const mend_couple* c) {
    return c ? cstr(c->rec.updated_at) : nullptr;
}

int mend_couple_iter_new(mend_couple_iter** out, mend_db* db,
                         const mend_couple_list_options* opts) {
    return iter_new(out, db, [&](mend_couple_iter& it) {
        if (!opts) return;
        const mend_couple_list_options o = versioned(opts, "opts");
        it.pager.options.include_archived = o.include_archived != 0;
        it.client_id = o.client_id;
    });
}

int mend_couple_iter_next(mend_couple** out, mend_couple_iter* it) {
    return iter_next(out, it, [&](const mend::ListOptions& o) {
        return practice(it->pager.db).list_couples(o, it->client_id);
    });
}

void mend_couple_iter_free(mend_couple_iter* it) {
    delete it;
}

} // extern "C"
