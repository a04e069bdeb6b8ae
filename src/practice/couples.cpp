// Couples: two clients the actor may see, with their confidentiality policy.
#include "domain/error.hpp"
#include "domain/rules.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

namespace mend {

Id Practice::create_couple(const CouplePatch& p) {
    Couple c;
    apply(c, p, true);
    validate(c, today());
    Id id = 0;
    run([&] {
        for (Id partner : {c.client_a_id, c.client_b_id}) {
            Client client = visible_client("create", partner);
            if (client.archived) fail(Errc::state, "an archived client cannot join a couple");
        }
        c.created_by = actor().id;
        check_external_id_free("couple", c.external_id, 0);
        c.created_at = c.updated_at = now_iso();
        id = store::insert_couple(*db_, c);
        audit("create", "couple", id);
    });
    return id;
}

void Practice::update_couple(Id id, const CouplePatch& p) {
    run([&] {
        Couple c = visible_couple("update", id);
        if (c.archived) fail(Errc::state, "that couple is archived");
        apply(c, p, false);
        validate(c, today());
        check_external_id_free("couple", c.external_id, id);
        c.updated_at = now_iso();
        store::update_couple(*db_, c);
        audit("update", "couple", id);
    });
}

void Practice::archive_couple(Id id) {
    run([&] {
        Couple c = visible_couple("archive", id);
        if (c.archived) return;
        c.archived = true;
        c.updated_at = now_iso();
        store::update_couple(*db_, c);
        audit("archive", "couple", id);
    });
}

Couple Practice::get_couple(Id id) {
    std::optional<Couple> c;
    read([&] {
        actor();
        c = visible_couple("read", id);
        audit("read", "couple", id);
    });
    return *c;
}

Couple Practice::get_couple_external(const std::string& external_id) {
    check_text("external_id", external_id, max_short_text);
    std::optional<Couple> c;
    read([&] {
        actor();
        auto id = store::find_couple_id_by_external(*db_, external_id);
        Sought sought{"couple", id.value_or(0), "no couple has that external id"};
        if (!id) not_found("read", sought);
        c = visible_couple("read", *id, sought);
        audit("read", "couple", *id);
    });
    return *c;
}

std::vector<Couple> Practice::list_couples(const ListOptions& o, Id client_id) {
    if (client_id < 0) fail(Errc::invalid, "client_id must not be negative");
    std::vector<Couple> out;
    read([&] {
        out = store::list_couples(*db_, viewer(), {o.after_id, o.limit, o.include_archived},
                                  client_id);
        for (const auto& c : out)
            audit("read", "couple", c.id);
    });
    return out;
}

} // namespace mend
