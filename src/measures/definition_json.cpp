#include "measures/definition_json.hpp"

#include "domain/error.hpp"
#include "domain/json_reader.hpp"
#include "domain/text.hpp"

#include <fmt/format.h>
#include <set>

namespace mend::measures {

namespace {
using nlohmann::json;
const JsonReader rd("instrument definition");
} // namespace

Instrument instrument_from_json(const json& j) {
    if (!j.is_object()) rd.bad("", "must be a JSON object");
    Instrument in;
    in.code = rd.code(j, "code", "");
    in.name = rd.str(j, "name", "", true);
    in.abbreviation = rd.str(j, "abbreviation", "", false);
    if (in.abbreviation.empty()) in.abbreviation = in.code;
    in.construct = rd.str(j, "construct", "", false);
    in.version = rd.integer(j, "version", "", 1);
    if (in.version < 1) rd.bad("version", "must be 1 or more");
    in.higher_is_better = rd.boolean(j, "higher_is_better", "", false);
    in.clinician_rated = rd.boolean(j, "clinician_rated", "", false);
    in.licence = rd.str(j, "licence", "", false);
    in.note = rd.str(j, "note", "", false, 2000);
    if (const json* l = JsonReader::member(j, "loinc")) {
        if (!l->is_object()) rd.bad("loinc", "must be an object");
        in.loinc_panel = rd.str(*l, "panel", "loinc.", false, 20);
        in.loinc_total = rd.str(*l, "total", "loinc.", false, 20);
    }

    const json& items = rd.array(j, "items", "", true);
    if (items.empty() || items.size() > 200) rd.bad("items", "must hold 1 to 200 items");
    std::set<int> numbers;
    for (std::size_t k = 0; k < items.size(); ++k) {
        std::string p = JsonReader::index("items", k);
        const json& it = items[k];
        if (!it.is_object()) rd.bad(p.substr(0, p.size() - 1), "must be an object");
        Item item;
        item.number = rd.integer(it, "number", p);
        if (item.number < 1 || item.number > 1000)
            rd.bad(p + "number", "must be between 1 and 1000");
        if (!numbers.insert(item.number).second)
            rd.bad(p + "number", "repeats another item's number");
        item.text = rd.str(it, "text", p, false);
        item.min = rd.integer(it, "min", p);
        item.max = rd.integer(it, "max", p);
        if (item.min < 0 || item.max > 100 || item.min >= item.max)
            rd.bad(p + "max", "must be greater than min, within 0..100");
        item.reverse = rd.boolean(it, "reverse", p, false);
        item.scored = rd.boolean(it, "scored", p, true);
        item.required = rd.boolean(it, "required", p, item.scored);
        if (item.scored && !item.required) rd.bad(p + "required", "must be true for a scored item");
        item.code = rd.str(it, "code", p, false, 40);
        in.items.push_back(item);
    }
    if (in.scored_item_count() == 0) rd.bad("items", "must include a scored item");

    auto scored_item = [&](int n, const std::string& field) {
        const Item* i = in.item(n);
        if (!i) rd.bad(field, fmt::format("names item {}, which the instrument does not have", n));
        if (!i->scored) rd.bad(field, fmt::format("names item {}, which is not scored", n));
    };

    const json& subs = rd.array(j, "subscales", "", false);
    std::set<std::string> sub_codes;
    for (std::size_t k = 0; k < subs.size(); ++k) {
        std::string p = JsonReader::index("subscales", k);
        Subscale s;
        s.code = rd.str(subs[k], "code", p, true, 40);
        s.name = rd.str(subs[k], "name", p, false);
        if (!sub_codes.insert(s.code).second) rd.bad(p + "code", "repeats another subscale");
        const json& its = rd.array(subs[k], "items", p, true);
        if (its.empty()) rd.bad(p + "items", "must not be empty");
        for (const auto& n : its) {
            if (!n.is_number_integer()) rd.bad(p + "items", "must hold item numbers");
            scored_item(n.get<int>(), p + "items");
            s.items.push_back(n.get<int>());
        }
        in.subscales.push_back(s);
    }

    const json& bands = rd.array(j, "bands", "", false);
    for (std::size_t k = 0; k < bands.size(); ++k) {
        std::string p = JsonReader::index("bands", k);
        Band b{rd.num(bands[k], "min", p), rd.num(bands[k], "max", p),
               rd.str(bands[k], "label", p, true)};
        if (b.min > b.max) rd.bad(p + "max", "must not be below min");
        if (b.min < in.total_min() || b.max > in.total_max())
            rd.bad(p + "min", "lies outside the total's range");
        if (!in.bands.empty() && b.min <= in.bands.back().max)
            rd.bad(p + "min", "must be above the previous band's max");
        in.bands.push_back(b);
    }
    in.bands_source = rd.str(j, "bands_source", "", false);

    const json& cuts = rd.array(j, "cutoffs", "", false);
    for (std::size_t k = 0; k < cuts.size(); ++k) {
        std::string p = JsonReader::index("cutoffs", k);
        Cutoff c;
        c.code = rd.str(cuts[k], "code", p, true, 40);
        c.label = rd.str(cuts[k], "label", p, true);
        c.comparator = rd.comparator(cuts[k], p);
        c.value = rd.num(cuts[k], "value", p);
        if (JsonReader::member(cuts[k], "configurable_min") ||
            JsonReader::member(cuts[k], "configurable_max")) {
            c.configurable_min = rd.num(cuts[k], "configurable_min", p);
            c.configurable_max = rd.num(cuts[k], "configurable_max", p);
            if (*c.configurable_min > c.value || c.value > *c.configurable_max)
                rd.bad(p + "value", "must lie within configurable_min..configurable_max");
        }
        c.source = rd.str(cuts[k], "source", p, false);
        in.cutoffs.push_back(c);
    }

    if (const json* r = JsonReader::member(j, "symptom_rule")) {
        std::string p = "symptom_rule.";
        SymptomRule s;
        s.code = rd.str(*r, "code", p, true, 40);
        s.label = rd.str(*r, "label", p, true);
        s.endorse_at = rd.integer(*r, "endorse_at", p);
        s.source = rd.str(*r, "source", p, false);
        const json& req = rd.array(*r, "require", p, true);
        for (std::size_t k = 0; k < req.size(); ++k) {
            std::string q = p + JsonReader::index("require", k);
            SymptomRule::Requirement rq{rd.str(req[k], "subscale", q, true, 40),
                                        rd.integer(req[k], "count", q)};
            if (!sub_codes.count(rq.subscale))
                rd.bad(q + "subscale", "names no subscale of the instrument");
            if (rq.count < 1) rd.bad(q + "count", "must be 1 or more");
            s.require.push_back(rq);
        }
        in.symptom_rule = s;
    }

    const json& safety = rd.array(j, "safety_items", "", false);
    for (std::size_t k = 0; k < safety.size(); ++k) {
        std::string p = JsonReader::index("safety_items", k);
        SafetyItem s;
        s.item = rd.integer(safety[k], "item", p);
        scored_item(s.item, p + "item");
        s.at_least = rd.integer(safety[k], "at_least", p);
        const Item* it = in.item(s.item);
        if (s.at_least <= it->min || s.at_least > it->max)
            rd.bad(p + "at_least", "must be above the item's lowest option and within its range");
        s.flag = rd.str(safety[k], "flag", p, true, 40);
        s.message = rd.str(safety[k], "message", p, true);
        s.source = rd.str(safety[k], "source", p, false);
        in.safety_items.push_back(s);
    }

    const json& tflags = rd.array(j, "total_flags", "", false);
    for (std::size_t k = 0; k < tflags.size(); ++k) {
        std::string p = JsonReader::index("total_flags", k);
        TotalFlag t{rd.num(tflags[k], "at_least", p), rd.str(tflags[k], "flag", p, true, 40),
                    rd.str(tflags[k], "message", p, true), rd.str(tflags[k], "source", p, false)};
        in.total_flags.push_back(t);
    }

    if (const json* r = JsonReader::member(j, "reliable_change")) {
        std::string p = "reliable_change.";
        ReliableChange rc;
        rc.method = rd.str(*r, "method", p, true, 20);
        rc.source = rd.str(*r, "source", p, false);
        if (rc.method == "threshold") {
            rc.points = rd.num(*r, "points", p);
            if (rc.points <= 0) rd.bad(p + "points", "must be above 0");
        } else if (rc.method == "jacobson_truax") {
            rc.sd = rd.num(*r, "sd", p);
            rc.reliability = rd.num(*r, "reliability", p);
            if (rc.sd <= 0) rd.bad(p + "sd", "must be above 0");
            if (rc.reliability <= 0 || rc.reliability >= 1)
                rd.bad(p + "reliability", "must lie between 0 and 1");
        } else {
            rd.bad(p + "method", "must be threshold or jacobson_truax");
        }
        in.reliable_change = rc;
    }

    if (const json* r = JsonReader::member(j, "clinical_range")) {
        std::string p = "clinical_range.";
        in.clinical_range = ClinicalRange{rd.comparator(*r, p), rd.num(*r, "value", p),
                                          rd.str(*r, "source", p, false)};
    }

    if (const json* m = JsonReader::member(j, "missing")) {
        std::string p = "missing.";
        in.missing.default_policy = rd.str(*m, "default", p, false, 20);
        if (in.missing.default_policy.empty()) in.missing.default_policy = "complete";
        if (in.missing.default_policy != "complete" && in.missing.default_policy != "prorate")
            rd.bad(p + "default", "must be complete or prorate");
        in.missing.prorate_min_answered = rd.integer(*m, "prorate_min_answered", p, 0);
        if (in.missing.prorate_min_answered < 0 ||
            in.missing.prorate_min_answered > in.scored_item_count())
            rd.bad(p + "prorate_min_answered", "must be between 0 and the number of scored items");
        if (in.missing.default_policy == "prorate" && in.missing.prorate_min_answered == 0)
            rd.bad(p + "prorate_min_answered", "must be set when prorating is the default");
    }
    return in;
}

Instrument instrument_from_json_text(const std::string& text) {
    return instrument_from_json(rd.parse(text));
}

json to_json(const Instrument& in) {
    json items = json::array();
    for (const auto& i : in.items)
        items.push_back({{"number", i.number},
                         {"text", i.text},
                         {"min", i.min},
                         {"max", i.max},
                         {"reverse", i.reverse},
                         {"scored", i.scored},
                         {"required", i.required},
                         {"code", i.code}});
    json subs = json::array();
    for (const auto& s : in.subscales)
        subs.push_back({{"code", s.code}, {"name", s.name}, {"items", s.items}});
    json bands = json::array();
    for (const auto& b : in.bands)
        bands.push_back({{"min", b.min}, {"max", b.max}, {"label", b.label}});
    json cuts = json::array();
    for (const auto& c : in.cutoffs) {
        json cj = {{"code", c.code},
                   {"label", c.label},
                   {"comparator", c.comparator},
                   {"value", c.value},
                   {"source", c.source}};
        if (c.configurable_min) {
            cj["configurable_min"] = *c.configurable_min;
            cj["configurable_max"] = *c.configurable_max;
        }
        cuts.push_back(cj);
    }
    json safety = json::array();
    for (const auto& s : in.safety_items)
        safety.push_back({{"item", s.item},
                          {"at_least", s.at_least},
                          {"flag", s.flag},
                          {"message", s.message},
                          {"source", s.source}});
    json tflags = json::array();
    for (const auto& t : in.total_flags)
        tflags.push_back({{"at_least", t.at_least},
                          {"flag", t.flag},
                          {"message", t.message},
                          {"source", t.source}});
    json out = {{"code", in.code},
                {"name", in.name},
                {"abbreviation", in.abbreviation},
                {"construct", in.construct},
                {"version", in.version},
                {"higher_is_better", in.higher_is_better},
                {"clinician_rated", in.clinician_rated},
                {"licence", in.licence},
                {"loinc", {{"panel", in.loinc_panel}, {"total", in.loinc_total}}},
                {"items", items},
                {"subscales", subs},
                {"bands", bands},
                {"bands_source", in.bands_source},
                {"cutoffs", cuts},
                {"safety_items", safety},
                {"total_flags", tflags},
                {"missing",
                 {{"default", in.missing.default_policy},
                  {"prorate_min_answered", in.missing.prorate_min_answered}}},
                {"note", in.note}};
    if (in.symptom_rule) {
        json req = json::array();
        for (const auto& r : in.symptom_rule->require)
            req.push_back({{"subscale", r.subscale}, {"count", r.count}});
        out["symptom_rule"] = {{"code", in.symptom_rule->code},
                               {"label", in.symptom_rule->label},
                               {"endorse_at", in.symptom_rule->endorse_at},
                               {"require", req},
                               {"source", in.symptom_rule->source}};
    }
    if (in.reliable_change) {
        const auto& r = *in.reliable_change;
        out["reliable_change"] =
            r.method == "threshold"
                ? json{{"method", r.method}, {"points", r.points}, {"source", r.source}}
                : json{{"method", r.method},
                       {"sd", r.sd},
                       {"reliability", r.reliability},
                       {"source", r.source}};
    }
    if (in.clinical_range)
        out["clinical_range"] = {{"comparator", in.clinical_range->comparator},
                                 {"value", in.clinical_range->value},
                                 {"source", in.clinical_range->source}};
    return out;
}

json summary_json(const Instrument& in) {
    int lo = in.items.front().min, hi = in.items.front().max;
    for (const auto& i : in.items) {
        lo = std::min(lo, i.min);
        hi = std::max(hi, i.max);
    }
    return {{"code", in.code},
            {"name", in.name},
            {"abbreviation", in.abbreviation},
            {"version", in.version},
            {"items", in.items.size()},
            {"scored_items", in.scored_item_count()},
            {"response_min", lo},
            {"response_max", hi},
            {"total_min", in.total_min()},
            {"total_max", in.total_max()},
            {"higher_is_better", in.higher_is_better},
            {"clinician_rated", in.clinician_rated}};
}

} // namespace mend::measures
