// The rules that keep records valid (src/domain/rules.cpp) and their JSON
// form (src/domain/json.cpp). "Today" is passed in, so every case is fixed.
#include "domain/json.hpp"
#include "domain/rules.hpp"

#include "errors.hpp"

#include <string>

using namespace mend;
using mend_test::error_of;
using mend_test::message_of;

namespace {

const Date today{2026, 6, 15};

Clinician clinician(const ClinicianPatch& p) {
    Clinician c;
    apply(c, p);
    validate(c);
    return c;
}

Client client(const ClientPatch& p) {
    Client c;
    apply(c, p);
    validate(c, today);
    return c;
}

ClientPatch named() {
    ClientPatch p;
    p.given_name = "Jamie";
    p.family_name = "Morgan";
    return p;
}

Couple couple(const CouplePatch& p) {
    Couple c;
    apply(c, p, true);
    validate(c, today);
    return c;
}

CouplePatch pair() {
    CouplePatch p;
    p.client_a_id = 1;
    p.client_b_id = 2;
    p.secrets_policy = "confidential";
    return p;
}

// As the facade does: the actor leads by default.
Case new_case(const CasePatch& p, const Date& on = today) {
    Case c;
    c.primary_clinician_id = 7;
    apply(c, p, true, on);
    validate(c, on);
    return c;
}

CasePatch individual() {
    CasePatch p;
    p.kind = "individual";
    p.client_id = 3;
    return p;
}

CasePatch conjoint() {
    CasePatch p;
    p.kind = "conjoint";
    p.couple_id = 4;
    return p;
}

Case updated(Case c, const CasePatch& p, const Date& on = today) {
    apply(c, p, false, on);
    validate(c, on);
    return c;
}

} // namespace

TEST_CASE("enumerations", "[rules]") {
    CHECK(is_role("clinician"));
    CHECK(is_role("supervisor"));
    CHECK(is_role("admin"));
    CHECK_FALSE(is_role("Admin"));
    CHECK_FALSE(is_role(""));
    CHECK(is_relationship_status("together"));
    CHECK(is_relationship_status("separated"));
    CHECK(is_relationship_status("ended"));
    CHECK_FALSE(is_relationship_status("married"));
    CHECK(is_secrets_policy("no_secrets"));
    CHECK(is_secrets_policy("confidential"));
    CHECK(is_secrets_policy("limited_secrets"));
    CHECK_FALSE(is_secrets_policy("secrets"));
    CHECK(is_case_kind("individual"));
    CHECK(is_case_kind("conjoint"));
    CHECK_FALSE(is_case_kind("group"));
    CHECK(is_case_status("open"));
    CHECK(is_case_status("on_hold"));
    CHECK(is_case_status("closed"));
    CHECK_FALSE(is_case_status("paused"));
}

TEST_CASE("clinician rules", "[rules][clinician]") {
    ClinicianPatch p;
    p.display_name = "Dr. Maya Okafor";
    Clinician c = clinician(p);
    CHECK(c.role == "clinician"); // the default
    CHECK_FALSE(c.credentials);
    CHECK_FALSE(c.external_id);

    p.credentials = "PhD, LMFT";
    p.role = "admin";
    p.external_id = "staff-1";
    c = clinician(p);
    CHECK(c.role == "admin");
    CHECK(c.sees_everything());
    CHECK(*c.credentials == "PhD, LMFT");

    // Update: nullopt leaves, "" clears an optional field.
    ClinicianPatch u;
    u.credentials = "";
    apply(c, u);
    validate(c);
    CHECK_FALSE(c.credentials);
    CHECK(c.display_name == "Dr. Maya Okafor");
    CHECK(*c.external_id == "staff-1");

    SECTION("required and enumerated") {
        ClinicianPatch bad;
        CHECK(error_of([&] { clinician(bad); }) == Errc::invalid); // no display_name
        bad.display_name = "  ";
        CHECK(error_of([&] { clinician(bad); }) == Errc::invalid);
        bad.display_name = "Name";
        bad.role = "superuser";
        CHECK(error_of([&] { clinician(bad); }) == Errc::invalid);
        bad.role = "";
        CHECK(error_of([&] { clinician(bad); }) == Errc::invalid);
        bad.role = "\xC0\xAF";
        CHECK(error_of([&] { clinician(bad); }) == Errc::encoding);
        bad.role = std::nullopt;
        bad.display_name = std::string(201, 'n');
        CHECK(error_of([&] { clinician(bad); }) == Errc::invalid);
        bad.display_name = "Name";
        bad.credentials = "\xED\xA0\x80";
        CHECK(error_of([&] { clinician(bad); }) == Errc::encoding);
        bad.credentials = std::nullopt;
        bad.external_id = std::string(201, 'e');
        CHECK(error_of([&] { clinician(bad); }) == Errc::invalid);
        CHECK(message_of([&] { clinician(bad); }).find("external_id") != std::string::npos);
    }
}

TEST_CASE("client rules", "[rules][client]") {
    SECTION("required fields") {
        CHECK_FALSE(error_of([] { client(named()); }));
        ClientPatch p;
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
        p.given_name = "Jamie";
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
        p = named();
        p.family_name = "";
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
        p.family_name = "\t";
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
        p = named();
        p.given_name = "Ja\xC3\x28";
        CHECK(error_of([&] { client(p); }) == Errc::encoding);
    }
    SECTION("optional fields: set, left, cleared") {
        ClientPatch p = named();
        p.external_id = "ehr-1";
        p.preferred_name = "Jay";
        p.pronouns = "they/them";
        p.date_of_birth = "1984-03-09";
        p.email = "jamie@example.org";
        p.phone = "+1 (555) 010-2030";
        Client c = client(p);
        CHECK(*c.preferred_name == "Jay");
        CHECK(*c.date_of_birth == "1984-03-09");
        ClientPatch u;
        u.preferred_name = "";
        u.email = "";
        apply(c, u);
        validate(c, today);
        CHECK_FALSE(c.preferred_name);
        CHECK_FALSE(c.email);
        CHECK(*c.pronouns == "they/them");
        CHECK(*c.phone == "+1 (555) 010-2030");
        CHECK(*c.external_id == "ehr-1");
        CHECK(c.given_name == "Jamie");
        // Required fields cannot be cleared.
        u = ClientPatch{};
        u.given_name = "";
        apply(c, u);
        CHECK(error_of([&] { validate(c, today); }) == Errc::invalid);
    }
    SECTION("date of birth: 1900-01-01 to today") {
        auto dob = [](const char* d) {
            ClientPatch p = named();
            p.date_of_birth = d;
            return error_of([&] { client(p); });
        };
        CHECK_FALSE(dob("1900-01-01"));
        CHECK_FALSE(dob("2026-06-15"));
        CHECK_FALSE(dob("2000-02-29"));
        CHECK(dob("1899-12-31") == Errc::invalid);
        CHECK(dob("2026-06-16") == Errc::invalid);
        CHECK(dob("2026-06-18") == Errc::invalid);
        CHECK(dob("2026-02-30") == Errc::invalid);
        CHECK(dob("2023-02-29") == Errc::invalid);
        CHECK(dob("84-03-09") == Errc::invalid);
    }
    SECTION("email") {
        auto email = [](const char* e) {
            ClientPatch p = named();
            p.email = e;
            return error_of([&] { client(p); });
        };
        CHECK_FALSE(email("a@b"));
        CHECK_FALSE(email("first.last+tag@example.co.uk"));
        CHECK(email("no-at-sign") == Errc::invalid);
        CHECK(email("@example.org") == Errc::invalid);
        CHECK(email("name@") == Errc::invalid);
        CHECK(email("a@b@c") == Errc::invalid);
        CHECK(email("a b@c") == Errc::invalid);
        CHECK(email("a@b\n") == Errc::invalid);
        CHECK(email("\xC3\x28@x") == Errc::encoding);
    }
    SECTION("phone") {
        auto phone = [](const std::string& ph) {
            ClientPatch p = named();
            p.phone = ph;
            return error_of([&] { client(p); });
        };
        CHECK_FALSE(phone("123"));
        CHECK_FALSE(phone("+44 (0)20 7946.0958"));
        CHECK(phone("12") == Errc::invalid);
        CHECK(phone("+-() .") == Errc::invalid);
        CHECK(phone("555-CALL") == Errc::invalid);
        CHECK(phone("555 0199 ext 2") == Errc::invalid);
        CHECK_FALSE(phone(std::string(40, '1')));
        CHECK(phone(std::string(41, '1')) == Errc::invalid);
    }
    SECTION("lengths") {
        ClientPatch p = named();
        p.pronouns = std::string(40, 'p');
        CHECK_FALSE(error_of([&] { client(p); }));
        p.pronouns = std::string(41, 'p');
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
        p = named();
        p.given_name = std::string(200, 'g');
        CHECK_FALSE(error_of([&] { client(p); }));
        p.given_name = std::string(201, 'g');
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
        p.given_name = std::string(64 * 1024, 'g');
        CHECK(error_of([&] { client(p); }) == Errc::invalid);
    }
}

TEST_CASE("couple rules", "[rules][couple]") {
    Couple c = couple(pair());
    CHECK(c.client_a_id == 1);
    CHECK(c.client_b_id == 2);
    CHECK(c.relationship_status == "together");
    CHECK_FALSE(c.children_in_household);
    CHECK_FALSE(c.relationship_start);
    CHECK(c.has_partner(1));
    CHECK(c.has_partner(2));
    CHECK_FALSE(c.has_partner(3));

    SECTION("two distinct clients") {
        CouplePatch p = pair();
        p.client_b_id = 1;
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p.client_b_id = 0;
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p.client_b_id = -2;
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
    }
    SECTION("partners are fixed after creation") {
        CouplePatch u;
        u.client_a_id = 1; // the same: fine
        CHECK_FALSE(error_of([&] { apply(c, u, false); }));
        u.client_b_id = 9;
        Couple copy = c;
        CHECK(error_of([&] { apply(copy, u, false); }) == Errc::invalid);
    }
    SECTION("children in the household: 0..30") {
        for (int n : {0, 1, 30}) {
            CouplePatch p = pair();
            p.children_in_household = n;
            CHECK(*couple(p).children_in_household == n);
        }
        for (int n : {-1, 31, 1000}) {
            CouplePatch p = pair();
            p.children_in_household = n;
            INFO(n);
            CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        }
    }
    SECTION("status, start, policy") {
        CouplePatch p = pair();
        p.relationship_status = "separated";
        p.relationship_start = "2012-06-30";
        p.secrets_policy = "limited_secrets";
        p.external_id = "cpl-1";
        Couple d = couple(p);
        CHECK(d.relationship_status == "separated");
        CHECK(*d.relationship_start == "2012-06-30");
        CouplePatch u;
        u.relationship_start = "";
        apply(d, u, false);
        validate(d, today);
        CHECK_FALSE(d.relationship_start);
        CHECK(d.secrets_policy == "limited_secrets");

        p = pair();
        p.relationship_status = "married";
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p = pair();
        p.secrets_policy = std::nullopt;
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p.secrets_policy = "";
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p.secrets_policy = "some";
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p = pair();
        p.relationship_start = "2026-06-15";
        CHECK_FALSE(error_of([&] { couple(p); }));
        p.relationship_start = "2026-06-16";
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p.relationship_start = "1899-12-31";
        CHECK(error_of([&] { couple(p); }) == Errc::invalid);
        p = pair();
        p.external_id = "\xF4\x90\x80\x80";
        CHECK(error_of([&] { couple(p); }) == Errc::encoding);
    }
}

TEST_CASE("case rules: kinds and links", "[rules][case]") {
    Case c = new_case(individual());
    CHECK(c.individual());
    CHECK(c.client_id == 3);
    CHECK(c.couple_id == 0);
    CHECK(c.primary_clinician_id == 7);
    CHECK(c.opened_on == "2026-06-15"); // today by default
    CHECK(c.status == "open");
    CHECK_FALSE(c.closed_on);

    Case k = new_case(conjoint());
    CHECK_FALSE(k.individual());
    CHECK(k.couple_id == 4);
    CHECK(k.client_id == 0);

    SECTION("kind") {
        CasePatch p = individual();
        p.kind = std::nullopt; // follows from the one of client and couple given
        CHECK(new_case(p).kind == "individual");
        CasePatch q = conjoint();
        q.kind = std::nullopt;
        CHECK(new_case(q).kind == "conjoint");
        q.client_id = 3; // both given: the kind must be said
        CHECK(error_of([&] { new_case(q); }) == Errc::invalid);
        q.client_id = 0;
        q.couple_id = 0; // neither
        CHECK(error_of([&] { new_case(q); }) == Errc::invalid);
        p.kind = "";
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
        p.kind = "group";
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
    }
    SECTION("an individual case has a client, a conjoint case a couple") {
        CasePatch p = individual();
        p.couple_id = 4;
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
        p = individual();
        p.client_id = 0;
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
        p = conjoint();
        p.client_id = 3;
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
        p = conjoint();
        p.couple_id = 0;
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
    }
    SECTION("only an individual case links to a conjoint case") {
        CasePatch p = individual();
        p.linked_case_id = 12;
        CHECK(new_case(p).linked_case_id == 12);
        p = conjoint();
        p.linked_case_id = 12;
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
        p = individual();
        p.linked_case_id = -1;
        CHECK(error_of([&] { new_case(p); }) == Errc::invalid);
        // 0 clears the link on update.
        p = individual();
        p.linked_case_id = 12;
        Case linked = new_case(p);
        CasePatch u;
        u.linked_case_id = 0;
        CHECK(updated(linked, u).linked_case_id == 0);
    }
    SECTION("a primary clinician") {
        Case none;
        CasePatch p = individual();
        apply(none, p, true, today);
        CHECK(error_of([&] { validate(none, today); }) == Errc::invalid);
    }
    SECTION("kind, client and couple are fixed") {
        CasePatch u;
        u.kind = "conjoint";
        CHECK(error_of([&] { updated(c, u); }) == Errc::invalid);
        u = CasePatch{};
        u.kind = "individual";
        CHECK_FALSE(error_of([&] { updated(c, u); }));
        u = CasePatch{};
        u.client_id = 5;
        CHECK(error_of([&] { updated(c, u); }) == Errc::invalid);
        u = CasePatch{};
        u.couple_id = 5;
        CHECK(error_of([&] { updated(k, u); }) == Errc::invalid);
    }
    SECTION("the lead changes; 0 leaves it") {
        CasePatch u;
        u.primary_clinician_id = 9;
        CHECK(updated(c, u).primary_clinician_id == 9);
        u.primary_clinician_id = 0;
        CHECK(updated(c, u).primary_clinician_id == 7);
    }
}

TEST_CASE("case rules: dates", "[rules][case]") {
    SECTION("opened_on: 1900 to a year from today") {
        auto opened = [](const char* d) {
            CasePatch p = individual();
            p.opened_on = d;
            return error_of([&] { new_case(p); });
        };
        CHECK_FALSE(opened("1900-01-01"));
        CHECK_FALSE(opened("2026-06-15"));
        CHECK_FALSE(opened("2027-06-15")); // intake booked ahead
        CHECK(opened("2027-06-16") == Errc::invalid);
        CHECK(opened("1899-12-31") == Errc::invalid);
        CHECK(opened("") == Errc::invalid);
        CHECK(opened("2026-02-29") == Errc::invalid);
    }
    SECTION("a year from 29 February is 28 February") {
        const Date leap{2028, 2, 29};
        CasePatch p = individual();
        p.opened_on = "2029-02-28";
        CHECK_FALSE(error_of([&] { new_case(p, leap); }));
        p.opened_on = "2029-03-01";
        CHECK(error_of([&] { new_case(p, leap); }) == Errc::invalid);
    }
    SECTION("opened_on cannot be emptied") {
        Case c = new_case(individual());
        CasePatch u;
        u.opened_on = "";
        CHECK(error_of([&] { updated(c, u); }) == Errc::invalid);
    }
}

TEST_CASE("case rules: status and closed_on move together", "[rules][case]") {
    CasePatch p = individual();
    p.opened_on = "2026-01-10";
    const Case open = new_case(p);

    SECTION("closing sets closed_on to today") {
        CasePatch u;
        u.status = "closed";
        Case c = updated(open, u);
        CHECK(c.status == "closed");
        REQUIRE(c.closed_on);
        CHECK(*c.closed_on == "2026-06-15");
    }
    SECTION("closing with a date keeps the date") {
        CasePatch u;
        u.status = "closed";
        u.closed_on = "2026-03-01";
        Case c = updated(open, u);
        CHECK(*c.closed_on == "2026-03-01");
    }
    SECTION("a closing date alone closes the case") {
        CasePatch u;
        u.closed_on = "2026-03-01";
        Case c = updated(open, u);
        CHECK(c.status == "closed");
        CHECK(*c.closed_on == "2026-03-01");
    }
    SECTION("created closed") {
        CasePatch q = p;
        q.closed_on = "2026-02-01";
        Case c = new_case(q);
        CHECK(c.status == "closed");
        q = p;
        q.status = "closed";
        c = new_case(q);
        CHECK(*c.closed_on == "2026-06-15");
    }
    CasePatch close;
    close.status = "closed";
    close.closed_on = "2026-03-01";
    const Case closed = updated(open, close);

    SECTION("reopening clears closed_on") {
        CasePatch u;
        u.status = "open";
        Case c = updated(closed, u);
        CHECK(c.status == "open");
        CHECK_FALSE(c.closed_on);
    }
    SECTION("pausing clears closed_on") {
        CasePatch u;
        u.status = "on_hold";
        Case c = updated(closed, u);
        CHECK(c.status == "on_hold");
        CHECK_FALSE(c.closed_on);
    }
    SECTION("clearing closed_on reopens") {
        CasePatch u;
        u.closed_on = "";
        Case c = updated(closed, u);
        CHECK(c.status == "open");
        CHECK_FALSE(c.closed_on);
    }
    SECTION("clearing closed_on of a paused case leaves it paused") {
        CasePatch hold;
        hold.status = "on_hold";
        Case paused = updated(open, hold);
        CasePatch u;
        u.closed_on = "";
        Case c = updated(paused, u);
        CHECK(c.status == "on_hold");
        CHECK_FALSE(c.closed_on);
    }
    SECTION("closed_on before opened_on is rejected") {
        CasePatch u;
        u.closed_on = "2026-01-09";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
        u.closed_on = "2026-01-10"; // the same day is fine
        CHECK_FALSE(error_of([&] { updated(open, u); }));
        u = CasePatch{};
        u.opened_on = "2026-03-02"; // moving opened_on past closed_on
        CHECK(error_of([&] { updated(closed, u); }) == Errc::invalid);
    }
    SECTION("closed_on in the far future is rejected") {
        CasePatch u;
        u.closed_on = "2027-06-16";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
        u.closed_on = "2026-02-30";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
    }
    SECTION("an open or paused case has no closing date") {
        CasePatch u;
        u.status = "open";
        u.closed_on = "2026-03-01";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
        u.status = "on_hold";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
        // validate() alone checks the coupling too.
        Case bad = open;
        bad.status = "closed";
        CHECK(error_of([&] { validate(bad, today); }) == Errc::invalid);
        bad = open;
        bad.closed_on = "2026-03-01";
        CHECK(error_of([&] { validate(bad, today); }) == Errc::invalid);
    }
    SECTION("unknown status") {
        CasePatch u;
        u.status = "paused";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
        u.status = "";
        CHECK(error_of([&] { updated(open, u); }) == Errc::invalid);
    }
}

TEST_CASE("records as JSON", "[json]") {
    Client c = client(named());
    c.id = 5;
    auto j = to_json(c);
    CHECK(j["id"] == 5);
    CHECK(j["given_name"] == "Jamie");
    CHECK(j["email"].is_null());
    CHECK(j["date_of_birth"].is_null());
    CHECK(j["archived"] == false);
    CHECK_FALSE(j.contains("created_by")); // internal

    Case k = new_case(conjoint());
    auto jk = to_json(k);
    CHECK(jk["client_id"].is_null());
    CHECK(jk["couple_id"] == 4);
    CHECK(jk["linked_case_id"].is_null());
    CHECK(jk["closed_on"].is_null());

    Couple p = couple(pair());
    auto jp = to_json(p);
    CHECK(jp["children_in_household"].is_null());
    p.children_in_household = 0;
    CHECK(to_json(p)["children_in_household"] == 0);

    ClinicianPatch cp;
    cp.display_name = "Zo\xC3\xAB";
    auto jc = to_json(clinician(cp));
    CHECK(jc["display_name"] == "Zo\xC3\xAB");
    CHECK(jc["credentials"].is_null());
    CHECK(jc.dump().find("Zo\xC3\xAB") != std::string::npos); // UTF-8, not \u escapes
}
