// Recording and reading outcome measures: every administration is scored by
// its instrument's definition, stored with each item answer, and raises the
// safety flags its rules call for.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "measures/scoring.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

#include <fmt/format.h>

namespace mend {

namespace {

using nlohmann::json;

std::string measure_date(const std::string& given, const Date& today) {
    if (given.empty()) return today.iso();
    return parse_date_in("administered_on", given, earliest_date(), today).iso();
}

std::vector<measures::Answer> answers_of(const measures::Administration& a) {
    std::vector<measures::Answer> out;
    for (const auto& [item, option] : a.answers)
        out.push_back(option);
    return out;
}

json administration_json(const measures::Administration& a, const measures::Score& s,
                         const measures::Instrument& in) {
    json j = measures::to_json(s);
    j["id"] = a.id;
    j["client_id"] = a.client_id;
    j["case_id"] = a.case_id ? json(a.case_id) : json(nullptr);
    j["administered_on"] = a.administered_on;
    j["entered_by"] = a.entered_by;
    j["created_at"] = a.created_at;
    j["abbreviation"] = in.abbreviation;
    j["construct"] = in.construct;
    j["higher_is_better"] = in.higher_is_better;
    return j;
}

} // namespace

// A case named with a measure or screen must be one the actor sees, open to
// the client: their individual case or their couple's conjoint case.
void Practice::check_case_of_client(Id case_id, Id client_id) {
    if (!case_id) return;
    Case c = visible_case("create", case_id);
    if (c.archived) fail(Errc::state, "that case is archived");
    bool belongs = c.individual() ? c.client_id == client_id : [&] {
        auto couple = store::find_couple(*db_, c.couple_id);
        return couple && couple->has_partner(client_id);
    }();
    if (!belongs) fail(Errc::constraint, "that case is not this client's");
}

void Practice::raise_flags(Id client_id, Id case_id, Id administration_id, Id screen_id,
                           const std::string& date,
                           const std::vector<measures::RaisedFlag>& flags) {
    if (flags.empty()) return;
    // An open flag of the same kind stays the one open flag: it is not raised twice.
    store::FlagFilter filter;
    filter.client_id = client_id;
    auto open = store::list_flags(*db_, {0, true}, filter);
    for (const auto& r : flags) {
        bool already = false;
        for (const auto& f : open)
            already |= f.code == r.code;
        if (already) continue;
        measures::Flag f;
        f.client_id = client_id;
        f.case_id = case_id;
        f.administration_id = administration_id;
        f.screen_id = screen_id;
        f.code = r.code;
        f.severity = r.severity;
        f.message = r.message;
        f.source = r.source;
        f.raised_on = date;
        f.raised_at = now_iso();
        Id id = store::insert_flag(*db_, f);
        f.id = id;
        queue_event(EventKind::flag_raised, id, case_id, client_id);
        open.push_back(f);
        audit("create", "safety_flag", id);
    }
}

Id Practice::record_measure(const MeasureInput& in) {
    check_text("instrument", in.instrument, 40);
    if (in.client_id <= 0) fail(Errc::invalid, "client_id must be a client's id");
    if (in.case_id < 0) fail(Errc::invalid, "case_id must be a case's id or 0");
    std::string date = measure_date(in.administered_on, today());
    Id id = 0;
    run([&] {
        Client client = visible_client("create", in.client_id);
        if (client.archived) fail(Errc::state, "that client is archived");
        check_case_of_client(in.case_id, in.client_id);
        auto instrument = instrument_version(in.instrument, 0);
        auto scored = measures::score(instrument, in.answers, in.missing_policy,
                                      store::cutoff_choices(*db_, instrument.code));
        measures::Administration a;
        a.client_id = in.client_id;
        a.case_id = in.case_id;
        a.instrument = instrument.code;
        a.instrument_version = instrument.version;
        a.administered_on = date;
        a.entered_by = actor().id;
        a.missing_policy = scored.missing_policy;
        a.total = scored.total;
        a.prorated = scored.prorated;
        a.band = scored.band;
        a.created_at = now_iso();
        for (const auto& i : scored.items)
            a.answers.emplace_back(i.item, i.option);
        id = store::insert_administration(*db_, a);
        audit("create", "administration", id);
        raise_flags(in.client_id, in.case_id, id, 0, date, scored.flags);
    });
    return id;
}

nlohmann::json Practice::measure_json(Id id) {
    json out;
    read([&] {
        actor();
        auto a = store::find_administration(*db_, id);
        Sought sought{"administration", id, "no administration has that id"};
        if (!a) not_found("read", sought);
        visible_client("read", a->client_id, sought);
        auto in = instrument_version(a->instrument, a->instrument_version);
        auto s = measures::score(in, answers_of(*a), a->missing_policy,
                                 store::cutoff_choices(*db_, in.code));
        out = administration_json(*a, s, in);
        audit("read", "administration", id);
    });
    return out;
}

// A client's series for an instrument, oldest first, with change markers
// and what charts need. Inside a unit of work; the caller authorises.
nlohmann::json Practice::series_data(Id client_id, const measures::Instrument& in) {
    return series_data(client_id, in, store::list_administrations(*db_, client_id, in.code));
}

nlohmann::json Practice::series_data(Id client_id, const measures::Instrument& in,
                                     const std::vector<measures::Administration>& given) {
    auto choices = store::cutoff_choices(*db_, in.code);
    json points = json::array();
    std::optional<double> baseline, previous;
    for (const auto& a : given) {
        auto version = a.instrument_version == in.version
                           ? in
                           : instrument_version(a.instrument, a.instrument_version);
        auto s = measures::score(version, answers_of(a), a.missing_policy, choices);
        json p = {
            {"administration_id", a.id},
            {"date", a.administered_on},
            {"total", s.total ? json(*s.total) : json(nullptr)},
            {"band", s.band ? json(*s.band) : json(nullptr)},
            {"prorated", s.prorated},
            {"in_clinical_range", s.in_clinical_range ? json(*s.in_clinical_range) : json(nullptr)},
            {"case_id", a.case_id ? json(a.case_id) : json(nullptr)},
            {"change_from_previous", nullptr},
            {"change_from_baseline", nullptr}};
        if (s.total) {
            if (previous)
                p["change_from_previous"] =
                    measures::to_json(measures::reliable_change(in, *previous, *s.total));
            if (baseline)
                p["change_from_baseline"] =
                    measures::to_json(measures::reliable_change(in, *baseline, *s.total));
            if (!baseline) baseline = s.total;
            previous = s.total;
        }
        points.push_back(p);
    }
    json cutoffs = json::array();
    for (const auto& c : in.cutoffs)
        cutoffs.push_back({{"code", c.code},
                           {"label", c.label},
                           {"comparator", c.comparator},
                           {"value", measures::cutoff_value(in, c, choices)}});
    json bands = json::array();
    for (const auto& b : in.bands)
        bands.push_back({{"min", b.min}, {"max", b.max}, {"label", b.label}});
    return {{"client_id", client_id},
            {"instrument", in.code},
            {"abbreviation", in.abbreviation},
            {"construct", in.construct},
            {"higher_is_better", in.higher_is_better},
            {"total_min", in.total_min()},
            {"total_max", in.total_max()},
            {"bands", bands},
            {"cutoffs", cutoffs},
            {"points", points}};
}

nlohmann::json Practice::series_json(Id client_id, const std::string& instrument) {
    check_text("instrument", instrument, 40);
    json out;
    read([&] {
        actor();
        visible_client("read", client_id);
        out = series_data(client_id, instrument_version(instrument, 0));
        audit("read", "measure_series", client_id);
    });
    return out;
}

nlohmann::json Practice::change_json(Id from_id, Id to_id) {
    json out;
    read([&] {
        actor();
        auto a = store::find_administration(*db_, from_id);
        auto b = store::find_administration(*db_, to_id);
        // Who may see them comes before anything is said about them: one
        // the actor cannot see answers as a missing one does.
        Sought from{"administration", from_id, "no administration has that id"};
        Sought to{"administration", to_id, "no administration has that id"};
        if (!a) not_found("read", from);
        visible_client("read", a->client_id, from);
        if (!b) not_found("read", to);
        visible_client("read", b->client_id, to);
        if (a->client_id != b->client_id || a->instrument != b->instrument)
            fail(Errc::invalid, "reliable change compares two administrations of one instrument "
                                "for one client");
        if (b->administered_on < a->administered_on) std::swap(a, b);
        auto in = instrument_version(b->instrument, 0);
        if (!a->total || !b->total) {
            out = {{"classification", "unknown"},
                   {"direction", "unknown"},
                   {"reason", "an administration has no total (items missing)"}};
        } else {
            out = measures::to_json(measures::reliable_change(in, *a->total, *b->total));
        }
        out["from"] = {{"administration_id", a->id}, {"date", a->administered_on}};
        out["to"] = {{"administration_id", b->id}, {"date", b->administered_on}};
        out["instrument"] = in.code;
        audit("read", "administration", a->id);
        audit("read", "administration", b->id);
    });
    return out;
}

measures::Sustained Practice::sustained(Id client_id, const measures::Instrument& in,
                                        const std::string& comparator, double value, int count,
                                        int min_days) {
    return measures::sustained(
        measures::points_of(store::list_administrations(*db_, client_id, in.code)), comparator,
        value, count, min_days);
}

nlohmann::json Practice::sustained_json(Id client_id, const std::string& instrument,
                                        const std::string& comparator, double value, int count,
                                        int min_days) {
    check_text("instrument", instrument, 40);
    json out;
    read([&] {
        actor();
        visible_client("read", client_id);
        auto in = instrument_version(instrument, 0);
        out = measures::to_json(sustained(client_id, in, comparator, value, count, min_days));
        out["instrument"] = in.code;
        out["condition"] = fmt::format("total {} {} on {} administrations at least {} days apart",
                                       comparator, value, count, min_days);
        audit("read", "measure_series", client_id);
    });
    return out;
}

} // namespace mend
