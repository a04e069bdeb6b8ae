/*
 * Privacy between partners, as a property over generated cases: for many
 * random couples (every secrets policy), with sessions of one partner, the
 * other, or both, in the conjoint case and in a linked individual case, each
 * note carrying a unique canary word, every client's record and every
 * search about a client holds exactly the notes of the sessions that client
 * took part in. One partner's individual-session note never reaches the
 * other's record or search, even when shared into conjoint work under a
 * no-secrets policy; process notes reach neither.
 */
#include "support.h"

static unsigned long long seed_state;
static unsigned next_random(unsigned bound) {
    seed_state = seed_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((seed_state >> 33) % bound);
}

#define MAX_NOTES 16

typedef struct generated {
    char canary[32];
    int with_a, with_b; /* who took part */
} generated;

static int64_t session(mend_db* db, int64_t kase, const int64_t* who, size_t n, int64_t patient,
                       const char* cpt, int minutes, int day) {
    return t_session(db, kase, who, n, patient, cpt, minutes, day, NULL);
}

/* Whether the client's record (with text) holds the canary. */
static int record_has(mend_db* db, int64_t client, const char* canary) {
    mend_note_list_options o = MEND_NOTE_LIST_OPTIONS_INIT;
    char* js = NULL;
    int found;
    o.client_id = client;
    o.include_text = 1;
    REQUIRE_OK(mend_note_list_json(&js, db, &o));
    found = strstr(js, canary) != NULL;
    mend_free(js);
    return found;
}

static int search_has(mend_db* db, int64_t client, const char* canary, int process_notes) {
    mend_note_search_options o = MEND_NOTE_SEARCH_OPTIONS_INIT;
    char* js = NULL;
    int found;
    o.client_id = client;
    o.include_process_notes = process_notes;
    REQUIRE_OK(mend_note_search_json(&js, db, canary, &o));
    found = strstr(js, canary) != NULL;
    mend_free(js);
    return found;
}

int main(int argc, char** argv) {
    static const char* policies[3] = {"no_secrets", "confidential", "limited_secrets"};
    int64_t admin, clin;
    mend_db* db;
    int round, rounds = 12, checked = 0;

    t_location(argc, argv, "capi_notes_privacy.db");
    db = t_fresh_practice(&admin);
    clin = t_clinician(db, "Cam Lin", "clinician", "cam");
    REQUIRE_OK(mend_actor_set(db, clin));

    for (round = 1; round <= rounds; ++round) {
        generated notes[MAX_NOTES];
        int n = 0, k;
        int64_t a, b, couple, conjoint, individual, both[2];
        char given[32];
        const char* policy = policies[round % 3];
        seed_state = (unsigned long long)round * 7919ULL;

        snprintf(given, sizeof given, "A%d", round);
        a = t_client(db, given, "Partner", NULL);
        snprintf(given, sizeof given, "B%d", round);
        b = t_client(db, given, "Partner", NULL);
        both[0] = a;
        both[1] = b;
        couple = t_couple(db, a, b, policy);
        conjoint = t_conjoint_case(db, couple, clin);
        individual = t_individual_case(db, a, clin);

        for (k = 0; k < MAX_NOTES - 1 && k < 6 + (int)next_random(8); ++k) {
            unsigned shape = next_random(4);
            int64_t s, note;
            char content[160];
            generated* g = &notes[n++];
            snprintf(g->canary, sizeof g->canary, "canary%dx%d", round, k);
            if (shape == 0) { /* both partners, conjoint */
                s = session(db, conjoint, both, 2, a, "90847", 50, 20 - k);
                g->with_a = g->with_b = 1;
            } else if (shape == 1) { /* A alone, in the couple's case */
                s = session(db, conjoint, &a, 1, 0, "90834", 45, 20 - k);
                g->with_a = 1;
                g->with_b = 0;
            } else if (shape == 2) { /* B alone, in the couple's case */
                s = session(db, conjoint, &b, 1, 0, "90834", 45, 20 - k);
                g->with_a = 0;
                g->with_b = 1;
            } else { /* A in A's individual case */
                s = session(db, individual, &a, 1, 0, "90837", 55, 20 - k);
                g->with_a = 1;
                g->with_b = 0;
            }
            snprintf(content, sizeof content, "{\"text\": \"Session words %.31s here\"}",
                     g->canary);
            REQUIRE_OK(mend_note_create(&note, db, s, "free", content));
            if (next_random(2)) REQUIRE_OK(mend_note_sign(db, note));
            /* Under no_secrets, share some individual notes into conjoint work. */
            if (shape != 0 && strcmp(policy, "no_secrets") == 0 && next_random(2) && shape != 3)
                CHECK_OK(mend_note_set_shareable(db, note, 1));
            /* A process note per session, never in any record or default search. */
            {
                int64_t pn;
                char text[64];
                snprintf(text, sizeof text, "process %.31sp", g->canary);
                REQUIRE_OK(mend_process_note_create(&pn, db, s, text));
            }
        }

        for (k = 0; k < n; ++k) {
            char process_canary[40];
            CHECK(record_has(db, a, notes[k].canary) == notes[k].with_a);
            CHECK(record_has(db, b, notes[k].canary) == notes[k].with_b);
            CHECK(search_has(db, a, notes[k].canary, 0) == notes[k].with_a);
            CHECK(search_has(db, b, notes[k].canary, 0) == notes[k].with_b);
            snprintf(process_canary, sizeof process_canary, "%.31sp", notes[k].canary);
            CHECK(!record_has(db, a, process_canary) && !record_has(db, b, process_canary));
            CHECK(!search_has(db, a, process_canary, 0) && !search_has(db, b, process_canary, 0));
            checked += 6;
        }
    }
    fprintf(stderr, "partner privacy: %d rounds, %d property checks\n", rounds, checked);
    mend_close(db);
    return t_finish();
}
