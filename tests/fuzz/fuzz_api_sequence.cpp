// libFuzzer harness: random sequences of C API calls on one handle.
//
// Each input starts from a copy of one SQLite practice (made once, in a
// scratch directory: an admin, a clinician, two clients and their couple, an
// individual and a conjoint case with their protocols started, a session
// with a signed note and a draft). The input's bytes then choose up to 64
// calls and their arguments: ids of records made so far or stray ones,
// strings from a pool of meaningful and hostile values or raw bytes.
//
// After every call, from a second handle on the same file (the admin):
//   - the call returned a documented code (MEND_ERROR is a defect);
//   - mend_note_verify_json says ok, and every note signed so far still has
//     the hash it was signed with;
//   - the audit log's sequence numbers since the last look are gap-free.
// After the sequence mend_db_verify_json says ok (SQLite integrity, foreign
// keys, every row readable, hashes, audit chain). Any failure aborts.
#include "capi_db.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <deque>
#include <filesystem>
#include <map>
#include <vector>

namespace {

using mend::fuzz::broken;
using mend::fuzz::expect_documented;
using mend::fuzz::take_json;
using nlohmann::json;

std::string g_template;
std::int64_t g_admin = 0, g_clinician = 0;
// The template's records, in creation order.
std::vector<std::int64_t> g_clients, g_couples, g_cases, g_sessions;
std::int64_t g_signed = 0, g_draft = 0;
// Over the whole run, printed at exit: calls made, accepted, refused.
long g_calls = 0, g_accepted = 0, g_inputs = 0;
void print_counts() {
    std::fprintf(stderr, "api_sequence: %ld inputs, %ld calls (%ld accepted, %ld refused)\n",
                 g_inputs, g_calls, g_accepted, g_calls - g_accepted);
}

const char* const pool[] = {
    "",
    "2026-11-02",
    "2026-02-30",
    "1899-12-31",
    "9999-12-31",
    "2026-11-02T10:00",
    "2026-11-02T10:00:00Z",
    "individual",
    "conjoint",
    "no_secrets",
    "confidential",
    "limited_secrets",
    "together",
    "separated",
    "soap",
    "free",
    "dap",
    "birp",
    "phq9",
    "gad7",
    "pcl5",
    "in_person",
    "video",
    "90834",
    "90847",
    "case",
    "caseload",
    "markdown",
    "html",
    "json",
    "active",
    "kept",
    "broken",
    "clinician",
    "supervisor",
    "admin",
    "betrayal_trauma_individual",
    "betrayal_trauma_couples",
    "betrayal_trauma_couples_csb",
    "safety_stabilisation",
    "intake",
    "{\"text\":\"a note\"}",
    "{\"subjective\":\"s\",\"objective\":\"o\",\"assessment\":\"a\",\"plan\":\"p\"}",
    "{\"problems\":[\"p\"],\"goals\":[{\"text\":\"g\"}],\"review_on\":\"2026-12-01\"}",
    "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"F\",\"given\":[\"G\"]}]}",
    "<script>x</script>",
    "'; DROP TABLE clients; --",
    "%s%n{}",
    "\xff\xfe",
    "\xc0\x80",
    "\xe2\x80\xae",
    "\x1b[2J",
    "America/Chicago",
    "Pacific/Kiritimati",
    "null",
};

struct Run {
    Run(FuzzedDataProvider& provider, mend_db* calls, mend_db* admin)
        : in(provider), db(calls), checker(admin) {}
    FuzzedDataProvider& in;
    mend_db* db;      // the handle the calls go to
    mend_db* checker; // the admin's second handle, for the invariants
    std::vector<std::int64_t> clinicians{g_admin, g_clinician};
    std::vector<std::int64_t> clients = g_clients, couples = g_couples, cases = g_cases,
                              sessions = g_sessions, agreements, measures, notes{g_signed, g_draft};
    std::map<std::int64_t, int> note_version{{g_draft, 1}};
    std::map<std::int64_t, std::string> signed_hash;
    long long last_seq = 0;

    std::string text() {
        if (in.ConsumeBool())
            return pool[in.ConsumeIntegralInRange<std::size_t>(0, std::size(pool) - 1)];
        return in.ConsumeRandomLengthString(96);
    }
    // Kept alive until the next call: the strings a call's arguments point to.
    std::deque<std::string> keep;
    const char* cstr() {
        if (in.ConsumeIntegralInRange<int>(0, 7) == 0) return nullptr;
        keep.push_back(text());
        return keep.back().c_str();
    }
    std::int64_t id(const std::vector<std::int64_t>& of) {
        switch (in.ConsumeIntegralInRange<int>(0, 9)) {
        case 0:
            return in.ConsumeIntegral<std::int64_t>();
        case 1:
            return 0;
        default:
            if (of.empty()) return in.ConsumeIntegralInRange<std::int64_t>(-1, 50);
            return of[in.ConsumeIntegralInRange<std::size_t>(0, of.size() - 1)];
        }
    }

    std::string hash_of(std::int64_t note) {
        char* s = nullptr;
        int rc = mend_note_get_json(&s, checker, note);
        if (rc != MEND_OK) broken("a signed note cannot be read", mend_errmsg(checker));
        auto j = take_json(s, "mend_note_get_json");
        return j.value("content_hash", std::string());
    }

    void check_invariants() {
        char* s = nullptr;
        if (mend_note_verify_json(&s, checker) != MEND_OK)
            broken("mend_note_verify_json", mend_errmsg(checker));
        auto v = take_json(s, "mend_note_verify_json");
        if (!v.value("ok", false)) broken("signed notes no longer verify", v.dump());
        for (const auto& [note, hash] : signed_hash)
            if (hash_of(note) != hash) broken("a signed note's hash changed");
        for (;;) {
            s = nullptr;
            if (mend_audit_list_json(&s, checker, last_seq, 500) != MEND_OK)
                broken("mend_audit_list_json", mend_errmsg(checker));
            auto events = take_json(s, "mend_audit_list_json");
            if (!events.is_array()) broken("the audit list is not an array");
            for (const auto& e : events) {
                long long seq = e.at("seq").get<long long>();
                if (seq != last_seq + 1)
                    broken("audit sequence gap",
                           std::to_string(last_seq) + " then " + std::to_string(seq));
                last_seq = seq;
            }
            if (events.size() < 500) break;
        }
    }

    void after(int rc, const char* call) {
        expect_documented(rc, call, db);
        ++g_calls;
        if (rc == MEND_OK) ++g_accepted;
        keep.clear();
        check_invariants();
    }

    void one_call() {
        char* out = nullptr;
        std::int64_t new_id = 0;
        int rc = MEND_OK;
        const char* call = "";
        switch (in.ConsumeIntegralInRange<int>(0, 27)) {
        case 0: {
            call = "mend_client_create";
            mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
            f.given_name = cstr();
            f.family_name = cstr();
            f.date_of_birth = in.ConsumeBool() ? cstr() : nullptr;
            f.external_id = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_client_create(&new_id, db, &f);
            if (rc == MEND_OK) clients.push_back(new_id);
            break;
        }
        case 1: {
            call = "mend_client_update";
            mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
            f.preferred_name = cstr();
            f.pronouns = in.ConsumeBool() ? cstr() : nullptr;
            f.email = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_client_update(db, id(clients), &f);
            break;
        }
        case 2:
            call = "mend_client_archive";
            rc = mend_client_archive(db, id(clients));
            break;
        case 3: {
            call = "mend_clinician_create";
            mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
            f.display_name = cstr();
            f.role = cstr();
            f.npi = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_clinician_create(&new_id, db, &f);
            if (rc == MEND_OK) clinicians.push_back(new_id);
            break;
        }
        case 4:
            call = "mend_actor_set";
            rc = mend_actor_set(db, id(clinicians));
            break;
        case 5: {
            call = "mend_couple_create";
            mend_couple_fields f = MEND_COUPLE_FIELDS_INIT;
            f.client_a_id = id(clients);
            f.client_b_id = id(clients);
            f.secrets_policy = cstr();
            f.relationship_status = in.ConsumeBool() ? cstr() : nullptr;
            f.children_in_household = in.ConsumeIntegralInRange<int>(-2, 12);
            rc = mend_couple_create(&new_id, db, &f);
            if (rc == MEND_OK) couples.push_back(new_id);
            break;
        }
        case 6: {
            call = "mend_case_create";
            mend_case_fields f = MEND_CASE_FIELDS_INIT;
            f.kind = cstr();
            f.client_id = in.ConsumeBool() ? id(clients) : 0;
            f.couple_id = in.ConsumeBool() ? id(couples) : 0;
            f.primary_clinician_id = id(clinicians);
            f.opened_on = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_case_create(&new_id, db, &f);
            if (rc == MEND_OK) cases.push_back(new_id);
            break;
        }
        case 7: {
            call = "mend_case_update";
            mend_case_fields f = MEND_CASE_FIELDS_INIT;
            f.status = cstr();
            f.closed_on = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_case_update(db, id(cases), &f);
            break;
        }
        case 8: {
            call = "mend_session_create";
            mend_session_fields f = MEND_SESSION_FIELDS_INIT;
            std::int64_t who[3] = {id(clients), id(clients), id(clients)};
            f.case_id = id(cases);
            f.starts_at = cstr();
            f.duration_minutes = in.ConsumeIntegralInRange<int>(-5, 600);
            f.modality = cstr();
            f.participants = who;
            f.participant_count = in.ConsumeIntegralInRange<std::size_t>(0, 3);
            f.identified_patient_id = id(clients);
            f.cpt_code = cstr();
            rc = mend_session_create(&new_id, db, &f);
            if (rc == MEND_OK) sessions.push_back(new_id);
            break;
        }
        case 9: {
            call = "mend_note_create";
            const char* format = cstr();
            const char* content = cstr();
            rc = mend_note_create(&new_id, db, id(sessions), format, content);
            if (rc == MEND_OK) {
                notes.push_back(new_id);
                note_version[new_id] = 1;
            }
            break;
        }
        case 10: {
            call = "mend_note_update";
            std::int64_t n = id(notes);
            int expected = in.ConsumeBool() ? note_version[n] : in.ConsumeIntegral<int>();
            const char* format = cstr();
            const char* content = cstr();
            int version = 0;
            rc = mend_note_update(&version, db, n, expected, format, content);
            if (rc == MEND_OK) note_version[n] = version;
            break;
        }
        case 11: {
            call = "mend_note_sign";
            std::int64_t n = id(notes);
            rc = mend_note_sign(db, n);
            if (rc == MEND_OK) signed_hash[n] = hash_of(n);
            break;
        }
        case 12: {
            call = "mend_note_addendum_create";
            const char* t = cstr();
            const char* reason = cstr();
            rc = mend_note_addendum_create(&new_id, db, id(notes), t, reason);
            break;
        }
        case 13:
            call = "mend_note_cosign";
            rc = mend_note_cosign(db, id(notes));
            break;
        case 14: {
            call = "mend_measure_create";
            mend_measure_fields f = MEND_MEASURE_FIELDS_INIT;
            int answers[40];
            for (int& a : answers)
                a = in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(-1, 4)
                                     : in.ConsumeIntegral<int>();
            f.client_id = id(clients);
            f.case_id = in.ConsumeBool() ? id(cases) : 0;
            f.instrument = cstr();
            f.administered_on = in.ConsumeBool() ? cstr() : nullptr;
            f.answers = answers;
            f.answer_count = in.ConsumeIntegralInRange<std::size_t>(0, 40);
            f.missing_policy = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_measure_create(&new_id, db, &f);
            if (rc == MEND_OK) measures.push_back(new_id);
            break;
        }
        case 15: {
            call = "mend_phase_start";
            std::int64_t c = id(cases);
            const char* protocol = cstr();
            rc = mend_phase_start(db, c, protocol, in.ConsumeBool() ? id(clients) : 0,
                                  in.ConsumeBool() ? cstr() : nullptr);
            break;
        }
        case 16: {
            std::int64_t c = id(cases);
            const char* to = cstr();
            const char* why = cstr();
            const char* on = in.ConsumeBool() ? cstr() : nullptr;
            switch (in.ConsumeIntegralInRange<int>(0, 2)) {
            case 0:
                call = "mend_phase_advance";
                rc = mend_phase_advance(db, c, to, why, on);
                break;
            case 1:
                call = "mend_phase_override";
                rc = mend_phase_override(db, c, to, why, cstr(), on);
                break;
            default:
                call = "mend_phase_back";
                rc = mend_phase_back(db, c, to, why, on);
            }
            break;
        }
        case 17: {
            call = "mend_plan_set";
            int version = 0;
            std::int64_t c = id(cases);
            const char* phase = cstr();
            rc = mend_plan_set(&version, db, c, phase, cstr());
            break;
        }
        case 18: {
            call = "mend_agreement_create";
            mend_agreement_fields f = MEND_AGREEMENT_FIELDS_INIT;
            f.case_id = id(cases);
            f.kind = cstr();
            f.text = cstr();
            f.agreed_on = in.ConsumeBool() ? cstr() : nullptr;
            f.review_on = in.ConsumeBool() ? cstr() : nullptr;
            rc = mend_agreement_create(&new_id, db, &f);
            if (rc == MEND_OK) agreements.push_back(new_id);
            break;
        }
        case 19: {
            call = "mend_agreement_update";
            std::int64_t a = id(agreements);
            const char* status = cstr();
            const char* note = cstr();
            rc = mend_agreement_update(db, a, status, note, in.ConsumeBool() ? id(clients) : 0);
            break;
        }
        case 20: {
            call = "mend_process_note_create";
            std::int64_t s = id(sessions);
            rc = mend_process_note_create(&new_id, db, s, cstr());
            break;
        }
        case 21: {
            call = "mend_report_render";
            mend_report_options o = MEND_REPORT_OPTIONS_INIT;
            o.kind = cstr();
            o.format = cstr();
            o.case_id = id(cases);
            o.from = in.ConsumeBool() ? cstr() : nullptr;
            o.to = in.ConsumeBool() ? cstr() : nullptr;
            o.include_note_text = in.ConsumeBool();
            rc = mend_report_render(&out, db, &o);
            mend_free(out);
            break;
        }
        case 22: {
            call = "mend_fhir_import";
            mend_fhir_import_options o = MEND_FHIR_IMPORT_OPTIONS_INIT;
            o.case_id = in.ConsumeBool() ? id(cases) : 0;
            const char* text = cstr();
            rc = mend_fhir_import(&out, db, text, &o);
            if (rc == MEND_OK) take_json(out, call);
            break;
        }
        case 23: {
            call = "mend_note_search_json";
            const char* q = cstr();
            rc = mend_note_search_json(&out, db, q, nullptr);
            if (rc == MEND_OK) take_json(out, call);
            break;
        }
        case 24: {
            call = "mend_fhir_export_json";
            mend_fhir_export_options o = MEND_FHIR_EXPORT_OPTIONS_INIT;
            o.case_id = id(cases);
            rc = mend_fhir_export_json(&out, db, &o);
            if (rc == MEND_OK) take_json(out, call);
            break;
        }
        case 25: {
            call = "mend_phase_evaluate_json";
            std::int64_t c = id(cases);
            rc = mend_phase_evaluate_json(&out, db, c, in.ConsumeBool() ? cstr() : nullptr);
            if (rc == MEND_OK) take_json(out, call);
            break;
        }
        case 26:
            call = "mend_practice_set_now";
            rc = mend_practice_set_now(db, cstr());
            break;
        default: {
            call = "mend_measure_change_json";
            std::int64_t from = id(measures);
            rc = mend_measure_change_json(&out, db, from, id(measures));
            if (rc == MEND_OK) take_json(out, call);
            break;
        }
        }
        after(rc, call);
    }
};

// The practice every input starts from.
void make_template() {
    g_template = mend::fuzz::scratch_dir() + "/template.db";
    mend_db* db = mend::fuzz::new_practice(g_template, &g_admin);
    auto must = [&](int rc, const char* call) {
        if (rc != MEND_OK) broken(call, mend_errmsg(db));
    };
    mend_practice_set_now(db, "2026-11-02T09:00:00Z");
    mend_clinician_fields cf = MEND_CLINICIAN_FIELDS_INIT;
    cf.display_name = "Dr. Clinician";
    cf.role = "clinician";
    must(mend_clinician_create(&g_clinician, db, &cf), "mend_clinician_create");
    for (const char* given : {"Ana", "Ben"}) {
        mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
        std::int64_t id = 0;
        f.given_name = given;
        f.family_name = "Fuzz";
        must(mend_client_create(&id, db, &f), "mend_client_create");
        g_clients.push_back(id);
    }
    mend_couple_fields pf = MEND_COUPLE_FIELDS_INIT;
    std::int64_t couple = 0;
    pf.client_a_id = g_clients[0];
    pf.client_b_id = g_clients[1];
    pf.secrets_policy = "limited_secrets";
    must(mend_couple_create(&couple, db, &pf), "mend_couple_create");
    g_couples.push_back(couple);
    std::int64_t individual = 0, conjoint = 0;
    mend_case_fields kf = MEND_CASE_FIELDS_INIT;
    kf.kind = "individual";
    kf.client_id = g_clients[0];
    kf.primary_clinician_id = g_admin;
    must(mend_case_create(&individual, db, &kf), "mend_case_create");
    kf = MEND_CASE_FIELDS_INIT;
    kf.kind = "conjoint";
    kf.couple_id = couple;
    kf.primary_clinician_id = g_admin;
    must(mend_case_create(&conjoint, db, &kf), "mend_case_create");
    g_cases = {individual, conjoint};
    must(mend_phase_start(db, individual, "betrayal_trauma_individual", 0, nullptr),
         "mend_phase_start");
    must(mend_phase_start(db, conjoint, "betrayal_trauma_couples", g_clients[0], nullptr),
         "mend_phase_start");
    mend_session_fields sf = MEND_SESSION_FIELDS_INIT;
    std::int64_t session = 0;
    sf.case_id = individual;
    sf.starts_at = "2026-11-02T08:00";
    sf.duration_minutes = 50;
    sf.modality = "in_person";
    sf.participants = &g_clients[0];
    sf.participant_count = 1;
    sf.identified_patient_id = g_clients[0];
    sf.cpt_code = "90834";
    must(mend_session_create(&session, db, &sf), "mend_session_create");
    g_sessions.push_back(session);
    must(mend_note_create(&g_signed, db, session, "free", "{\"text\":\"signed note\"}"),
         "mend_note_create");
    must(mend_note_sign(db, g_signed), "mend_note_sign");
    must(mend_note_create(&g_draft, db, session, "free", "{\"text\":\"draft\"}"),
         "mend_note_create");
    mend_close(db);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fs = std::filesystem;
    if (g_template.empty()) {
        make_template();
        std::atexit(print_counts);
    }
    ++g_inputs;
    const std::string work = mend::fuzz::scratch_dir() + "/work.db";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(work + suffix);
    fs::copy_file(g_template, work);

    FuzzedDataProvider in(data, size);
    Run run(in, mend::fuzz::open_as(work, g_admin), mend::fuzz::open_as(work, g_admin));
    mend_practice_set_now(run.db, "2026-11-02T09:00:00Z");
    run.signed_hash[g_signed] = run.hash_of(g_signed);
    run.check_invariants();
    for (int calls = 0; calls < 64 && in.remaining_bytes() > 0; ++calls)
        run.one_call();
    char* s = nullptr;
    if (mend_db_verify_json(&s, run.checker) != MEND_OK)
        broken("mend_db_verify_json", mend_errmsg(run.checker));
    auto v = take_json(s, "mend_db_verify_json");
    if (!v.value("ok", false)) broken("mend check finds damage", v.dump());
    mend_close(run.db);
    mend_close(run.checker);
    return 0;
}
