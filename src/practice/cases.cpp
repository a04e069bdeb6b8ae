// Cases: episodes of care, led by a primary clinician.
#include "domain/error.hpp"
#include "domain/rules.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

namespace mend {

// The links a case names must exist and fit: an active primary clinician,
// and for an individual case, a conjoint case of a couple the client is in.
// On update only what changed is checked (`before`): a case whose lead has
// since been archived can still be closed.
void Practice::check_case_links(const Case& c, const Case* before) {
    if (!before || before->primary_clinician_id != c.primary_clinician_id) {
        auto lead = store::find_clinician(*db_, c.primary_clinician_id);
        if (!lead) fail(Errc::not_found, "no clinician has that primary_clinician_id");
        if (lead->archived) fail(Errc::state, "an archived clinician cannot lead a case");
    }
    if (c.linked_case_id && (!before || before->linked_case_id != c.linked_case_id)) {
        if (c.linked_case_id == c.id) fail(Errc::invalid, "a case cannot link to itself");
        auto linked = store::find_case(*db_, c.linked_case_id);
        if (!linked) fail(Errc::not_found, "no case has that linked_case_id");
        if (linked->individual())
            fail(Errc::constraint, "an individual case links only to a conjoint case");
        auto couple = store::find_couple(*db_, linked->couple_id);
        if (!couple || !couple->has_partner(c.client_id))
            fail(Errc::constraint, "the linked conjoint case is not of a couple this client is in");
    }
}

Id Practice::create_case(const CasePatch& p) {
    Id id = 0;
    run([&] {
        Case c;
        c.primary_clinician_id = actor().id;
        // Dates mend fills in, and the latest a date may be, are today in
        // the practice's time zone.
        apply(c, p, true, today());
        validate(c, today());
        if (c.primary_clinician_id != actor().id && !actor().sees_everything())
            deny("create", "case", 0);
        if (c.individual()) {
            if (visible_client("create", c.client_id).archived)
                fail(Errc::state, "an archived client cannot open a case");
        } else if (visible_couple("create", c.couple_id).archived) {
            fail(Errc::state, "an archived couple cannot open a case");
        }
        check_case_links(c, nullptr);
        check_external_id_free("care_case", c.external_id, 0);
        c.created_by = actor().id;
        c.created_at = c.updated_at = now_iso();
        id = store::insert_case(*db_, c);
        audit("create", "case", id);
    });
    return id;
}

void Practice::update_case(Id id, const CasePatch& p) {
    run([&] {
        Case c = visible_case("update", id);
        if (c.archived) fail(Errc::state, "that case is archived");
        const Case before = c;
        apply(c, p, false, today());
        validate(c, today());
        // Handing a case to another clinician is a supervisor's or admin's call.
        if (c.primary_clinician_id != before.primary_clinician_id && !actor().sees_everything())
            deny("update", "case", id);
        check_case_links(c, &before);
        check_external_id_free("care_case", c.external_id, id);
        c.updated_at = now_iso();
        store::update_case(*db_, c);
        audit("update", "case", id);
    });
}

void Practice::archive_case(Id id) {
    run([&] {
        Case c = visible_case("archive", id);
        if (c.archived) return;
        c.archived = true;
        c.updated_at = now_iso();
        store::update_case(*db_, c);
        audit("archive", "case", id);
    });
}

Case Practice::get_case(Id id) {
    std::optional<Case> c;
    read([&] {
        actor();
        c = visible_case("read", id);
        audit("read", "case", id);
    });
    return *c;
}

Case Practice::get_case_external(const std::string& external_id) {
    check_text("external_id", external_id, max_short_text);
    std::optional<Case> c;
    read([&] {
        actor();
        auto id = store::find_case_id_by_external(*db_, external_id);
        Sought sought{"case", id.value_or(0), "no case has that external id"};
        if (!id) not_found("read", sought);
        c = visible_case("read", *id, sought);
        audit("read", "case", *id);
    });
    return *c;
}

std::vector<Case> Practice::list_cases(const ListOptions& o, const store::CaseFilter& filter) {
    if (filter.client_id < 0 || filter.couple_id < 0 || filter.clinician_id < 0)
        fail(Errc::invalid, "filter ids must not be negative");
    std::vector<Case> out;
    read([&] {
        out = store::list_cases(*db_, viewer(), {o.after_id, o.limit, o.include_archived}, filter);
        for (const auto& c : out)
            audit("read", "case", c.id);
    });
    return out;
}

} // namespace mend
