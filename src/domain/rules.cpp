#include "domain/rules.hpp"

#include "domain/billing.hpp"
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>

namespace mend {

namespace {

// Required fields take the new value; optional ones are cleared by "".
void set_required(std::string& field, const Change& change) {
    if (change) field = *change;
}
void set_optional(Text& field, const Change& change) {
    if (!change) return;
    if (change->empty())
        field.reset();
    else
        field = *change;
}

void check_optional(const char* name, const Text& value, std::size_t max = max_short_text) {
    if (value) check_text(name, *value, max);
}

void check_enum(const char* name, const std::string& value, bool ok, const std::string& allowed) {
    check_text(name, value, max_short_text);
    if (!ok) fail(Errc::invalid, fmt::format("{} must be one of: {}", name, allowed));
}

void check_email(const Text& email) {
    if (!email) return;
    check_text("email", *email, max_short_text);
    auto at = email->find('@');
    if (at == std::string::npos || at == 0 || at + 1 == email->size() ||
        email->find('@', at + 1) != std::string::npos ||
        email->find_first_of(" \t\r\n") != std::string::npos)
        fail(Errc::invalid, "email must look like name@example.org");
}

void check_phone(const Text& phone) {
    if (!phone) return;
    check_text("phone", *phone, 40);
    int digits = 0;
    for (char ch : *phone) {
        if (ch >= '0' && ch <= '9')
            ++digits;
        else if (!std::strchr("+-() .", ch))
            fail(Errc::invalid, "phone may hold only digits, spaces and + - ( ) .");
    }
    if (digits < 3) fail(Errc::invalid, "phone needs at least three digits");
}

Date latest_open_date(const Date& today) {
    // Intake may be booked ahead: a case may open up to a year from today.
    Date d = today;
    d.year += 1;
    if (d.month == 2 && d.day == 29) d.day = 28;
    return d;
}

} // namespace

bool is_role(const std::string& s) {
    return one_of(s, clinician_roles);
}
bool is_relationship_status(const std::string& s) {
    return one_of(s, relationship_statuses);
}
bool is_secrets_policy(const std::string& s) {
    return one_of(s, secrets_policies);
}
bool is_case_kind(const std::string& s) {
    return one_of(s, case_kinds);
}
bool is_case_status(const std::string& s) {
    return one_of(s, case_statuses);
}

void apply(Clinician& c, const ClinicianPatch& p) {
    set_required(c.display_name, p.display_name);
    set_optional(c.credentials, p.credentials);
    set_required(c.role, p.role);
    set_optional(c.external_id, p.external_id);
    set_optional(c.npi, p.npi);
}

void validate(const Clinician& c) {
    check_text("display_name", c.display_name, max_short_text);
    check_optional("credentials", c.credentials);
    check_enum("role", c.role, is_role(c.role), joined(clinician_roles));
    check_optional("external_id", c.external_id);
    if (c.npi) {
        check_text("npi", *c.npi, 16);
        if (!npi_valid(*c.npi))
            fail(Errc::invalid, "npi must be a National Provider Identifier: 10 digits whose last "
                                "is the check digit (the Luhn formula over 80840 and the first 9)");
    }
}

void apply(Client& c, const ClientPatch& p) {
    set_optional(c.external_id, p.external_id);
    set_required(c.given_name, p.given_name);
    set_required(c.family_name, p.family_name);
    set_optional(c.preferred_name, p.preferred_name);
    set_optional(c.pronouns, p.pronouns);
    set_optional(c.date_of_birth, p.date_of_birth);
    set_optional(c.email, p.email);
    set_optional(c.phone, p.phone);
}

void validate(const Client& c, const Date& today) {
    check_optional("external_id", c.external_id);
    check_text("given_name", c.given_name, max_short_text);
    check_text("family_name", c.family_name, max_short_text);
    check_optional("preferred_name", c.preferred_name);
    check_optional("pronouns", c.pronouns, 40);
    if (c.date_of_birth) parse_date_in("date_of_birth", *c.date_of_birth, earliest_date(), today);
    check_email(c.email);
    check_phone(c.phone);
}

void apply(Couple& c, const CouplePatch& p, bool creating) {
    if (creating) {
        c.client_a_id = p.client_a_id;
        c.client_b_id = p.client_b_id;
    } else if ((p.client_a_id && p.client_a_id != c.client_a_id) ||
               (p.client_b_id && p.client_b_id != c.client_b_id)) {
        fail(Errc::invalid, "a couple's partners cannot be changed; create a new couple");
    }
    set_required(c.relationship_status, p.relationship_status);
    set_optional(c.relationship_start, p.relationship_start);
    if (p.children_in_household) c.children_in_household = p.children_in_household;
    set_required(c.secrets_policy, p.secrets_policy);
    set_optional(c.external_id, p.external_id);
}

void validate(const Couple& c, const Date& today) {
    if (c.client_a_id <= 0 || c.client_b_id <= 0)
        fail(Errc::invalid, "a couple needs two client ids");
    if (c.client_a_id == c.client_b_id) fail(Errc::invalid, "a couple needs two distinct clients");
    check_enum("relationship_status", c.relationship_status,
               is_relationship_status(c.relationship_status), joined(relationship_statuses));
    if (c.relationship_start)
        parse_date_in("relationship_start", *c.relationship_start, earliest_date(), today);
    if (c.children_in_household && (*c.children_in_household < children_in_household_min ||
                                    *c.children_in_household > children_in_household_max))
        fail(Errc::invalid, fmt::format("children_in_household must be between {} and {}",
                                        children_in_household_min, children_in_household_max));
    if (c.secrets_policy.empty())
        fail(Errc::invalid, "secrets_policy is required: the couple's confidentiality agreement");
    check_enum("secrets_policy", c.secrets_policy, is_secrets_policy(c.secrets_policy),
               joined(secrets_policies));
    check_optional("external_id", c.external_id);
}

void apply(Case& c, const CasePatch& p, bool creating, const Date& today) {
    if (creating) {
        // No kind given: it follows from which one of client and couple is named.
        if (p.kind)
            c.kind = *p.kind;
        else if (p.client_id && !p.couple_id)
            c.kind = "individual";
        else if (p.couple_id && !p.client_id)
            c.kind = "conjoint";
        else
            fail(Errc::invalid, "kind is required unless exactly one of client_id and couple_id "
                                "is given");
        c.client_id = p.client_id;
        c.couple_id = p.couple_id;
        c.opened_on = p.opened_on ? *p.opened_on : today.iso();
    } else {
        if ((p.kind && *p.kind != c.kind) || (p.client_id && p.client_id != c.client_id) ||
            (p.couple_id && p.couple_id != c.couple_id))
            fail(Errc::invalid, "a case's kind, client and couple cannot be changed");
        set_required(c.opened_on, p.opened_on);
    }
    if (p.primary_clinician_id) c.primary_clinician_id = p.primary_clinician_id;
    set_optional(c.external_id, p.external_id);
    if (p.linked_case_id) c.linked_case_id = *p.linked_case_id;

    // Status and closing date move together: a closed case has a closing
    // date and an open or paused one has none.
    set_optional(c.closed_on, p.closed_on);
    if (p.status) {
        c.status = *p.status;
        if (c.status == "closed" && !c.closed_on) c.closed_on = today.iso();
        if (c.status != "closed" && !(p.closed_on && !p.closed_on->empty())) c.closed_on.reset();
    } else if (p.closed_on) {
        c.status = p.closed_on->empty() ? (c.status == "closed" ? "open" : c.status) : "closed";
    }
}

void validate(const Case& c, const Date& today) {
    check_enum("kind", c.kind, is_case_kind(c.kind), joined(case_kinds));
    if (c.individual()) {
        if (c.client_id <= 0 || c.couple_id != 0)
            fail(Errc::invalid, "an individual case needs a client_id and no couple_id");
    } else {
        if (c.couple_id <= 0 || c.client_id != 0)
            fail(Errc::invalid, "a conjoint case needs a couple_id and no client_id");
        if (c.linked_case_id != 0)
            fail(Errc::invalid, "only an individual case links to a conjoint case");
    }
    if (c.primary_clinician_id <= 0) fail(Errc::invalid, "a case needs a primary clinician");
    Date opened = parse_date_in("opened_on", c.opened_on, earliest_date(), latest_open_date(today));
    check_enum("status", c.status, is_case_status(c.status), joined(case_statuses));
    if (c.closed_on) {
        Date closed =
            parse_date_in("closed_on", *c.closed_on, earliest_date(), latest_open_date(today));
        if (closed < opened) fail(Errc::invalid, "closed_on is before opened_on");
    }
    if ((c.status == "closed") != c.closed_on.has_value())
        fail(Errc::invalid, "a closed case needs closed_on, and only a closed case has one");
    if (c.linked_case_id < 0) fail(Errc::invalid, "linked_case_id must be a case id");
    check_optional("external_id", c.external_id);
}

} // namespace mend
