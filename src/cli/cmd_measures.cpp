// `mend measure ...`, `mend safety ...` and `mend flag ...`.
#include "commands.hpp"
#include "output.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace mend::cli {

namespace {

using nlohmann::json;

// "1,2,0,-,3": a dash is an unanswered item.
std::vector<int> parse_items(const std::string& text) {
    std::vector<int> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        if (part == "-" || part == "") {
            if (part.empty())
                throw UsageError("--items has an empty answer; write - for a missing one");
            out.push_back(MEND_ITEM_MISSING);
            continue;
        }
        long long v = to_int(part, "each answer in --items");
        if (v < 0 || v > 1000)
            throw UsageError("answers in --items must be 0 or more (or - for missing)");
        out.push_back(static_cast<int>(v));
    }
    if (!text.empty() && text.back() == ',') throw UsageError("--items ends with a comma");
    if (out.empty()) throw UsageError("--items needs the answers, e.g. 1,2,0,-,3");
    return out;
}

// A required number option (a usage error otherwise).
double number_opt(const Args& a, const char* name) {
    const std::string& text = required(a, name);
    try {
        std::size_t used = 0;
        double v = std::stod(text, &used);
        if (used == text.size()) return v;
    } catch (const std::logic_error&) {
    }
    throw UsageError(std::string("--") + name + " needs a number");
}

std::string num(const json& v) {
    if (v.is_null()) return "";
    double d = v.get<double>();
    if (d == static_cast<long long>(d)) return std::to_string(static_cast<long long>(d));
    std::ostringstream o;
    o << d;
    return o.str();
}

void print_score(const json& m) {
    std::cout << m["abbreviation"].get<std::string>() << " for client " << m["client_id"] << " on "
              << m["administered_on"].get<std::string>() << " (administration " << m["id"] << ")\n";
    std::cout << "  total: "
              << (m["total"].is_null() ? "not scored (items missing)" : num(m["total"]))
              << (m["prorated"].get<bool>() ? " (prorated)" : "") << "\n";
    if (!m["band"].is_null()) std::cout << "  band: " << m["band"].get<std::string>() << "\n";
    for (const auto& [code, v] : m["subscales"].items())
        std::cout << "  subscale " << code << ": " << (v.is_null() ? "not scored" : num(v)) << "\n";
    for (const auto& c : m["cutoffs"])
        std::cout << "  " << c["label"].get<std::string>() << " ("
                  << c["comparator"].get<std::string>() << " " << num(c["value"]) << "): "
                  << (c["met"].is_null()     ? "unknown"
                      : c["met"].get<bool>() ? "yes"
                                             : "no")
                  << "\n";
    if (!m["symptom_rule"].is_null()) {
        const auto& r = m["symptom_rule"];
        std::cout << "  " << r["label"].get<std::string>() << ": "
                  << (r["met"].is_null()     ? "undecided (items missing)"
                      : r["met"].get<bool>() ? "met"
                                             : "not met")
                  << "\n";
    }
    for (const auto& f : m["flags"])
        std::cout << "  FLAG " << f["severity"].get<std::string>() << ": "
                  << f["message"].get<std::string>() << "\n";
}

int measure(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "instruments") {
        a.allow({});
        a.allow_positionals(2, 0);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_instrument_list_json(&js, db), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"code", "abbreviation", "items", "response_min", "response_max", "total_min",
                       "total_max", "higher_is_better"});
        return 0;
    }
    if (verb == "instrument") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3)
            throw UsageError("which instrument? e.g. mend measure instrument pcl5");
        Db db(a, true);
        char* js = nullptr;
        std::cout
            << fetch_data(db, mend_instrument_get_json(&js, db, a.word(2).c_str()), js).dump(2)
            << "\n";
        return 0;
    }
    if (verb == "load") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("mend measure load needs a definition file");
        std::ifstream f(a.word(2), std::ios::binary);
        if (!f) throw Failure("cannot read " + a.word(2), mend_errstr(MEND_ERROR));
        std::stringstream text;
        text << f.rdbuf();
        Db db(a, true);
        check(mend_instrument_load(db, text.str().c_str()), db);
        std::cout << (a.flag("json") ? "{\"loaded\":true}" : "loaded the instrument definition")
                  << "\n";
        return 0;
    }
    if (verb == "set-cutoff") {
        a.allow({"instrument", "cutoff", "value"});
        a.allow_positionals(2, 0);
        double value = number_opt(a, "value");
        Db db(a, true);
        check(mend_instrument_set_cutoff(db, required(a, "instrument").c_str(),
                                         required(a, "cutoff").c_str(), value),
              db);
        std::cout << (a.flag("json") ? "{\"updated\":true}" : "cut-off updated") << "\n";
        return 0;
    }
    if (verb == "create") {
        a.allow({"client", "case", "instrument", "items", "date", "prorate"});
        a.allow_positionals(2, 0);
        auto items = parse_items(required(a, "items"));
        mend_measure_fields f = MEND_MEASURE_FIELDS_INIT;
        f.client_id = id_opt(a, "client", true);
        f.case_id = id_opt(a, "case", false);
        f.instrument = required(a, "instrument").c_str();
        f.administered_on = opt(a, "date");
        f.answers = items.data();
        f.answer_count = items.size();
        if (auto p = a.get("prorate")) {
            if (*p != "yes" && *p != "no") throw UsageError("--prorate takes yes or no");
            f.missing_policy = *p == "yes" ? "prorate" : "complete";
        }
        Db db(a, true);
        int64_t id = 0;
        check(mend_measure_create(&id, db, &f), db);
        char* js = nullptr;
        auto m = fetch(db, mend_measure_get_json(&js, db, id), js);
        if (a.flag("json"))
            std::cout << m.dump(2) << "\n";
        else
            print_score(m);
        return 0;
    }
    if (verb == "show") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which administration? give its id");
        long long id = to_int(a.word(2), "administration id");
        Db db(a, true);
        char* js = nullptr;
        auto m = fetch(db, mend_measure_get_json(&js, db, id), js);
        if (a.flag("json"))
            std::cout << m.dump(2) << "\n";
        else
            print_score(m);
        return 0;
    }
    if (verb == "series") {
        a.allow({"client", "instrument"});
        a.allow_positionals(2, 0);
        int64_t client = id_opt(a, "client", true);
        Db db(a, true);
        char* js = nullptr;
        auto s = fetch(
            db, mend_measure_series_json(&js, db, client, required(a, "instrument").c_str()), js);
        if (a.flag("json")) {
            std::cout << s.dump(2) << "\n";
            return 0;
        }
        std::cout << s["abbreviation"].get<std::string>() << " series for client " << client
                  << "\n";
        std::vector<json> rows;
        for (const auto& p : s["points"]) {
            json r = {{"id", p["administration_id"]},
                      {"date", p["date"]},
                      {"total", num(p["total"])},
                      {"band", p["band"]}};
            r["vs previous"] = p["change_from_previous"].is_null()
                                   ? ""
                                   : p["change_from_previous"]["classification"];
            r["vs first"] = p["change_from_baseline"].is_null()
                                ? ""
                                : p["change_from_baseline"]["classification"];
            rows.push_back(r);
        }
        print_records(a, rows, {"id", "date", "total", "band", "vs previous", "vs first"});
        return 0;
    }
    if (verb == "sustained") {
        a.allow({"client", "instrument", "comparator", "value", "count", "min-days"});
        a.allow_positionals(2, 0);
        int64_t client = id_opt(a, "client", true);
        double value = number_opt(a, "value");
        int count = a.has("count") ? static_cast<int>(to_int(*a.get("count"), "--count")) : 1;
        int days =
            a.has("min-days") ? static_cast<int>(to_int(*a.get("min-days"), "--min-days")) : 0;
        Db db(a, true);
        char* js = nullptr;
        auto r = fetch(
            db,
            mend_measure_sustained_json(&js, db, client, required(a, "instrument").c_str(),
                                        required(a, "comparator").c_str(), value, count, days),
            js);
        if (a.flag("json")) {
            std::cout << r.dump(2) << "\n";
            return 0;
        }
        std::cout << r["instrument"].get<std::string>() << ": " << r["condition"].get<std::string>()
                  << ": " << (r["met"].get<bool>() ? "held" : "not held") << " (" << r["found"]
                  << " of " << r["needed"] << ")\n";
        for (const auto& p : r["evidence"])
            std::cout << "  " << p["date"].get<std::string>() << "  " << num(p["total"]) << "\n";
        return 0;
    }
    if (verb == "change") {
        a.allow({"from", "to"});
        a.allow_positionals(2, 0);
        int64_t from = id_opt(a, "from", true), to = id_opt(a, "to", true);
        Db db(a, true);
        char* js = nullptr;
        auto c = fetch(db, mend_measure_change_json(&js, db, from, to), js);
        if (a.flag("json"))
            std::cout << c.dump(2) << "\n";
        else
            std::cout << c["instrument"].get<std::string>() << ": "
                      << num(c.value("before", json())) << " -> " << num(c.value("after", json()))
                      << ": " << c["classification"].get<std::string>() << " ("
                      << c["direction"].get<std::string>() << ")\n";
        return 0;
    }
    if (verb.empty()) throw UsageError("mend measure needs a subcommand");
    throw UsageError("unknown subcommand 'mend measure " + verb + "'");
}

} // namespace

int cmd_measure(const Args& a) {
    return measure(a);
}

int cmd_safety(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow(
            {"client", "case", "date", "ipv", "ipv-instrument", "suicide", "suicide-instrument"});
        a.allow_positionals(2, 0);
        mend_safety_screen_fields f = MEND_SAFETY_SCREEN_FIELDS_INIT;
        f.client_id = id_opt(a, "client", true);
        f.case_id = id_opt(a, "case", false);
        f.administered_on = opt(a, "date");
        f.ipv = required(a, "ipv").c_str();
        f.ipv_instrument = opt(a, "ipv-instrument");
        f.suicide_risk = required(a, "suicide").c_str();
        f.suicide_instrument = opt(a, "suicide-instrument");
        Db db(a, true);
        int64_t id = 0;
        check(mend_safety_screen_create(&id, db, &f), db);
        if (a.flag("json"))
            std::cout << json{{"id", id}}.dump() << "\n";
        else
            std::cout << "recorded safety screen " << id << "\n";
        return 0;
    }
    if (verb == "list") {
        a.allow({"client"});
        a.allow_positionals(2, 0);
        int64_t client = id_opt(a, "client", true);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_safety_screen_list_json(&js, db, client), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"id", "administered_on", "ipv", "ipv_instrument", "suicide_risk",
                       "suicide_instrument"});
        return 0;
    }
    if (verb.empty()) throw UsageError("mend safety needs a subcommand: create or list");
    throw UsageError("unknown subcommand 'mend safety " + verb + "'");
}

int cmd_flag(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "list") {
        a.allow({"client", "case", "clinician", "all"});
        a.allow_positionals(2, 0);
        mend_safety_flag_list_options o = MEND_SAFETY_FLAG_LIST_OPTIONS_INIT;
        o.client_id = id_opt(a, "client", false);
        o.case_id = id_opt(a, "case", false);
        o.clinician_id = id_opt(a, "clinician", false);
        o.include_resolved = a.flag("all");
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_safety_flag_list_json(&js, db, &o), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"id", "client_id", "severity", "code", "raised_on", "status", "message"});
        return 0;
    }
    if (verb == "resolve") {
        a.allow({"note"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which flag? give its id");
        long long id = to_int(a.word(2), "flag id");
        Db db(a, true);
        check(mend_safety_flag_resolve(db, id, required(a, "note").c_str()), db);
        if (a.flag("json"))
            std::cout << json{{"id", id}, {"resolved", true}}.dump() << "\n";
        else
            std::cout << "resolved flag " << id << "\n";
        return 0;
    }
    if (verb.empty()) throw UsageError("mend flag needs a subcommand: list or resolve");
    throw UsageError("unknown subcommand 'mend flag " + verb + "'");
}

} // namespace mend::cli
