// The practice's instruments: built-in definitions plus those an admin loaded.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "measures/builtin.hpp"
#include "measures/definition_json.hpp"
#include "measures/scoring.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

#include <fmt/format.h>
#include <map>
#include <set>

namespace mend {

namespace {
bool is_builtin(const std::string& code) {
    for (const auto& b : measures::builtin_instruments())
        if (b.code == code) return true;
    return false;
}
} // namespace

std::vector<measures::Instrument> Practice::instruments() {
    std::vector<measures::Instrument> out;
    read([&] {
        actor();
        out = known_instruments();
    });
    return out;
}

std::vector<measures::Instrument> Practice::known_instruments() {
    std::vector<measures::Instrument> out = measures::builtin_instruments();
    std::set<std::string> codes;
    for (const auto& [code, version, text] :
         store::list_definitions(*db_, store::DefinitionKind::instrument))
        codes.insert(code);
    for (const auto& code : codes)
        out.push_back(instrument_version(
            code, store::latest_definition_version(*db_, store::DefinitionKind::instrument, code)));
    return out;
}

// Inside a unit of work: the instrument at `version` (0 for the latest).
measures::Instrument Practice::instrument_version(const std::string& code, int version) {
    for (const auto& b : measures::builtin_instruments())
        if (b.code == code && (version == 0 || version == b.version)) return b;
    std::optional<measures::Instrument> found;
    for (const auto& [c, v, text] :
         store::list_definitions(*db_, store::DefinitionKind::instrument))
        if (c == code && (version == 0 || v == version))
            found = measures::instrument_from_json_text(text);
    if (!found) fail(Errc::not_found, "no instrument has that code");
    return *found;
}

measures::Instrument Practice::instrument(const std::string& code) {
    check_text("instrument", code, 40);
    std::optional<measures::Instrument> in;
    read([&] {
        actor();
        in = instrument_version(code, 0);
    });
    return *in;
}

nlohmann::json Practice::instrument_json(const std::string& code) {
    check_text("instrument", code, 40);
    nlohmann::json out;
    read([&] {
        actor();
        auto in = instrument_version(code, 0);
        out = measures::to_json(in);
        // Beside each published cut-off, the value this practice uses (the
        // one every gate that names the cut-off reads).
        auto choices = store::cutoff_choices(*db_, in.code);
        for (std::size_t i = 0; i < in.cutoffs.size(); ++i)
            out["cutoffs"][i]["practice_value"] =
                measures::cutoff_value(in, in.cutoffs[i], choices);
    });
    return out;
}

void Practice::load_instrument(const std::string& definition_json) {
    run([&] {
        // Who may load comes first: a refusal is audited and reveals nothing.
        require_admin("create", "instrument_definition", 0);
        measures::Instrument in = measures::instrument_from_json_text(definition_json);
        if (is_builtin(in.code))
            fail(Errc::exists, "that code belongs to a built-in instrument; choose another code");
        int latest =
            store::latest_definition_version(*db_, store::DefinitionKind::instrument, in.code);
        if (in.version <= latest)
            fail(Errc::exists, fmt::format("version {} of that instrument is already loaded; "
                                           "load a higher version",
                                           latest));
        store::insert_definition(*db_, store::DefinitionKind::instrument, in.code, in.version,
                                 measures::to_json(in).dump(), actor().id, now_iso());
        audit("create", "instrument_definition", in.version);
    });
}

void Practice::set_cutoff(const std::string& instrument, const std::string& cutoff, double value) {
    check_text("instrument", instrument, 40);
    check_text("cutoff", cutoff, 40);
    run([&] {
        require_admin("update", "instrument_setting", 0);
        auto in = instrument_version(instrument, 0);
        const measures::Cutoff* c = nullptr;
        for (const auto& k : in.cutoffs)
            if (k.code == cutoff) c = &k;
        if (!c) fail(Errc::not_found, "the instrument has no cut-off with that code");
        if (!c->configurable_min) fail(Errc::invalid, "that cut-off is fixed by its source");
        if (!(value >= *c->configurable_min && value <= *c->configurable_max))
            fail(Errc::invalid, fmt::format("the cut-off must lie between {} and {}",
                                            *c->configurable_min, *c->configurable_max));
        store::set_cutoff_choice(*db_, instrument, cutoff, value, actor().id, now_iso());
        audit("update", "instrument_setting", 0);
    });
}

} // namespace mend
