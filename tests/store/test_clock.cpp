// The practice's clock: the pure conversions of practice/clock.hpp (zone
// rules from the system's tzdata) and Practice's members over them.
#include "fixture.hpp"

#include "practice/clock.hpp"

using namespace mend_test;
using mend::Errc;
using mend_test::error_of;

namespace {
long long us(const char* text) {
    return mend::parse_timestamp("t", text);
}
} // namespace

TEST_CASE("timestamps with their offset", "[clock]") {
    CHECK(us("1970-01-01T00:00:00Z") == 0);
    CHECK(us("1970-01-01T00:00Z") == 0);
    CHECK(us("1970-01-01T01:00:00+01:00") == 0);
    CHECK(us("1969-12-31T18:00:00-06:00") == 0);
    CHECK(us("2026-11-03T02:00:00.5Z") == us("2026-11-03T02:00:00Z") + 500000);
    CHECK(us("2026-11-03T02:00:00.000001Z") == us("2026-11-03T02:00:00Z") + 1);
    CHECK(mend::iso_from_us(us("2026-11-02T20:00:00.123456-06:00")) ==
          "2026-11-03T02:00:00.123456Z");
    CHECK(mend::iso_from_us(us("1950-06-01T12:00:00Z")) == "1950-06-01T12:00:00.000000Z");
    for (const char* bad :
         {"", "2026-11-03", "2026-11-03T02:00:00", "2026-11-03T02:00", "2026-11-03t02:00:00Z",
          "2026-11-03T2:00:00Z", "2026-11-03T02:00:0Z", "2026-11-03T02:00:00.1234567Z",
          "2026-11-03T02:00:00+01", "2026-11-03T02:00:00+01:00:00", "2026-11-03T02:00:00 Z",
          "2026-02-29T00:00:00Z", "1899-12-31T23:59:59Z", "2026-11-03T02:00:00-24:00"}) {
        INFO(bad);
        CHECK(error_of([&] { us(bad); }) == Errc::invalid);
    }
}

TEST_CASE("zones: names, local dates, local times", "[clock]") {
    CHECK(mend::known_time_zone("UTC"));
    CHECK(mend::known_time_zone("America/Chicago"));
    CHECK(mend::known_time_zone("Pacific/Kiritimati"));
    for (const char* bad : {"", "Mars/Olympus_Mons", "america/chicago", "../zoneinfo/UTC",
                            "/usr/share/zoneinfo/UTC", "UTC ", "Europe/Berlin\n"})
        CHECK_FALSE(mend::known_time_zone(bad));
    CHECK(error_of([] { mend::check_time_zone("tz", "Nowhere/City"); }) == Errc::invalid);

    long long t = us("2026-11-03T02:00:00Z");
    CHECK(mend::local_date(t, "UTC").iso() == "2026-11-03");
    CHECK(mend::local_date(t, "America/Chicago").iso() == "2026-11-02");
    CHECK(mend::local_date(t, "Asia/Tokyo").iso() == "2026-11-03");
    CHECK(mend::local_date(us("2026-06-15T10:00:00Z"), "Pacific/Kiritimati").iso() == "2026-06-16");

    auto z = mend::in_zone(t, "America/Chicago");
    CHECK(z.local == "2026-11-02T20:00");
    CHECK(z.offset == "-06:00");
    CHECK(z.utc == "2026-11-03T02:00:00Z");
    CHECK(mend::in_zone(us("2026-07-01T14:00:00Z"), "America/Chicago").offset == "-05:00");
    CHECK(mend::in_zone(t, "Asia/Kolkata").offset == "+05:30");

    CHECK(mend::from_local_time("at", "2026-11-02T20:00", "America/Chicago") == t);
    // Repeated at fall-back: the earlier (daylight) one.
    CHECK(mend::from_local_time("at", "2026-11-01T01:30", "America/Chicago") ==
          us("2026-11-01T06:30:00Z"));
    // Skipped at spring-forward.
    CHECK(error_of([] { mend::from_local_time("at", "2026-03-08T02:30", "America/Chicago"); }) ==
          Errc::invalid);
    CHECK(error_of([] { mend::from_local_time("at", "2026-03-08T02:30:00", "UTC"); }) ==
          Errc::invalid);
}

TEST_CASE("the practice's clock: fixed now, today in its zone", "[clock]") {
    Fresh f;
    f.p->set_now("2026-11-03T02:00:00Z");
    CHECK(f.p->now_us() == us("2026-11-03T02:00:00Z"));
    CHECK(f.p->now_iso() == "2026-11-03T02:00:00.000000Z");
    CHECK(f.p->today().iso() == "2026-11-03");
    f.p->set_time_zone("America/Chicago");
    CHECK(f.p->time_zone() == "America/Chicago");
    CHECK(f.p->today().iso() == "2026-11-02");
    CHECK(error_of([&] { f.p->set_now("tomorrow"); }) == Errc::invalid);
    CHECK(f.p->now_iso() == "2026-11-03T02:00:00.000000Z");
    CHECK(error_of([&] { f.p->set_time_zone("Nowhere/City"); }) == Errc::invalid);
    CHECK(f.p->time_zone() == "America/Chicago");
    f.p->set_now("");
    long long drift = f.p->now_us() - mend::system_now_us();
    CHECK(drift <= 0);
    CHECK(drift > -60LL * 1000000);
}
