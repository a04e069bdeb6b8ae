// `mend demo`: a realistic small practice for trying mend out. Every name
// and date is fictional; dates are set relative to today so the practice
// always looks current, and the history is replayed in date order with the
// handle's clock on each day, so that every gate passes on its own evidence.
#include "commands.hpp"
#include "output.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <tuple>
#include <vector>

namespace mend::cli {

namespace {

std::string days_ago(int days) {
    std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// "Now" for the handle at noon UTC on a day `days` ago.
void set_day(mend_db* db, int days) {
    std::string now = days_ago(days) + "T12:00:00Z";
    check(mend_practice_set_now(db, now.c_str()), db);
}

// The practice's history as events on days; run() replays them oldest first
// (those of one day in the order added) with the handle's clock on that day.
struct Timeline {
    std::vector<std::pair<int, std::function<void()>>> events;
    void at(int days, std::function<void()> f) { events.emplace_back(days, std::move(f)); }
    void run(mend_db* db) {
        std::stable_sort(events.begin(), events.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (auto& [days, f] : events) {
            set_day(db, days);
            f();
        }
    }
};

struct Progress {
    bool show = stderr_is_terminal();
    int done = 0, total;
    explicit Progress(int total) : total(total) {}
    void step(const char* what) {
        ++done;
        if (show) std::fprintf(stderr, "\r[%2d/%2d] %-40s", done, total, what);
    }
    ~Progress() {
        if (show) std::fprintf(stderr, "\r%60s\r", "");
    }
};

struct Person {
    const char *ext, *given, *family, *preferred, *pronouns;
    int age;
};

int64_t add_client(mend_db* db, const Person& p) {
    std::string dob = days_ago(p.age * 365 + 40);
    mend_client_fields f = MEND_CLIENT_FIELDS_INIT;
    f.external_id = p.ext;
    f.given_name = p.given;
    f.family_name = p.family;
    f.preferred_name = p.preferred;
    f.pronouns = p.pronouns;
    f.date_of_birth = dob.c_str();
    int64_t id = 0;
    check(mend_client_create(&id, db, &f), db);
    return id;
}

int64_t add_couple(mend_db* db, int64_t a, int64_t b, const char* status, int years, int children,
                   const char* policy, const char* ext) {
    std::string since = days_ago(years * 365);
    mend_couple_fields f = MEND_COUPLE_FIELDS_INIT;
    f.client_a_id = a;
    f.client_b_id = b;
    f.relationship_status = status;
    f.relationship_start = since.c_str();
    f.children_in_household = children;
    f.secrets_policy = policy;
    f.external_id = ext;
    int64_t id = 0;
    check(mend_couple_create(&id, db, &f), db);
    return id;
}

int64_t add_case(mend_db* db, const char* kind, int64_t client, int64_t couple, int64_t clinician,
                 int opened_days_ago, int64_t linked, const char* ext) {
    std::string opened = days_ago(opened_days_ago);
    mend_case_fields f = MEND_CASE_FIELDS_INIT;
    f.kind = kind;
    f.client_id = client;
    f.couple_id = couple;
    f.primary_clinician_id = clinician;
    f.opened_on = opened.c_str();
    f.linked_case_id = linked;
    f.external_id = ext;
    int64_t id = 0;
    check(mend_case_create(&id, db, &f), db);
    return id;
}

// Answers that add up to `total`, spread over `n` items of 0..max, highest
// first: a plausible form for a chosen total.
std::vector<int> spread(int n, int max, int total) {
    std::vector<int> items(n, 0);
    for (int i = 0; total > 0; i = (i + 1) % n)
        if (items[i] < max) {
            ++items[i];
            --total;
        }
    return items;
}

int administrations = 0;

void measure(mend_db* db, int64_t client, int64_t case_id, const char* instrument, int days,
             std::vector<int> answers) {
    ++administrations;
    std::string on = days_ago(days);
    mend_measure_fields f = MEND_MEASURE_FIELDS_INIT;
    f.client_id = client;
    f.case_id = case_id;
    f.instrument = instrument;
    f.administered_on = on.c_str();
    f.answers = answers.data();
    f.answer_count = answers.size();
    int64_t id = 0;
    check(mend_measure_create(&id, db, &f), db);
}

// A series of totals, one every `step` days, the last `last_days` ago, each
// recorded on its day. `case_id` is read when the event runs.
void series(Timeline& tl, mend_db* db, int64_t client, const int64_t& case_id,
            const char* instrument, int items, int max, int step, int last_days,
            std::initializer_list<int> totals) {
    int days = last_days + step * (static_cast<int>(totals.size()) - 1);
    for (int t : totals) {
        // PHQ-9 item 9 (thoughts of self-harm) is left at 0 here: the demo
        // raises that flag once, on purpose, for Riley below.
        bool phq9 = std::string(instrument) == "phq9";
        auto answers = spread(phq9 ? items - 1 : items, max, t);
        if (phq9) answers.push_back(0);
        tl.at(days, [=, &case_id] { measure(db, client, case_id, instrument, days, answers); });
        days -= step;
    }
}

void screen(mend_db* db, int64_t client, int64_t case_id, int days, const char* ipv,
            const char* suicide) {
    std::string on = days_ago(days);
    mend_safety_screen_fields f = MEND_SAFETY_SCREEN_FIELDS_INIT;
    f.client_id = client;
    f.case_id = case_id;
    f.administered_on = on.c_str();
    f.ipv = ipv;
    f.ipv_instrument = "HITS";
    f.suicide_risk = suicide;
    f.suicide_instrument = "C-SSRS screener";
    int64_t id = 0;
    check(mend_safety_screen_create(&id, db, &f), db);
}

void attest(mend_db* db, int64_t kase, int64_t client, const char* code, const char* value = "yes",
            int since_days = -1) {
    std::string since = since_days >= 0 ? days_ago(since_days) : "";
    mend_attestation_fields f = MEND_ATTESTATION_FIELDS_INIT;
    f.case_id = kase;
    f.client_id = client;
    f.code = code;
    f.value = value;
    f.effective_on = since_days >= 0 ? since.c_str() : nullptr;
    int64_t id = 0;
    check(mend_attestation_create(&id, db, &f), db);
}

void start(mend_db* db, int64_t kase, const char* protocol, int64_t betrayed, int days) {
    std::string on = days_ago(days);
    check(mend_phase_start(db, kase, protocol, betrayed, on.c_str()), db);
}

void advance(mend_db* db, int64_t kase, const char* to, int days) {
    std::string on = days_ago(days);
    check(mend_phase_advance(db, kase, to, nullptr, on.c_str()), db);
}

void agreement(mend_db* db, int64_t kase, const char* kind, const char* text, int days) {
    std::string on = days_ago(days), review = days_ago(days - 56);
    mend_agreement_fields f = MEND_AGREEMENT_FIELDS_INIT;
    f.case_id = kase;
    f.kind = kind;
    f.text = text;
    f.agreed_on = on.c_str();
    f.review_on = review.c_str();
    int64_t id = 0;
    check(mend_agreement_create(&id, db, &f), db);
}

void plan(mend_db* db, int64_t kase, const char* phase, const std::string& json) {
    int version = 0;
    check(mend_plan_set(&version, db, kase, phase, json.c_str()), db);
}

// What a clinician might write in each phase, per note field.
struct PhaseText {
    const char* phase;
    const char* observed;
    const char* assessment;
    const char* plan;
};
const PhaseText phase_texts[] = {
    {"intake",
     "Both partners describe the discovery and its aftermath; screened separately for safety.",
     "Acute distress after discovery of the affair; no current violence reported.",
     "Individual screening, safety plan, psychoeducation on betrayal trauma."},
    {"safety_stabilisation",
     "Hurt partner reports intrusive images and poor sleep; involved partner answers questions "
     "without defending.",
     "Trauma symptoms high but stabilising; boundaries holding.",
     "Grounding skills, transparency agreement, weekly check-ins."},
    {"impact_meaning",
     "The couple explored what the affair meant and the distance that preceded it.",
     "Processing is progressing; both tolerate difficult conversations.",
     "Continue impact work; prepare for the decision point."},
    {"decision_point",
     "Discussed the three paths: stay as is, part, or a committed period of couples work.",
     "The hurt partner's safety is improving; ambivalence is acknowledged.",
     "Record the decision; review readiness for relational work."},
    {"relational_repair", "The couple practised turning towards bids and repair conversations.",
     "Trust rebuilding with consistent transparency.",
     "Attunement exercises; review the transparency agreement."},
    {"separation_support", "Planned how to tell the children and share parenting time.",
     "Parting with care; conflict contained.",
     "Co-parenting agreement; individual support for both."},
};

const PhaseText& text_for(const std::string& phase) {
    for (const auto& t : phase_texts)
        if (phase == t.phase) return t;
    return phase_texts[1];
}

// Weekly sessions from `first_days` ago to `last_days` ago, each with a note
// in a rotating format, signed the same day but the fifth (a late entry,
// signed five days on) and the latest (still a draft). Returns the count.
int sessions_with_notes(Timeline& tl, mend_db* db, const int64_t& kase, std::vector<int64_t> who,
                        int64_t patient, const char* cpt, int minutes, int first_days,
                        int last_days) {
    static const char* formats[] = {"soap", "dap", "birp", "free"};
    auto notes = std::make_shared<std::vector<int64_t>>();
    int n = 0;
    for (int days = first_days; days >= last_days; days -= 7, ++n) {
        bool latest = days - 7 < last_days;
        tl.at(days, [=, &kase] {
            std::string at = days_ago(days) + "T10:00";
            mend_session_fields f = MEND_SESSION_FIELDS_INIT;
            f.case_id = kase;
            f.starts_at = at.c_str();
            f.duration_minutes = minutes;
            f.modality = n % 3 == 2 ? "video" : "in_person";
            f.participants = who.data();
            f.participant_count = who.size();
            f.identified_patient_id = patient;
            f.cpt_code = cpt;
            int64_t session = 0;
            check(mend_session_create(&session, db, &f), db);
            char* js = nullptr;
            check(mend_session_get_json(&js, db, session), db);
            auto s = nlohmann::json::parse(take(js));
            const PhaseText& t =
                text_for(s["phase"].is_null() ? "intake" : s["phase"].get<std::string>());
            std::string format = formats[n % 4];
            nlohmann::json content;
            if (format == "soap")
                content = {{"subjective", t.observed},
                           {"objective", "Engaged, affect congruent."},
                           {"assessment", t.assessment},
                           {"plan", t.plan}};
            else if (format == "dap")
                content = {{"data", t.observed}, {"assessment", t.assessment}, {"plan", t.plan}};
            else if (format == "birp")
                content = {{"behavior", t.observed},
                           {"intervention", "Reflective listening; psychoeducation."},
                           {"response", t.assessment},
                           {"plan", t.plan}};
            else
                content = {{"text", std::string(t.observed) + " " + t.assessment},
                           {"plan", t.plan}};
            content["risk"] = "No current risk to self or others reported.";
            content["interventions"] = {"Psychoeducation", "Emotion regulation"};
            int64_t note = 0;
            std::string body = content.dump();
            check(mend_note_create(&note, db, session, format.c_str(), body.c_str()), db);
            if (!latest && n != 4) check(mend_note_sign(db, note), db);
            notes->push_back(note);
        });
        if (n == 4 && !latest)
            tl.at(days - 5, [=] { check(mend_note_sign(db, notes->at(4)), db); });
        if (n == 2 && !latest)
            tl.at(days - 1, [=] {
                int64_t addendum = 0;
                check(mend_note_addendum_create(
                          &addendum, db, notes->at(2),
                          "Correction: the session was held by video, not in person.",
                          "Modality recorded wrongly"),
                      db);
            });
    }
    return n;
}

} // namespace

int cmd_demo(const Args& a) {
    a.allow({"force", "plaintext"});
    a.allow_positionals(1, 0);
    std::string where = a.has("db") ? *a.get("db") : "mend-demo.db";
    bool url = where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
    // The demo is keyed: its key file is --key-file (or MEND_KEY_FILE), else
    // beside the database (./mend-demo.key for a URL), made when missing.
    std::optional<std::string> key_file;
    if (a.flag("plaintext") && a.has("key-file"))
        throw UsageError("--plaintext writes a demo without keys: leave out --key-file");
    if (!a.flag("plaintext")) {
        key_file = key_file_location(a);
        if (!key_file) {
            const auto slash = where.rfind('/');
            const auto dot = where.rfind('.');
            const bool has_ext =
                !url && dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
            key_file = url ? "mend-demo.key" : (has_ext ? where.substr(0, dot) : where) + ".key";
        }
    }
    if (!url && std::filesystem::exists(where)) {
        if (!a.flag("force"))
            throw Failure(where + " already exists; pass --force to replace it with a new demo",
                          mend_errstr(MEND_EEXISTS));
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(where + suffix);
    }
    Args open_args = a;
    open_args.options["db"] = where;
    if (key_file) {
        if (!std::filesystem::exists(*key_file))
            check(mend_key_file_create(key_file->c_str()), nullptr);
        open_args.options["key-file"] = *key_file;
    }
    Db db(open_args, false, true);
    Progress progress(10);
    // The practice opened before its oldest case; the timeline below moves
    // the clock on, day by day.
    set_day(db, 220);

    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    admin.display_name = "Dr. Maya Okafor";
    admin.credentials = "PhD, LMFT";
    admin.external_id = "staff-okafor";
    int64_t okafor = 0;
    check(mend_practice_init(&okafor, db, "Harbour Light Couples Therapy", &admin), db);
    progress.step("practice and admin");

    mend_clinician_fields clin = MEND_CLINICIAN_FIELDS_INIT;
    clin.display_name = "Jordan Reyes";
    clin.credentials = "LPC, CSAT";
    clin.role = "clinician";
    clin.external_id = "staff-reyes";
    int64_t reyes = 0;
    check(mend_clinician_create(&reyes, db, &clin), db);
    progress.step("clinicians");

    // All of it commits together or not at all.
    check(mend_transaction_begin(db), db);
    // Couple 1: a recent discovery, both partners in individual work too.
    int64_t jamie = add_client(db, {"ehr-1001", "Jamie", "Morgan", nullptr, "she/her", 41});
    int64_t alex = add_client(db, {"ehr-1002", "Alexander", "Morgan", "Alex", "he/him", 43});
    progress.step("clients: the Morgans");
    // Couple 2: separated after an affair, deciding whether to part.
    int64_t sam = add_client(db, {"ehr-1003", "Samira", "Haddad", "Sam", "she/her", 36});
    int64_t chris = add_client(db, {"ehr-1004", "Christopher", "Adeyemi", "Chris", "he/him", 38});
    progress.step("clients: Haddad and Adeyemi");
    // Couple 3: a partner's compulsive sexual behaviour; no-secrets agreement.
    int64_t taylor = add_client(db, {"ehr-1005", "Taylor", "Brooks", nullptr, "they/them", 45});
    int64_t morgan = add_client(db, {"ehr-1006", "Morgan", "Brooks", nullptr, "he/him", 47});
    progress.step("clients: the Brookses");
    // An individual client whose partner is not in treatment.
    int64_t riley = add_client(db, {"ehr-1007", "Riley", "Chen", nullptr, "she/her", 33});
    progress.step("client: Riley Chen");

    int64_t morgans = add_couple(db, jamie, alex, "together", 14, 2, "confidential", "cpl-2001");
    int64_t haddad = add_couple(db, sam, chris, "separated", 9, 1, "limited_secrets", "cpl-2002");
    int64_t brooks = add_couple(db, taylor, morgan, "together", 21, 3, "no_secrets", "cpl-2003");
    progress.step("couples");

    // The practice's history, replayed in date order with the handle's clock
    // on each day: every gate is judged on the evidence of its day, and every
    // attestation, signature and move carries the date it was made.
    Timeline tl;
    int64_t c_morgans = 0, c_jamie = 0, c_alex = 0, c_haddad = 0, c_brooks = 0, c_brooks_m = 0,
            c_riley = 0;

    // The Morgans: trauma first, then through the trauma gate into
    // relational repair; Jamie's own trauma work beside the couple's.
    tl.at(120, [&] {
        c_morgans = add_case(db, "conjoint", 0, morgans, reyes, 120, 0, "case-3001");
        c_jamie = add_case(db, "individual", jamie, 0, okafor, 130, c_morgans, "case-3002");
        start(db, c_morgans, "betrayal_trauma_couples", jamie, 120);
        start(db, c_jamie, "betrayal_trauma_individual", 0, 130);
    });
    tl.at(118, [&] {
        c_alex = add_case(db, "individual", alex, 0, reyes, 118, c_morgans, "case-3003");
        for (int64_t who : {jamie, alex}) {
            screen(db, who, c_morgans, 118, "none", "none");
            attest(db, c_morgans, who, "conjoint_consent");
        }
    });
    tl.at(117, [&] {
        advance(db, c_morgans, "safety_stabilisation", 117);
        advance(db, c_jamie, "safety_stabilisation", 117);
    });
    tl.at(112, [&] {
        attest(db, c_morgans, alex, "contact_ended");
        attest(db, c_morgans, 0, "disclosure_completed");
    });
    tl.at(110, [&] {
        agreement(db, c_morgans, "boundary",
                  "No contact with the affair partner; Alex shares his phone and calendar on "
                  "request",
                  110);
    });
    // Felt safety, as Jamie's clinician rates it: 4 at first, 5 the day
    // before the couple moved on to impact and meaning, 8 before relational work.
    series(tl, db, jamie, c_morgans, "felt_safety", 1, 10, 26, 8, {4, 5, 6, 7, 8});
    tl.at(85, [&] { advance(db, c_morgans, "impact_meaning", 85); });
    tl.at(60, [&] { attest(db, c_morgans, alex, "accountability"); });
    tl.at(55, [&] { advance(db, c_morgans, "decision_point", 55); });
    // Rescreened privately before relational work.
    tl.at(20, [&] {
        for (int64_t who : {jamie, alex})
            screen(db, who, c_morgans, 20, "none", "none");
    });
    tl.at(10, [&] { attest(db, c_morgans, 0, "decision", "committed_work"); });
    tl.at(5, [&] {
        attest(db, c_morgans, jamie, "relational_readiness");
        for (int64_t who : {jamie, alex})
            attest(db, c_morgans, who, "relational_consent");
    });
    tl.at(3, [&] {
        advance(db, c_morgans, "relational_repair", 3);
        plan(
            db, c_morgans, "relational_repair",
            R"({"problems": ["Trust ruptured by a year-long affair", "Emotional distance that preceded the affair"],
      "goals": [{"text": "Rebuild trust through consistent transparency", "objectives": [{"text": "Both partners' CSI-4 above 13.5", "measure": {"instrument": "csi4", "comparator": ">", "value": 13.5}}]},
                {"text": "Keep Jamie's trauma symptoms settled", "objectives": [{"text": "PCL-5 below 33", "measure": {"instrument": "pcl5", "comparator": "<", "value": 33}}]}],
      "interventions": ["Gottman attune exercises", "Weekly check-ins on the transparency agreement"],
      "review_on": ")" +
                days_ago(-42) + R"("})");
    });
    // Jamie's trauma symptoms fall over four months; the last two PCL-5s are
    // below 33, three weeks apart. Alex's own depression eases.
    series(tl, db, jamie, c_jamie, "pcl5", 20, 4, 21, 6, {51, 47, 40, 36, 31, 27});
    series(tl, db, jamie, c_morgans, "csi4", 4, 5, 42, 10, {5, 7, 9});
    series(tl, db, alex, c_morgans, "phq9", 9, 2, 28, 8, {16, 14, 11, 9});
    series(tl, db, alex, c_morgans, "csi4", 4, 5, 42, 10, {9, 12, 15});

    // The Brookses: compulsive sexual behaviour; an override on the way, and
    // now blocked at the trauma gate while Taylor's symptoms stay high.
    tl.at(200, [&] {
        c_brooks = add_case(db, "conjoint", 0, brooks, reyes, 200, 0, "case-3005");
        c_brooks_m = add_case(db, "individual", morgan, 0, reyes, 210, c_brooks, "case-3006");
        start(db, c_brooks, "betrayal_trauma_couples_csb", taylor, 200);
        start(db, c_brooks_m, "betrayal_trauma_individual", 0, 210);
    });
    tl.at(198, [&] {
        for (int64_t who : {taylor, morgan}) {
            screen(db, who, c_brooks, 198, "none", "none");
            attest(db, c_brooks, who, "conjoint_consent");
        }
    });
    tl.at(195, [&] { advance(db, c_brooks, "safety_stabilisation", 195); });
    tl.at(192, [&] {
        attest(db, c_brooks, morgan, "contact_ended");
        attest(db, c_brooks, 0, "disclosure_completed");
    });
    tl.at(190, [&] {
        agreement(db, c_brooks, "boundary",
                  "No pornography or chat sites; Morgan attends two 12-step meetings a week", 190);
    });
    tl.at(170, [&] {
        std::string on = days_ago(170);
        check(mend_phase_override(db, c_brooks, "impact_meaning",
                                  "Taylor's felt safety was discussed in session but not rated; "
                                  "both asked to move on; agreed in supervision",
                                  nullptr, on.c_str()),
              db);
    });
    tl.at(150, [&] { attest(db, c_brooks, morgan, "sobriety", "yes", 150); });
    tl.at(120, [&] { attest(db, c_brooks, morgan, "accountability"); });
    // Screens go out of date after 90 days: rescreened privately.
    tl.at(100, [&] {
        for (int64_t who : {taylor, morgan})
            screen(db, who, c_brooks, 100, "none", "none");
    });
    tl.at(90, [&] { advance(db, c_brooks, "decision_point", 90); });
    tl.at(85, [&] { attest(db, c_brooks, 0, "decision", "committed_work"); });
    tl.at(30, [&] {
        plan(db, c_brooks, "decision_point",
             R"({"problems": ["Taylor's intrusive images and hypervigilance since discovery"],
      "goals": [{"text": "Settle Taylor's trauma symptoms before relational work", "objectives": [{"text": "PCL-5 below 33 twice, 14 days apart", "measure": {"instrument": "pcl5", "comparator": "<", "value": 33}}]},
                {"text": "Prepare Morgan's therapeutic disclosure"}],
      "interventions": ["Individual trauma work for Taylor", "Disclosure preparation with Morgan's CSAT"],
      "review_on": ")" +
                 days_ago(7) + R"("})");
    });
    tl.at(20, [&] { attest(db, c_brooks, taylor, "relational_readiness", "no"); });
    // Taylor, partner of a partner with compulsive sexual behaviour: slow improvement.
    series(tl, db, taylor, c_brooks, "pcl5", 20, 4, 28, 9, {62, 58, 55, 49, 45, 41, 38});
    series(tl, db, taylor, c_brooks, "gad7", 7, 3, 28, 9, {17, 15, 14, 12});
    series(tl, db, morgan, c_brooks, "csi4", 4, 5, 56, 9, {11, 13, 14});

    // Haddad and Adeyemi: separated; stabilisation for four weeks, then the
    // decision to part. Separation support is treatment: it needs the
    // decision and the screens, not the involved partner's accountability.
    tl.at(60, [&] {
        c_haddad = add_case(db, "conjoint", 0, haddad, okafor, 60, 0, "case-3004");
        start(db, c_haddad, "betrayal_trauma_couples", sam, 60);
    });
    tl.at(58, [&] {
        for (int64_t who : {sam, chris}) {
            screen(db, who, c_haddad, 58, "none", "none");
            attest(db, c_haddad, who, "conjoint_consent");
        }
    });
    tl.at(57, [&] { advance(db, c_haddad, "safety_stabilisation", 57); });
    tl.at(52, [&] {
        agreement(db, c_haddad, "boundary",
                  "Contact about the children by text only; no visits unannounced", 52);
    });
    tl.at(50, [&] {
        attest(db, c_haddad, chris, "contact_ended");
        attest(db, c_haddad, 0, "disclosure_completed");
    });
    series(tl, db, sam, c_haddad, "felt_safety", 1, 10, 14, 20, {5, 5});
    tl.at(29, [&] { advance(db, c_haddad, "impact_meaning", 29); });
    tl.at(10, [&] { attest(db, c_haddad, 0, "decision", "part"); });
    tl.at(7, [&] { advance(db, c_haddad, "separation_support", 7); });
    // Sam's symptoms stay high while the couple is separated.
    series(tl, db, sam, c_haddad, "pcl5", 20, 4, 14, 5, {58, 61, 57, 59});
    series(tl, db, chris, c_haddad, "phq9", 9, 2, 28, 5, {12, 13});

    // Riley: individual work; a PHQ-9 raises the self-harm item once.
    tl.at(45, [&] {
        c_riley = add_case(db, "individual", riley, 0, okafor, 45, 0, "case-3007");
        start(db, c_riley, "betrayal_trauma_individual", 0, 45);
    });
    tl.at(44, [&] { screen(db, riley, c_riley, 44, "none", "none"); });
    tl.at(40, [&] { advance(db, c_riley, "safety_stabilisation", 40); });
    tl.at(31, [&] { measure(db, riley, c_riley, "phq9", 31, {3, 3, 2, 3, 2, 2, 2, 1, 1}); });
    series(tl, db, riley, c_riley, "phq9", 9, 3, 14, 3, {17, 15});
    series(tl, db, riley, c_riley, "gad7", 7, 3, 14, 3, {15, 12, 10});

    // Months of weekly sessions with notes, signed, a few with addenda.
    int notes = 0;
    notes += sessions_with_notes(tl, db, c_morgans, {jamie, alex}, jamie, "90847", 52, 118, 2);
    notes += sessions_with_notes(tl, db, c_jamie, {jamie}, 0, "90837", 55, 116, 4);
    notes += sessions_with_notes(tl, db, c_alex, {alex}, 0, "90834", 45, 116, 5);
    notes += sessions_with_notes(tl, db, c_haddad, {sam, chris}, sam, "90847", 50, 56, 3);
    notes += sessions_with_notes(tl, db, c_brooks, {taylor, morgan}, taylor, "90847", 50, 197, 1);
    notes += sessions_with_notes(tl, db, c_brooks_m, {morgan}, 0, "90834", 45, 199, 6);
    notes += sessions_with_notes(tl, db, c_riley, {riley}, 0, "90837", 53, 43, 1);
    tl.at(0, [&] {
        // The clinician's private process note, kept apart from the record.
        char* js = nullptr;
        check(mend_session_list_json(&js, db, c_brooks), db);
        auto list = nlohmann::json::parse(take(js));
        int64_t pn = 0;
        check(mend_process_note_create(
                  &pn, db, list.back()["id"].get<int64_t>(),
                  "Noticing my own frustration with the pace; take to supervision."),
              db);
    });
    tl.run(db);
    check(mend_practice_set_now(db, nullptr), db);
    progress.step("cases, measures, phases, sessions and notes");

    check(mend_transaction_commit(db), db);
    progress.step("committed");

    // The main job's product: the Morgans' treatment-phase report.
    std::string report_path =
        (url ? std::string("mend-demo")
             : where.substr(0, where.rfind('.') == std::string::npos ? where.size()
                                                                     : where.rfind('.'))) +
        "-report.html";
    {
        mend_report_options o = MEND_REPORT_OPTIONS_INIT;
        o.kind = "case";
        o.format = "html";
        o.case_id = c_morgans;
        check(mend_report_write(db, &o, report_path.c_str()), db);
    }
    progress.step("done");

    if (a.flag("json")) {
        std::cout
            << nlohmann::json{{"db", where},
                              {"clinicians",
                               {{{"id", okafor}, {"name", "Dr. Maya Okafor"}, {"role", "admin"}},
                                {{"id", reyes}, {"name", "Jordan Reyes"}, {"role", "clinician"}}}},
                              {"clients", 7},
                              {"couples", 3},
                              {"cases", 7},
                              {"administrations", administrations},
                              {"safety_screens", 11},
                              {"notes", notes},
                              {"report", report_path},
                              {"key_file",
                               key_file ? nlohmann::json(*key_file) : nlohmann::json(nullptr)}}
                   .dump(2)
            << "\n";
        return 0;
    }
    std::cout
        << "Demo practice \"Harbour Light Couples Therapy\" written to " << where << "\n\n"
        << "Clinicians (act as one with --as ID):\n"
        << "  " << okafor << "  Dr. Maya Okafor, PhD, LMFT  admin\n"
        << "  " << reyes << "  Jordan Reyes, LPC, CSAT     clinician\n\n"
        << "7 clients, 3 couples, 7 cases:\n"
        << "  the Morgans     conjoint case with Jordan Reyes; each partner also in individual "
           "work\n"
        << "  Haddad/Adeyemi  separated, conjoint case with Dr. Okafor (limited secrets)\n"
        << "  the Brookses    conjoint case with Jordan Reyes; Morgan in individual work\n"
        << "  Riley Chen      individual case with Dr. Okafor\n\n"
        << administrations
        << " outcome measures (PCL-5, PHQ-9, GAD-7, CSI-4, felt safety), 11 private safety\n"
        << "screens, and " << notes << " weekly sessions with notes (signed, some with addenda).\n"
        << "Phases, each move on the evidence of its day: the Morgans passed the trauma gate\n"
        << "into relational repair; the Brookses are blocked at it (an earlier gate was\n"
        << "overridden); Haddad and Adeyemi are on the separation path.\n\n"
        << "The Morgans' treatment-phase report (HTML, with charts): " << report_path << "\n\n";
    if (key_file)
        std::cout << "Its keys (the audit chain's key and the key that wraps its data key) are in "
                  << *key_file
                  << ", mode 0600: every command on this practice needs them, with --key-file or\n"
                  << "MEND_KEY_FILE. Without them the database can be identified, not read.\n\n"
                  << "Try:  export MEND_KEY_FILE=" << *key_file << "\n      ";
    else
        std::cout << "Try:  ";
    std::cout << "mend case list --db " << where << " --as " << reyes << "\n"
              << "      mend measure series --db " << where << " --as " << okafor << " --client "
              << jamie << " --instrument pcl5\n"
              << "      mend phase status --db " << where << " --as " << reyes << " --case "
              << c_brooks << "\n";
    return 0;
}

} // namespace mend::cli
