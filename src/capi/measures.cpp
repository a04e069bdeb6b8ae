#include "capi/support.hpp"

#include "domain/catalog.hpp"
#include "measures/definition_json.hpp"

using namespace mend::capi;

extern "C" {

int mend_instrument_list_json(char** out, mend_db* db) {
    return json_out(out, db, [&](mend::Practice& p) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& in : p.instruments())
            list.push_back(mend::measures::summary_json(in));
        return list;
    });
}

int mend_instrument_get_json(char** out, mend_db* db, const char* code) {
    return json_out(out, db,
                    [&](mend::Practice& p) { return p.instrument_json(text(code, "code")); });
}

int mend_instrument_load(mend_db* db, const char* definition_json) {
    return guarded(db,
                   [&] { practice(db).load_instrument(text(definition_json, "definition_json")); });
}

int mend_instrument_set_cutoff(mend_db* db, const char* instrument, const char* cutoff,
                               double value) {
    return guarded(db, [&] {
        practice(db).set_cutoff(text(instrument, "instrument"), text(cutoff, "cutoff"), value);
    });
}

int mend_measure_create(int64_t* out, mend_db* db, const mend_measure_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        const mend_measure_fields fv = versioned(fields, "fields");
        const mend_measure_fields* f = &fv;
        if (f->answer_count > mend::measure_answers_max)
            mend::fail(mend::Errc::invalid, "answer_count is too large");
        if (f->answer_count && !f->answers) mend::fail(mend::Errc::invalid, "answers is NULL");
        mend::MeasureInput in;
        in.client_id = f->client_id;
        in.case_id = f->case_id;
        in.instrument = text(f->instrument, "instrument");
        in.administered_on = f->administered_on ? f->administered_on : "";
        in.missing_policy = f->missing_policy ? f->missing_policy : "";
        for (size_t i = 0; i < f->answer_count; ++i) {
            int a = f->answers[i];
            if (a == MEND_ITEM_MISSING)
                in.answers.emplace_back(std::nullopt);
            else
                in.answers.emplace_back(a);
        }
        *out = practice(db).record_measure(in);
    });
}

int mend_measure_get_json(char** out, mend_db* db, int64_t id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.measure_json(id); });
}

int mend_measure_series_json(char** out, mend_db* db, int64_t client_id, const char* instrument) {
    return json_out(out, db, [&](mend::Practice& p) {
        return p.series_json(client_id, text(instrument, "instrument"));
    });
}

int mend_measure_change_json(char** out, mend_db* db, int64_t from_id, int64_t to_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.change_json(from_id, to_id); });
}

int mend_measure_sustained_json(char** out, mend_db* db, int64_t client_id, const char* instrument,
                                const char* comparator, double value, int count,
                                int min_days_apart) {
    return json_out(out, db, [&](mend::Practice& p) {
        return p.sustained_json(client_id, text(instrument, "instrument"),
                                text(comparator, "comparator"), value, count, min_days_apart);
    });
}

int mend_safety_screen_create(int64_t* out, mend_db* db, const mend_safety_screen_fields* fields) {
    return guarded(db, [&] {
        need(out, "out");
        const mend_safety_screen_fields fv = versioned(fields, "fields");
        const mend_safety_screen_fields* f = &fv;
        mend::measures::SafetyScreen s;
        s.client_id = f->client_id;
        s.case_id = f->case_id;
        s.administered_on = f->administered_on ? f->administered_on : "";
        s.ipv = text(f->ipv, "ipv");
        if (f->ipv_instrument) s.ipv_instrument = std::string(f->ipv_instrument);
        s.suicide_risk = text(f->suicide_risk, "suicide_risk");
        if (f->suicide_instrument) s.suicide_instrument = std::string(f->suicide_instrument);
        *out = practice(db).record_safety_screen(s);
    });
}

int mend_safety_screen_list_json(char** out, mend_db* db, int64_t client_id) {
    return json_out(out, db, [&](mend::Practice& p) { return p.safety_screens_json(client_id); });
}

int mend_safety_flag_list_json(char** out, mend_db* db, const mend_safety_flag_list_options* opts) {
    return json_out(out, db, [&](mend::Practice& p) {
        mend::store::FlagFilter filter;
        if (opts) {
            const mend_safety_flag_list_options o = versioned(opts, "opts");
            filter = {o.client_id, o.case_id, o.clinician_id, o.include_resolved != 0};
        }
        return p.flags_json(filter);
    });
}

int mend_safety_flag_resolve(mend_db* db, int64_t flag_id, const char* note) {
    return guarded(db, [&] { practice(db).resolve_flag(flag_id, text(note, "note")); });
}

} // extern "C"
