// Diagnoses on a case: each about one of the case's clients, ranked (1 is the
// primary), validated against the ICD-10-CM form and mend's table.
#include "domain/diagnoses.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

#include <algorithm>

namespace mend {

namespace {

using nlohmann::json;

// A date given to an update: "" clears it.
Text date_change(const Change& given, const Text& stored) {
    if (!given) return stored;
    if (given->empty()) return Text();
    return given;
}

} // namespace

// No two current diagnoses of one client in one case share a rank.
void Practice::check_diagnosis_rank(const Diagnosis& d) {
    if (d.resolved_on) return;
    for (const auto& other : store::list_diagnoses(*db_, d.case_id))
        if (other.id != d.id && other.client_id == d.client_id && !other.resolved_on &&
            other.rank == d.rank)
            fail(Errc::exists, "a current diagnosis of that client in this case already has that "
                               "rank; resolve it or give another rank");
}

Id Practice::create_diagnosis(const DiagnosisPatch& p) {
    if (p.case_id <= 0) fail(Errc::invalid, "case_id must be a case's id");
    if (p.client_id <= 0) fail(Errc::invalid, "client_id must be a client's id");
    if (!p.code) fail(Errc::invalid, "code is required");
    check_text("code", *p.code, 16);
    if (p.onset_on) check_text("onset_on", *p.onset_on, 16, false);
    if (p.resolved_on) check_text("resolved_on", *p.resolved_on, 16, false);
    Id id = 0;
    run([&] {
        Case c = visible_case("update", p.case_id);
        if (c.archived) fail(Errc::state, "that case is archived");
        auto partners = partners_of(c);
        if (std::find(partners.begin(), partners.end(), p.client_id) == partners.end())
            fail(Errc::invalid, "a diagnosis is about a client of its case");
        Diagnosis d;
        d.case_id = p.case_id;
        d.client_id = p.client_id;
        d.code = *p.code;
        d.onset_on = date_change(p.onset_on, Text());
        d.resolved_on = date_change(p.resolved_on, Text());
        d.rank = p.rank;
        if (d.rank == 0) { // the client's next free rank
            d.rank = 1;
            for (const auto& other : store::list_diagnoses(*db_, d.case_id))
                if (other.client_id == d.client_id && !other.resolved_on)
                    d.rank = std::max(d.rank, other.rank + 1);
        }
        validate(d, p.allow_unlisted, today());
        check_diagnosis_rank(d);
        d.recorded_by = actor().id;
        d.created_at = d.updated_at = now_iso();
        id = store::insert_diagnosis(*db_, d);
        audit("create", "diagnosis", id);
    });
    return id;
}

void Practice::update_diagnosis(Id id, const DiagnosisPatch& p) {
    if (p.case_id || p.client_id)
        fail(Errc::invalid, "a diagnosis keeps its case and client; record a new one instead");
    if (p.code) check_text("code", *p.code, 16);
    if (p.onset_on) check_text("onset_on", *p.onset_on, 16, false);
    if (p.resolved_on) check_text("resolved_on", *p.resolved_on, 16, false);
    run([&] {
        auto d = store::find_diagnosis(*db_, id);
        Sought sought{"diagnosis", id, "no diagnosis has that id"};
        if (!d) not_found("update", sought);
        Case c = visible_case("update", d->case_id, sought);
        if (c.archived) fail(Errc::state, "that case is archived");
        if (p.code) d->code = *p.code;
        if (p.rank) d->rank = p.rank;
        d->onset_on = date_change(p.onset_on, d->onset_on);
        d->resolved_on = date_change(p.resolved_on, d->resolved_on);
        // A stored unlisted code stays acceptable when another field changes.
        validate(*d, p.allow_unlisted || (!p.code && !d->listed), today());
        check_diagnosis_rank(*d);
        d->updated_at = now_iso();
        store::update_diagnosis(*db_, *d);
        audit("update", "diagnosis", id);
    });
}

nlohmann::json Practice::diagnoses_json(Id case_id) {
    json out = json::array();
    read([&] {
        actor();
        visible_case("read", case_id);
        for (const auto& d : store::list_diagnoses(*db_, case_id)) {
            const auto* known = find_diagnosis_code(d.code);
            out.push_back({{"id", d.id},
                           {"case_id", d.case_id},
                           {"client_id", d.client_id},
                           {"code", d.code},
                           {"title", known ? json(known->title) : json(nullptr)},
                           {"listed", d.listed},
                           {"rank", d.rank},
                           {"status", d.resolved_on ? "resolved" : "active"},
                           {"onset_on", d.onset_on ? json(*d.onset_on) : json(nullptr)},
                           {"resolved_on", d.resolved_on ? json(*d.resolved_on) : json(nullptr)},
                           {"recorded_by", d.recorded_by},
                           {"created_at", d.created_at},
                           {"updated_at", d.updated_at}});
        }
        audit("read", "diagnosis_list", case_id);
    });
    return out;
}

} // namespace mend
