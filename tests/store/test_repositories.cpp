// Every repository's round trip through the facade: records with every
// optional field NULL and with every one set, updates that set and clear,
// Unicode byte for byte, external id uniqueness, paging and filters.
#include "fixture.hpp"

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

namespace {
bool iso_timestamp(const std::string& s) {
    // 2026-11-30T10:15:00.123456Z
    return s.size() == 27 && s[4] == '-' && s[10] == 'T' && s[19] == '.' && s[26] == 'Z';
}
} // namespace

TEST_CASE("clinicians round-trip", "[store][repo]") {
    Fresh f;
    mend::ClinicianPatch bare;
    bare.display_name = "Bare Clinician";
    Id a = f.p->create_clinician(bare);
    auto c = f.p->get_clinician(a);
    CHECK(c.id == a);
    CHECK(c.display_name == "Bare Clinician");
    CHECK_FALSE(c.credentials);
    CHECK(c.role == "clinician");
    CHECK_FALSE(c.external_id);
    CHECK_FALSE(c.archived);
    CHECK(iso_timestamp(c.created_at));
    CHECK(c.created_at == c.updated_at);

    mend::ClinicianPatch full;
    full.display_name = "Dr. Maya Okafor";
    full.credentials = "PhD, LMFT";
    full.role = "supervisor";
    full.external_id = "staff-okafor";
    Id b = f.p->create_clinician(full);
    c = f.p->get_clinician(b);
    CHECK(*c.credentials == "PhD, LMFT");
    CHECK(c.role == "supervisor");
    CHECK(*c.external_id == "staff-okafor");
    CHECK(f.p->get_clinician_external("staff-okafor").id == b);

    mend::ClinicianPatch u;
    u.credentials = "";
    u.external_id = "";
    u.role = "clinician";
    f.p->update_clinician(b, u);
    c = f.p->get_clinician(b);
    CHECK_FALSE(c.credentials);
    CHECK_FALSE(c.external_id);
    CHECK(c.role == "clinician");
    CHECK(c.display_name == "Dr. Maya Okafor");
    CHECK(c.updated_at >= c.created_at);
    CHECK(error_of([&] { f.p->get_clinician_external("staff-okafor"); }) == Errc::not_found);

    f.p->archive_clinician(a);
    CHECK(f.p->get_clinician(a).archived);
    mend::ListOptions o;
    CHECK(f.p->list_clinicians(o).size() == 2);
    o.include_archived = true;
    auto all = f.p->list_clinicians(o);
    REQUIRE(all.size() == 3);
    CHECK(all[0].id == f.admin);
    CHECK(all[1].id == a);
    CHECK(all[2].id == b);
    o.limit = 1;
    o.after_id = a;
    auto page = f.p->list_clinicians(o);
    REQUIRE(page.size() == 1);
    CHECK(page[0].id == b);
}

TEST_CASE("clients round-trip with every optional field NULL and set", "[store][repo]") {
    Fresh f;
    Id bare = f.client("Bare", "Client");
    auto c = f.p->get_client(bare);
    CHECK(c.id == bare);
    CHECK(c.given_name == "Bare");
    CHECK(c.family_name == "Client");
    CHECK_FALSE(c.external_id);
    CHECK_FALSE(c.preferred_name);
    CHECK_FALSE(c.pronouns);
    CHECK_FALSE(c.date_of_birth);
    CHECK_FALSE(c.email);
    CHECK_FALSE(c.phone);
    CHECK_FALSE(c.archived);
    CHECK(c.created_by == f.admin);
    CHECK(iso_timestamp(c.created_at));

    mend::ClientPatch p;
    p.external_id = "ehr-1";
    p.given_name = "Samira";
    p.family_name = "Haddad";
    p.preferred_name = "Sam";
    p.pronouns = "she/her";
    p.date_of_birth = "1990-02-28";
    p.email = "sam@example.org";
    p.phone = "+1 555 0100";
    Id full = f.p->create_client(p);
    c = f.p->get_client(full);
    CHECK(*c.external_id == "ehr-1");
    CHECK(*c.preferred_name == "Sam");
    CHECK(*c.pronouns == "she/her");
    CHECK(*c.date_of_birth == "1990-02-28");
    CHECK(*c.email == "sam@example.org");
    CHECK(*c.phone == "+1 555 0100");
    CHECK(f.p->get_client_external("ehr-1").id == full);

    // Clear everything optional; the list reads the same values.
    mend::ClientPatch clear;
    clear.external_id = clear.preferred_name = clear.pronouns = clear.date_of_birth = clear.email =
        clear.phone = std::string();
    f.p->update_client(full, clear);
    c = f.p->get_client(full);
    CHECK_FALSE(c.external_id);
    CHECK_FALSE(c.preferred_name);
    CHECK_FALSE(c.pronouns);
    CHECK_FALSE(c.date_of_birth);
    CHECK_FALSE(c.email);
    CHECK_FALSE(c.phone);
    CHECK(c.given_name == "Samira");
    auto listed = all_clients(*f.p);
    REQUIRE(listed.size() == 2);
    CHECK(listed[1].id == full);
    CHECK_FALSE(listed[1].email);
    CHECK(listed[1].created_at == c.created_at);
    CHECK(listed[1].updated_at == c.updated_at);

    // Set them again, through an update.
    f.p->update_client(full, p);
    c = f.p->get_client(full);
    CHECK(*c.email == "sam@example.org");
    CHECK(*c.date_of_birth == "1990-02-28");

    f.p->archive_client(bare);
    CHECK(f.p->get_client(bare).archived);
    CHECK(all_clients(*f.p).size() == 1);
    CHECK(all_clients(*f.p, true).size() == 2);
    CHECK(error_of([&] { f.p->update_client(bare, p); }) == Errc::state);
}

TEST_CASE("Unicode names round-trip byte for byte", "[store][repo][unicode]") {
    Fresh f;
    const std::vector<std::pair<std::string, std::string>> names = {
        {"Zo\xC3\xAB", "\xC3\x98"
                       "deg\xC3\xA5rd"},                                          // Zoë Ødegård
        {"\xE7\x8E\x8B\xE8\x8A\xB3", "\xE7\x8E\x8B"},                             // 王芳
        {"\xF0\x9F\x8C\xB1 Ana", "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"}, // emoji, ZWJ
        {"Jose\xCC\x81", "Jos\xC3\xA9"},                                          // NFD vs NFC
        {"\xD8\xB9\xD9\x84\xD9\x8A", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"},         // RTL scripts
    };
    std::vector<Id> ids;
    for (const auto& [given, family] : names)
        ids.push_back(f.client(given, family, family));
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto c = f.p->get_client(ids[i]);
        CHECK(c.given_name == names[i].first);
        CHECK(c.family_name == names[i].second);
        CHECK(f.p->get_client_external(names[i].second).id == ids[i]);
    }
    // NFD and NFC spellings are different external ids.
    CHECK(f.p->get_client_external("Jos\xC3\xA9").id == ids[3]);
    CHECK(error_of([&] { f.p->get_client_external("Jose\xCC\x81"); }) == Errc::not_found);
    // The same bytes through a clinician, a couple's and a case's external id.
    Id clin = f.clinician("\xE7\x8E\x8B\xE8\x8A\xB3 \xF0\x9F\x8C\xB1", "clinician",
                          std::string("\xF0\x9F\x8C\xB1"));
    CHECK(f.p->get_clinician_external("\xF0\x9F\x8C\xB1").display_name ==
          "\xE7\x8E\x8B\xE8\x8A\xB3 \xF0\x9F\x8C\xB1");
    CHECK(f.p->get_clinician(clin).id == clin);
}

TEST_CASE("couples round-trip", "[store][repo]") {
    Fresh f;
    Id a = f.client("A", "Partner"), b = f.client("B", "Partner"), c = f.client("C", "Partner");
    mend::CouplePatch bare;
    bare.client_a_id = a;
    bare.client_b_id = b;
    bare.secrets_policy = "no_secrets";
    Id p1 = f.p->create_couple(bare);
    auto cp = f.p->get_couple(p1);
    CHECK(cp.client_a_id == a);
    CHECK(cp.client_b_id == b);
    CHECK(cp.relationship_status == "together");
    CHECK_FALSE(cp.relationship_start);
    CHECK_FALSE(cp.children_in_household);
    CHECK(cp.secrets_policy == "no_secrets");
    CHECK_FALSE(cp.external_id);
    CHECK(cp.created_by == f.admin);

    mend::CouplePatch full = bare;
    full.client_b_id = c;
    full.relationship_status = "separated";
    full.relationship_start = "2010-10-10";
    full.children_in_household = 0; // zero, not NULL
    full.secrets_policy = "limited_secrets";
    full.external_id = "cpl-1";
    Id p2 = f.p->create_couple(full);
    cp = f.p->get_couple(p2);
    CHECK(cp.relationship_status == "separated");
    CHECK(*cp.relationship_start == "2010-10-10");
    REQUIRE(cp.children_in_household);
    CHECK(*cp.children_in_household == 0);
    CHECK(*cp.external_id == "cpl-1");
    CHECK(f.p->get_couple_external("cpl-1").id == p2);

    mend::CouplePatch u;
    u.relationship_start = "";
    u.external_id = "";
    u.children_in_household = 3;
    f.p->update_couple(p2, u);
    cp = f.p->get_couple(p2);
    CHECK_FALSE(cp.relationship_start);
    CHECK_FALSE(cp.external_id);
    CHECK(*cp.children_in_household == 3);
    CHECK(cp.secrets_policy == "limited_secrets");

    mend::ListOptions o;
    CHECK(f.p->list_couples(o, 0).size() == 2);
    CHECK(f.p->list_couples(o, a).size() == 2);
    CHECK(f.p->list_couples(o, b).size() == 1);
    CHECK(f.p->list_couples(o, c).size() == 1);
    f.p->archive_couple(p1);
    CHECK(f.p->list_couples(o, b).empty());
    o.include_archived = true;
    CHECK(f.p->list_couples(o, b).size() == 1);
    CHECK(error_of([&] { f.p->list_couples(o, -1); }) == Errc::invalid);
}

TEST_CASE("cases round-trip", "[store][repo]") {
    Fresh f;
    Id clin = f.clinician("Lead");
    Id a = f.client("A", "Partner"), b = f.client("B", "Partner");
    Id couple = f.couple(a, b);
    mend::CasePatch conj;
    conj.kind = "conjoint";
    conj.couple_id = couple;
    conj.primary_clinician_id = clin;
    conj.opened_on = "2025-01-15";
    Id k1 = f.p->create_case(conj);
    auto k = f.p->get_case(k1);
    CHECK(k.kind == "conjoint");
    CHECK(k.client_id == 0);
    CHECK(k.couple_id == couple);
    CHECK(k.primary_clinician_id == clin);
    CHECK(k.opened_on == "2025-01-15");
    CHECK_FALSE(k.closed_on);
    CHECK(k.status == "open");
    CHECK(k.linked_case_id == 0);
    CHECK_FALSE(k.external_id);
    CHECK(k.created_by == f.admin);

    mend::CasePatch ind;
    ind.kind = "individual";
    ind.client_id = a;
    ind.opened_on = "2025-02-01";
    ind.closed_on = "2025-09-30";
    ind.linked_case_id = k1;
    ind.external_id = "case-a";
    Id k2 = f.p->create_case(ind);
    k = f.p->get_case(k2);
    CHECK(k.client_id == a);
    CHECK(k.couple_id == 0);
    CHECK(k.primary_clinician_id == f.admin);
    CHECK(*k.closed_on == "2025-09-30");
    CHECK(k.status == "closed");
    CHECK(k.linked_case_id == k1);
    CHECK(*k.external_id == "case-a");
    CHECK(f.p->get_case_external("case-a").id == k2);

    mend::CasePatch u;
    u.closed_on = "";
    u.linked_case_id = 0;
    u.external_id = "";
    f.p->update_case(k2, u);
    k = f.p->get_case(k2);
    CHECK_FALSE(k.closed_on);
    CHECK(k.status == "open");
    CHECK(k.linked_case_id == 0);
    CHECK_FALSE(k.external_id);

    // Filters.
    mend::ListOptions o;
    mend::store::CaseFilter all;
    CHECK(f.p->list_cases(o, all).size() == 2);
    mend::store::CaseFilter by_client;
    by_client.client_id = a;
    CHECK(f.p->list_cases(o, by_client).size() == 2); // individual, and as a partner
    by_client.client_id = b;
    CHECK(f.p->list_cases(o, by_client).size() == 1);
    mend::store::CaseFilter by_lead;
    by_lead.clinician_id = clin;
    auto led = f.p->list_cases(o, by_lead);
    REQUIRE(led.size() == 1);
    CHECK(led[0].id == k1);
    mend::store::CaseFilter by_couple;
    by_couple.couple_id = couple;
    CHECK(f.p->list_cases(o, by_couple).size() == 1);
    f.p->archive_case(k1);
    CHECK(f.p->list_cases(o, all).size() == 1);
    o.include_archived = true;
    CHECK(f.p->list_cases(o, all).size() == 2);
    by_lead.clinician_id = -1;
    CHECK(error_of([&] { f.p->list_cases(o, by_lead); }) == Errc::invalid);
}

TEST_CASE("external ids are unique per kind of record", "[store][repo]") {
    Fresh f;
    Id a = f.client("A", "One", std::string("ext-1"));
    mend::ClientPatch dup;
    dup.given_name = "B";
    dup.family_name = "Two";
    dup.external_id = "ext-1";
    CHECK(error_of([&] { f.p->create_client(dup); }) == Errc::exists);
    dup.external_id = "EXT-1"; // case-sensitive
    Id b = f.p->create_client(dup);
    mend::ClientPatch take;
    take.external_id = "ext-1";
    CHECK(error_of([&] { f.p->update_client(b, take); }) == Errc::exists);
    f.p->update_client(a, take); // one's own: fine
    // Other kinds of record may use the same text.
    Id clin = f.clinician("C", "clinician", std::string("ext-1"));
    Id couple = f.couple(a, b);
    mend::CouplePatch cu;
    cu.external_id = "ext-1";
    f.p->update_couple(couple, cu);
    mend::CasePatch k;
    k.kind = "individual";
    k.client_id = a;
    k.external_id = "ext-1";
    Id kase = f.p->create_case(k);
    CHECK(f.p->get_client_external("ext-1").id == a);
    CHECK(f.p->get_clinician_external("ext-1").id == clin);
    CHECK(f.p->get_couple_external("ext-1").id == couple);
    CHECK(f.p->get_case_external("ext-1").id == kase);
    CHECK(error_of([&] { f.clinician("D", "clinician", std::string("ext-1")); }) == Errc::exists);
    CHECK(error_of([&] { f.p->create_case(k); }) == Errc::exists);
    // Cleared, the id is free again; the database agrees (NULLs are not duplicates).
    mend::ClientPatch clear;
    clear.external_id = "";
    f.p->update_client(a, clear);
    f.p->update_client(b, clear);
    CHECK(raw_int(f.where, "SELECT COUNT(*) FROM client WHERE external_id IS NULL") == 2);
    dup.external_id = "ext-1";
    CHECK(f.p->create_client(dup) > b);
    // The database's own UNIQUE constraint backs the check.
    CHECK_FALSE(
        raw_exec(f.where, "UPDATE client SET external_id = 'ext-1' WHERE id = " + std::to_string(a))
            .empty());
}

TEST_CASE("lists page in id order", "[store][repo]") {
    Fresh f;
    std::vector<Id> ids;
    f.p->begin();
    for (int i = 0; i < 7; ++i)
        ids.push_back(f.client("Paged" + std::to_string(i)));
    f.p->commit();
    mend::ListOptions o;
    o.limit = 3;
    std::vector<Id> seen;
    for (;;) {
        auto page = f.p->list_clients(o);
        for (auto& c : page)
            seen.push_back(c.id);
        if (static_cast<int>(page.size()) < o.limit) break;
        o.after_id = page.back().id;
    }
    CHECK(seen == ids);
}
