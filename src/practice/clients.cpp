// Clients: registered by any clinician, seen by those who treat them.
#include "domain/error.hpp"
#include "domain/rules.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

namespace mend {

Id Practice::create_client(const ClientPatch& p) {
    Client c;
    apply(c, p);
    validate(c, today());
    Id id = 0;
    run([&] {
        c.created_by = actor().id;
        check_external_id_free("client", c.external_id, 0);
        c.created_at = c.updated_at = now_iso();
        id = store::insert_client(*db_, c);
        audit("create", "client", id);
    });
    return id;
}

void Practice::update_client(Id id, const ClientPatch& p) {
    run([&] {
        Client c = visible_client("update", id);
        if (c.archived) fail(Errc::state, "that client is archived");
        apply(c, p);
        validate(c, today());
        check_external_id_free("client", c.external_id, id);
        c.updated_at = now_iso();
        store::update_client(*db_, c);
        audit("update", "client", id);
    });
}

void Practice::archive_client(Id id) {
    run([&] {
        Client c = visible_client("archive", id);
        if (c.archived) return;
        c.archived = true;
        c.updated_at = now_iso();
        store::update_client(*db_, c);
        audit("archive", "client", id);
    });
}

Client Practice::get_client(Id id) {
    std::optional<Client> c;
    read([&] {
        actor();
        c = visible_client("read", id);
        audit("read", "client", id);
    });
    return *c;
}

Client Practice::get_client_external(const std::string& external_id) {
    check_text("external_id", external_id, max_short_text);
    std::optional<Client> c;
    read([&] {
        actor();
        auto id = store::find_client_id_by_external(*db_, external_id);
        Sought sought{"client", id.value_or(0), "no client has that external id"};
        if (!id) not_found("read", sought);
        c = visible_client("read", *id, sought);
        audit("read", "client", *id);
    });
    return *c;
}

std::vector<Id> Practice::find_clients_by_name(const std::string& given_name,
                                               const std::string& family_name) {
    check_text("given_name", given_name, max_short_text, true);
    check_text("family_name", family_name, max_short_text, true);
    std::vector<Id> out;
    read([&] {
        actor();
        for (Id id : store::find_client_ids_by_name(*db_, given_name, family_name))
            if (sees_client(id)) {
                out.push_back(id);
                audit("read", "client", id);
            }
    });
    return out;
}

std::vector<Client> Practice::list_clients(const ListOptions& o) {
    std::vector<Client> out;
    read([&] {
        out = store::list_clients(*db_, viewer(), {o.after_id, o.limit, o.include_archived});
        for (const auto& c : out)
            audit("read", "client", c.id);
    });
    return out;
}

} // namespace mend
