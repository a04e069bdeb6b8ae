// The disclosure policy (src/report/disclosure.hpp) against the release rules
// of docs/report-schema.md ("Release variant"): a release for one partner
// holds nothing of the other partner's individual record, joint content only
// with every partner's authorisation, and never the clinician's reasoning.
#include "report/disclosure.hpp"

#include <catch2/catch.hpp>

using mend::report::Disclosure;
using mend::report::ReleaseScope;

namespace {
const mend::Id A = 11, B = 12, OTHER = 99;
} // namespace

TEST_CASE("the clinicians' own report holds the whole case", "[disclosure]") {
    Disclosure d(true, {A, B}, std::nullopt);
    CHECK_FALSE(d.is_release());
    CHECK(d.joint_content());
    CHECK(d.names_client(A));
    CHECK(d.names_client(B));
    CHECK(d.individual_record(A));
    CHECK(d.individual_record(B));
    CHECK(d.session({A}));
    CHECK(d.session({B}));
    CHECK(d.session({A, B}));
    CHECK(d.flag(B, "agreement_broken"));
    CHECK(d.clinician_reasoning());
    CHECK(d.both_partners_records());
    // Nobody outside the case.
    CHECK_FALSE(d.names_client(OTHER));
    CHECK_FALSE(d.individual_record(OTHER));
    CHECK_FALSE(d.flag(OTHER, "phq9_item9"));
}

TEST_CASE("a partner's individual session text in a couple's report needs a share mark",
          "[disclosure]") {
    Disclosure d(true, {A, B}, std::nullopt);
    CHECK_FALSE(d.note_text(true, true, false));
    CHECK(d.note_text(true, true, true));
    CHECK(d.note_text(true, false, false));       // a joint session
    CHECK_FALSE(d.note_text(false, false, true)); // text not asked for
    // An individual case's sessions are its client's own.
    Disclosure solo(false, {A}, std::nullopt);
    CHECK(solo.note_text(true, true, false));
}

TEST_CASE("a release without both authorisations holds only its partner's own record",
          "[disclosure]") {
    for (auto authorised :
         {std::vector<mend::Id>{}, std::vector<mend::Id>{A}, std::vector<mend::Id>{B}}) {
        Disclosure d(true, {A, B}, ReleaseScope{A, authorised});
        CHECK(d.is_release());
        CHECK_FALSE(d.authorised_by_all());
        CHECK_FALSE(d.joint_content());
        CHECK(d.names_client(A));
        CHECK_FALSE(d.names_client(B));
        CHECK(d.individual_record(A));
        CHECK_FALSE(d.individual_record(B));
        CHECK(d.session({A}));
        CHECK_FALSE(d.session({B}));
        CHECK_FALSE(d.session({A, B}));
        CHECK(d.flag(A, "phq9_item9"));
        CHECK_FALSE(d.flag(A, "agreement_broken"));
        CHECK_FALSE(d.flag(B, "phq9_item9"));
        CHECK_FALSE(d.clinician_reasoning());
        CHECK_FALSE(d.both_partners_records());
    }
}

TEST_CASE("a release both partners authorised adds the joint content, never the other's record",
          "[disclosure]") {
    Disclosure d(true, {A, B}, ReleaseScope{A, {B, A}});
    CHECK(d.authorised_by_all());
    CHECK(d.joint_content());
    CHECK(d.names_client(B));
    CHECK_FALSE(d.individual_record(B));
    CHECK(d.session({A, B}));
    CHECK_FALSE(d.session({B}));
    CHECK(d.flag(A, "agreement_broken"));
    CHECK_FALSE(d.flag(B, "agreement_broken"));
    // The partner's own individual session: its text is theirs, marked or not.
    CHECK(d.note_text(true, true, false));
    // Still no reasoning, gate or dyadic view.
    CHECK_FALSE(d.clinician_reasoning());
    CHECK_FALSE(d.both_partners_records());
}

TEST_CASE("an authorisation from outside the case does not count", "[disclosure]") {
    Disclosure d(true, {A, B}, ReleaseScope{A, {A, OTHER}});
    CHECK_FALSE(d.authorised_by_all());
    CHECK_FALSE(d.joint_content());
}

TEST_CASE("an individual case's release holds its client's record", "[disclosure]") {
    Disclosure d(false, {A}, ReleaseScope{A, {}});
    CHECK(d.joint_content()); // nothing joint to withhold
    CHECK(d.names_client(A));
    CHECK(d.individual_record(A));
    CHECK(d.session({A}));
    CHECK(d.flag(A, "agreement_broken"));
    CHECK_FALSE(d.clinician_reasoning());
}
