// Who sees what: a clinician sees the clients they registered and those on
// the cases they lead (individually or as a partner in a conjoint case),
// the couples they registered or lead a conjoint case of, and the cases they
// lead; supervisors and admins see everything. Refusals reveal nothing.
#include "fixture.hpp"

#include <algorithm>

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

namespace {
std::vector<Id> ids(const std::vector<mend::Client>& v) {
    std::vector<Id> out;
    for (auto& c : v)
        out.push_back(c.id);
    return out;
}
} // namespace

TEST_CASE("a clinician sees their own clients and their cases' clients", "[store][visibility]") {
    Fresh f;
    Id x = f.clinician("X"), y = f.clinician("Y"), s = f.clinician("S", "supervisor");
    auto px = f.handle(x);
    auto py = f.handle(y);
    auto ps = f.handle(s);

    mend::ClientPatch secret;
    secret.given_name = "Xanthippe";
    secret.family_name = "Quillfeather";
    Id mine = px->create_client(secret);
    CHECK(px->get_client(mine).given_name == "Xanthippe");
    CHECK(error_of([&] { py->get_client(mine); }) == Errc::not_found);
    std::string msg;
    try {
        py->get_client(mine);
    } catch (const mend::Error& e) {
        msg = e.what();
    }
    CHECK(msg.find("Xanthippe") == std::string::npos);
    CHECK(msg.find("Quillfeather") == std::string::npos);
    // Exactly as a missing client answers.
    std::string missing;
    try {
        py->get_client(mine + 1000);
    } catch (const mend::Error& e) {
        missing = e.what();
    }
    CHECK(msg == "no client has that id");
    CHECK(missing == msg);
    CHECK(ps->get_client(mine).id == mine);
    CHECK(f.p->get_client(mine).id == mine);

    // Partners of a conjoint case X leads; the partner of an individual case Y leads.
    Id a = f.client("Partner", "A"), b = f.client("Partner", "B"), other = f.client("Other", "C");
    Id couple = f.couple(a, b);
    Id conj = f.conjoint_case(couple, x);
    Id ind = f.individual_case(a, y);
    CHECK(px->get_client(a).id == a);
    CHECK(px->get_client(b).id == b);
    CHECK(px->get_couple(couple).id == couple);
    CHECK(px->get_case(conj).id == conj);
    CHECK(error_of([&] { px->get_case(ind); }) == Errc::not_found);
    CHECK(error_of([&] { px->get_client(other); }) == Errc::not_found);
    CHECK(py->get_client(a).id == a);
    CHECK(error_of([&] { py->get_client(b); }) == Errc::not_found);
    CHECK(error_of([&] { py->get_couple(couple); }) == Errc::not_found);
    CHECK(error_of([&] { py->get_case(conj); }) == Errc::not_found);
    CHECK(py->get_case(ind).id == ind);
    // Unknown ids are not found, for everyone.
    CHECK(error_of([&] { py->get_client(987654); }) == Errc::not_found);

    // Lists apply the same rules.
    CHECK(ids(all_clients(*px)) == std::vector<Id>{mine, a, b});
    CHECK(ids(all_clients(*py)) == std::vector<Id>{a});
    CHECK(ids(all_clients(*ps)).size() == 4);
    CHECK(ids(all_clients(*f.p)).size() == 4);
    mend::ListOptions o;
    CHECK(px->list_couples(o, 0).size() == 1);
    CHECK(py->list_couples(o, 0).empty());
    CHECK(px->list_cases(o, {}).size() == 1);
    CHECK(py->list_cases(o, {}).size() == 1);
    CHECK(ps->list_cases(o, {}).size() == 2);
    // Filters cannot widen the view.
    mend::store::CaseFilter led_by_y;
    led_by_y.clinician_id = y;
    CHECK(px->list_cases(o, led_by_y).empty());

    // Archived clients stay visible to their clinician with include_archived.
    f.p->archive_client(b);
    CHECK(ids(all_clients(*px)) == std::vector<Id>{mine, a});
    CHECK(ids(all_clients(*px, true)) == std::vector<Id>{mine, a, b});

    // Losing the case loses the view.
    mend::CasePatch hand_over;
    hand_over.primary_clinician_id = y;
    ps->update_case(conj, hand_over);
    CHECK(error_of([&] { px->get_client(a); }) == Errc::not_found);
    CHECK(error_of([&] { px->get_couple(couple); }) == Errc::not_found);
    CHECK(py->get_couple(couple).id == couple);
}

TEST_CASE("what a clinician may change", "[store][visibility]") {
    Fresh f;
    Id x = f.clinician("X"), y = f.clinician("Y");
    auto px = f.handle(x);
    auto py = f.handle(y);
    Id c = px->create_client([] {
        mend::ClientPatch p;
        p.given_name = "Own";
        p.family_name = "Client";
        return p;
    }());
    mend::ClientPatch u;
    u.pronouns = "they/them";
    CHECK(error_of([&] { py->update_client(c, u); }) == Errc::not_found);
    CHECK(error_of([&] { py->archive_client(c); }) == Errc::not_found);
    px->update_client(c, u);
    CHECK(*f.p->get_client(c).pronouns == "they/them");

    mend::CasePatch k;
    k.kind = "individual";
    k.client_id = c;
    k.primary_clinician_id = y;
    CHECK(error_of([&] { px->create_case(k); }) == Errc::denied);    // for someone else
    CHECK(error_of([&] { py->create_case(k); }) == Errc::not_found); // a client Y cannot see
    k.primary_clinician_id = 0;
    Id kase = px->create_case(k);
    CHECK(px->get_case(kase).primary_clinician_id == x);
    mend::CasePatch move;
    move.primary_clinician_id = y;
    CHECK(error_of([&] { px->update_case(kase, move); }) == Errc::denied);

    mend::ClinicianPatch staff;
    staff.display_name = "New";
    CHECK(error_of([&] { px->create_clinician(staff); }) == Errc::denied);
    CHECK(error_of([&] { px->update_clinician(y, staff); }) == Errc::denied);
    CHECK(error_of([&] { px->archive_clinician(y); }) == Errc::denied);
    CHECK(error_of([&] { px->audit_json(0, 10); }) == Errc::denied);
    CHECK(px->get_clinician(y).display_name == "Y"); // the staff list is open to all

    // An archived clinician cannot act, on a handle they already hold or a new one.
    f.p->archive_clinician(y);
    CHECK(error_of([&] { py->get_clinician(x); }) == Errc::no_actor);
    CHECK(error_of([&] { f.handle(y); }) == Errc::denied);
}
