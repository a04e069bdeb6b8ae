// Sessions, progress notes (drafts, signatures, addenda, share marks),
// psychotherapy process notes, and full-text search.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"

#include <map>
#include <type_traits>

namespace mend::store {

namespace {
struct InsertParticipant : Prepared {
    long long session = 0, client = 0;
    explicit InsertParticipant(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(session));
        st.exchange(soci::use(client));
        compile("INSERT INTO session_participant (session_id, client_id) VALUES (:s, :c)");
    }
};

// A list of codes or ids as the text a column keeps: comma-separated, none
// as NULL.
template <class T> Text joined_list(const std::vector<T>& items) {
    if (items.empty()) return Text();
    std::string out;
    for (const auto& x : items) {
        if (!out.empty()) out += ',';
        if constexpr (std::is_same_v<T, std::string>)
            out += x;
        else
            out += std::to_string(x);
    }
    return out;
}

std::vector<std::string> split_list(const Text& text) {
    return text ? split(*text, ',') : std::vector<std::string>();
}

std::vector<Id> split_ids(const Text& text) {
    std::vector<Id> out;
    for (const auto& part : split_list(text)) {
        if (part.empty() || part.size() > 18 ||
            part.find_first_not_of("0123456789") != std::string::npos)
            fail(Errc::store, "a session's stored diagnosis pointers are damaged");
        out.push_back(std::stoll(part));
    }
    return out;
}

struct InsertSession : Prepared {
    long long kase = 0, by = 0, id = 0;
    std::string starts_at, starts_utc, utc_offset, modality, cpt, created_at;
    int minutes = 0, complexity = 0;
    InId patient{0};
    InText phase{Text()}, place{Text()}, modifiers{Text()}, diagnoses{Text()};
    explicit InsertSession(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(kase));
        st.exchange(soci::use(starts_at));
        st.exchange(soci::use(starts_utc));
        st.exchange(soci::use(utc_offset));
        st.exchange(soci::use(minutes));
        st.exchange(soci::use(modality));
        st.exchange(soci::use(patient.value, patient.ind));
        st.exchange(soci::use(cpt));
        st.exchange(soci::use(phase.value, phase.ind));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(place.value, place.ind));
        st.exchange(soci::use(modifiers.value, modifiers.ind));
        st.exchange(soci::use(complexity));
        st.exchange(soci::use(diagnoses.value, diagnoses.ind));
        st.exchange(soci::into(id));
        compile("INSERT INTO session (case_id, starts_at, starts_utc, utc_offset,"
                " duration_minutes, modality, identified_patient_id, cpt_code, phase, created_by,"
                " created_at, place_of_service, modifiers, interactive_complexity, diagnosis_ids)"
                " VALUES (:c, :at, :utc, :off, :d, :m, :p, :cpt, :ph, :by, :ca, :pos, :mods,"
                " :cx, :dx) RETURNING id");
    }
};
} // namespace

Id insert_session(Database& db, const Session& s) {
    auto& ins = db.prepared<InsertSession>();
    ins.kase = s.case_id;
    ins.by = s.created_by;
    ins.starts_at = s.starts_at;
    ins.starts_utc = s.starts_utc;
    ins.utc_offset = s.utc_offset;
    ins.minutes = s.duration_minutes;
    ins.modality = s.modality;
    ins.patient = InId(s.identified_patient_id);
    ins.cpt = s.cpt_code;
    ins.phase = InText(s.phase);
    ins.created_at = s.created_at;
    ins.place = InText(s.place_of_service);
    ins.modifiers = InText(joined_list(s.modifiers));
    ins.complexity = s.interactive_complexity ? 1 : 0;
    ins.diagnoses = InText(joined_list(s.diagnosis_ids));
    ins.run();
    const Id id = ins.id;
    auto& part = db.prepared<InsertParticipant>();
    part.session = id;
    for (Id p : s.participants) {
        part.client = p;
        part.run();
    }
    return id;
}

namespace {

const char* const session_columns =
    "s.id, s.case_id, s.starts_at, s.duration_minutes, s.modality, s.identified_patient_id,"
    " s.cpt_code, s.phase, s.created_by, s.created_at, s.starts_utc, s.utc_offset,"
    " s.place_of_service, s.modifiers, s.interactive_complexity, s.diagnosis_ids";

struct SessionRow {
    long long id = 0, case_id = 0, by = 0;
    std::string at, modality, cpt, created;
    int minutes = 0, complexity = 0;
    OutId patient;
    OutText phase, utc, offset, place, modifiers, diagnoses;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(case_id));
        st.exchange(soci::into(at));
        st.exchange(soci::into(minutes));
        st.exchange(soci::into(modality));
        st.exchange(soci::into(patient.value, patient.ind));
        st.exchange(soci::into(cpt));
        st.exchange(soci::into(phase.value, phase.ind));
        st.exchange(soci::into(by));
        st.exchange(soci::into(created));
        st.exchange(soci::into(utc.value, utc.ind));
        st.exchange(soci::into(offset.value, offset.ind));
        st.exchange(soci::into(place.value, place.ind));
        st.exchange(soci::into(modifiers.value, modifiers.ind));
        st.exchange(soci::into(complexity));
        st.exchange(soci::into(diagnoses.value, diagnoses.ind));
    }
    Session get() const {
        Session s;
        s.id = id;
        s.case_id = case_id;
        s.starts_at = at;
        s.duration_minutes = minutes;
        s.modality = modality;
        s.identified_patient_id = patient.get();
        s.cpt_code = cpt;
        s.phase = phase.get();
        s.created_by = by;
        s.created_at = created;
        // Before schema v6 a start had no offset: it was read in UTC, the
        // zone of every practice until then.
        auto u = utc.get();
        auto o = offset.get();
        s.starts_utc = u ? *u : at + ":00Z";
        s.utc_offset = o ? *o : "+00:00";
        s.place_of_service = place.get();
        s.modifiers = split_list(modifiers.get());
        s.interactive_complexity = complexity != 0;
        s.diagnosis_ids = split_ids(diagnoses.get());
        return s;
    }
};

// A case's sessions, oldest first, and every participant of them: two
// statements, whatever the number of sessions.
struct CaseSessions : List<SessionRow, long long> {
    explicit CaseSessions(soci::session& sql)
        : List(sql, std::string("SELECT ") + session_columns +
                        " FROM session s WHERE s.case_id = :c ORDER BY s.starts_at, s.id") {}
};

struct ParticipantRow {
    long long session = 0, client = 0;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(session));
        st.exchange(soci::into(client));
    }
    std::pair<Id, Id> get() const { return {session, client}; }
};

struct CaseParticipants : List<ParticipantRow, long long> {
    explicit CaseParticipants(soci::session& sql)
        : List(sql, "SELECT sp.session_id, sp.client_id FROM session_participant sp"
                    " JOIN session s ON s.id = sp.session_id WHERE s.case_id = :c"
                    " ORDER BY sp.session_id, sp.client_id") {}
};

struct FindSession : Lookup<SessionRow, long long> {
    explicit FindSession(soci::session& sql)
        : Lookup(sql,
                 std::string("SELECT ") + session_columns + " FROM session s WHERE s.id = :id") {}
};

struct SessionParticipants : List<ParticipantRow, long long> {
    explicit SessionParticipants(soci::session& sql)
        : List(sql, "SELECT session_id, client_id FROM session_participant WHERE session_id = :s"
                    " ORDER BY client_id") {}
};

} // namespace

std::optional<Session> find_session(Database& db, Id id) {
    auto s = db.prepared<FindSession>().find(id);
    if (!s) return std::nullopt;
    for (const auto& [session, client] : db.prepared<SessionParticipants>().list(id))
        s->participants.push_back(client);
    return s;
}

std::vector<Session> list_sessions(Database& db, Id case_id) {
    auto out = db.prepared<CaseSessions>().list(case_id);
    std::map<Id, std::vector<Id>> by_session;
    for (const auto& [session, client] : db.prepared<CaseParticipants>().list(case_id))
        by_session[session].push_back(client);
    for (auto& s : out)
        s.participants = std::move(by_session[s.id]);
    return out;
}

namespace {
template <bool WithId> struct InsertNote : InsertRow<WithId> {
    long long session = 0, kase = 0, author = 0;
    std::string format, content, search, created_at, updated_at;
    InText phase{Text()};
    explicit InsertNote(soci::session& sql) : InsertRow<WithId>(sql) {
        for (auto* v : {&session, &kase, &author})
            this->st.exchange(soci::use(*v));
        for (auto* v : {&format, &content, &search})
            this->st.exchange(soci::use(*v));
        this->st.exchange(soci::use(phase.value, phase.ind));
        this->st.exchange(soci::use(created_at));
        this->st.exchange(soci::use(updated_at));
        this->compile_insert("note",
                             "session_id, case_id, author_id, format, content, search_text,"
                             " status, version, late_entry, phase, created_at, updated_at",
                             ":s, :c, :a, :f, :ct, :st, 'draft', 1, 0, :ph, :ca, :ua");
    }
};

} // namespace

Id insert_note(Database& db, const Note& n) {
    return insert_row<InsertNote>(db, RowTable::note, [&](auto& s, Id id) {
        s.session = n.session_id;
        s.kase = n.case_id;
        s.author = n.author_id;
        s.format = n.format;
        s.content = seal_text(db, {"note", "content", id}, n.content.dump());
        s.search = seal_text(db, {"note", "search_text", id}, note_search_text(n));
        s.phase = InText(n.phase);
        s.created_at = n.created_at;
        s.updated_at = n.updated_at;
    });
}
namespace {
struct UpdateDraft : Prepared {
    std::string format, content, search, updated_at;
    int version = 0, expected = 0;
    long long id = 0;
    explicit UpdateDraft(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(format));
        st.exchange(soci::use(content));
        st.exchange(soci::use(search));
        st.exchange(soci::use(version));
        st.exchange(soci::use(updated_at));
        st.exchange(soci::use(id));
        st.exchange(soci::use(expected));
        compile("UPDATE note SET format = :f, content = :ct, search_text = :st,"
                " version = :v, updated_at = :ua"
                " WHERE id = :id AND status = 'draft' AND version = :ev");
    }
};

struct SignNote : Prepared {
    int late = 0;
    long long by = 0, id = 0;
    std::string at, hash, updated_at;
    explicit SignNote(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(late));
        st.exchange(soci::use(by));
        st.exchange(soci::use(at));
        st.exchange(soci::use(hash));
        st.exchange(soci::use(updated_at));
        st.exchange(soci::use(id));
        compile("UPDATE note SET status = 'signed', late_entry = :l, signed_by = :by,"
                " signed_at = :at, content_hash = :h, updated_at = :ua"
                " WHERE id = :id AND status = 'draft'");
    }
};
} // namespace

bool update_draft(Database& db, const Note& n, int expected_version) {
    auto& s = db.prepared<UpdateDraft>();
    s.format = n.format;
    s.content = seal_text(db, {"note", "content", n.id}, n.content.dump());
    s.search = seal_text(db, {"note", "search_text", n.id}, note_search_text(n));
    s.version = n.version;
    s.updated_at = n.updated_at;
    s.id = n.id;
    s.expected = expected_version;
    s.run();
    return s.affected() == 1;
}

void sign_note(Database& db, const Note& n) {
    auto& s = db.prepared<SignNote>();
    s.late = n.late_entry ? 1 : 0;
    s.by = n.signed_by;
    s.at = n.signed_at.value_or("");
    s.hash = n.content_hash.value_or("");
    s.updated_at = n.updated_at;
    s.id = n.id;
    s.run();
}

namespace {

const char* const note_columns =
    "n.id, n.session_id, n.case_id, n.author_id, n.format, n.content, n.status, n.version,"
    " n.late_entry, n.phase, n.signed_by, n.signed_at, n.content_hash, n.created_at, n.updated_at";

// The content is read as stored: revealed() opens and parses it.
struct NoteRow {
    long long id = 0, session = 0, case_id = 0, author = 0;
    std::string format, content, status, created, updated;
    int version = 0, late = 0;
    OutText phase, signed_at, hash;
    OutId signed_by;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(session));
        st.exchange(soci::into(case_id));
        st.exchange(soci::into(author));
        st.exchange(soci::into(format));
        st.exchange(soci::into(content));
        st.exchange(soci::into(status));
        st.exchange(soci::into(version));
        st.exchange(soci::into(late));
        st.exchange(soci::into(phase.value, phase.ind));
        st.exchange(soci::into(signed_by.value, signed_by.ind));
        st.exchange(soci::into(signed_at.value, signed_at.ind));
        st.exchange(soci::into(hash.value, hash.ind));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
    }
    Note get() const {
        Note n;
        n.id = id;
        n.session_id = session;
        n.case_id = case_id;
        n.author_id = author;
        n.format = format;
        n.content = content;
        n.status = status;
        n.version = version;
        n.late_entry = late != 0;
        n.phase = phase.get();
        n.signed_by = signed_by.get();
        n.signed_at = signed_at.get();
        n.content_hash = hash.get();
        n.created_at = created;
        n.updated_at = updated;
        return n;
    }
};

std::string select_notes(const char* where) {
    return std::string("SELECT ") + note_columns +
           " FROM note n JOIN session s ON s.id = n.session_id WHERE " + where +
           " ORDER BY s.starts_at, n.id";
}

struct FindNote : Lookup<NoteRow, long long> {
    explicit FindNote(soci::session& sql) : Lookup(sql, select_notes("n.id = :id")) {}
};
struct CaseNotes : List<NoteRow, long long> {
    explicit CaseNotes(soci::session& sql) : List(sql, select_notes("n.case_id = :c")) {}
};
// A client's record: the notes of the sessions they were in. One partner's
// individual session (they alone took part) never reaches the other's.
struct ClientNotes : List<NoteRow, long long> {
    explicit ClientNotes(soci::session& sql)
        : List(sql, select_notes("n.session_id IN (SELECT sp.session_id FROM session_participant sp"
                                 " WHERE sp.client_id = :c)")) {}
};
struct SignedNotes : List<NoteRow, long long> {
    explicit SignedNotes(soci::session& sql)
        : List(sql, select_notes("n.status = 'signed' AND n.id > :after")) {}
};

} // namespace

namespace {
// A note as read, its content opened (an encrypted practice) and parsed.
Note revealed(Database& db, Note n) {
    n.content = nlohmann::json::parse(
        open_text(db, {"note", "content", n.id}, n.content.get<std::string>()));
    return n;
}

std::vector<Note> revealed(Database& db, std::vector<Note> notes) {
    for (auto& n : notes)
        n = revealed(db, std::move(n));
    return notes;
}
} // namespace

std::optional<Note> find_note(Database& db, Id id) {
    auto n = db.prepared<FindNote>().find(id);
    if (n) n = revealed(db, std::move(*n));
    return n;
}

std::vector<Note> list_case_notes(Database& db, Id case_id) {
    return revealed(db, db.prepared<CaseNotes>().list(case_id));
}

namespace {
struct ReportNotes : Prepared {
    NoteRow note;
    OutText author;
    std::string text;
    long long addenda = 0, key = 0;
    int shareable = 0;
    explicit ReportNotes(soci::session& sql) : Prepared(sql) {
        note.bind(st);
        st.exchange(soci::into(author.value, author.ind));
        st.exchange(soci::into(text));
        st.exchange(soci::into(addenda));
        st.exchange(soci::into(shareable));
        st.exchange(soci::use(key));
        compile(std::string("SELECT ") + note_columns +
                ", c.display_name, n.search_text,"
                " (SELECT COUNT(*) FROM addendum a WHERE a.note_id = n.id),"
                " COALESCE((SELECT m.shareable FROM note_share m WHERE m.note_id = n.id"
                " ORDER BY m.id DESC LIMIT 1), 0)"
                " FROM note n JOIN session s ON s.id = n.session_id"
                " LEFT JOIN clinician c ON c.id = n.author_id"
                " WHERE n.case_id = :c ORDER BY s.starts_at, n.id");
    }
    // The content is left null: the text a report shows is the stored search text.
    ReportNote get() const {
        ReportNote r{note.get(), author.get().value_or(""), text, static_cast<int>(addenda),
                     shareable == 1};
        r.note.content = nullptr;
        return r;
    }
};
} // namespace

std::vector<ReportNote> list_report_notes(Database& db, Id case_id) {
    auto& q = db.prepared<ReportNotes>();
    q.key = case_id;
    auto out = q.all(q);
    for (auto& r : out)
        r.text = open_text(db, {"note", "search_text", r.note.id}, r.text);
    return out;
}

std::vector<Note> list_client_notes(Database& db, Id client_id) {
    return revealed(db, db.prepared<ClientNotes>().list(client_id));
}

std::vector<Note> list_signed_notes(Database& db) {
    return revealed(db, db.prepared<SignedNotes>().list(0));
}

namespace {
// Writes to a note's search index, by the note's id (:id) and a text (:t):
// the plaintext index (SQLite's note_fts, PostgreSQL's note_search_text) or
// an encrypted practice's per-word one.
template <const char* Sql> struct NoteIndexDelete : Prepared {
    long long id = 0;
    explicit NoteIndexDelete(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(id));
        compile(Sql);
    }
};
template <const char* Sql> struct NoteIndexInsert : Prepared {
    long long id = 0;
    std::string text;
    explicit NoteIndexInsert(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(id));
        st.exchange(soci::use(text));
        compile(Sql);
    }
};
extern const char delete_fts[] = "DELETE FROM note_fts WHERE rowid = :id";
extern const char insert_fts[] = "INSERT INTO note_fts (rowid, search_text) VALUES (:id, :t)";
extern const char delete_note_words[] = "DELETE FROM note_word WHERE note_id = :id";
extern const char insert_note_word[] =
    "INSERT INTO note_word (note_id, word_hash) VALUES (:id, :t)";
extern const char upsert_search_text[] =
    "INSERT INTO note_search_text (note_id, search_text) VALUES (:id, :t)"
    " ON CONFLICT (note_id) DO UPDATE SET search_text = EXCLUDED.search_text";
using UpsertSearchText = NoteIndexInsert<upsert_search_text>;
using DeleteFts = NoteIndexDelete<delete_fts>;
using InsertFts = NoteIndexInsert<insert_fts>;
using DeleteNoteWords = NoteIndexDelete<delete_note_words>;
using InsertNoteWord = NoteIndexInsert<insert_note_word>;

void index_note_words(Database& db, Id note_id, const std::string& text, bool replacing) {
    if (replacing) {
        auto& del = db.prepared<DeleteNoteWords>();
        del.id = note_id;
        del.run();
    }
    const FieldKey& key = db.field_keys().current();
    auto& ins = db.prepared<InsertNoteWord>();
    ins.id = note_id;
    for (const auto& word : index_words(text)) {
        ins.text = key.word_hash(word);
        ins.run();
    }
}

template <bool WithId> struct InsertAddendum : InsertRow<WithId> {
    long long note = 0, by = 0;
    std::string text, reason, at, hash;
    explicit InsertAddendum(soci::session& sql) : InsertRow<WithId>(sql) {
        this->st.exchange(soci::use(note));
        this->st.exchange(soci::use(by));
        for (auto* v : {&text, &reason, &at, &hash})
            this->st.exchange(soci::use(*v));
        this->compile_insert("addendum", "note_id, author_id, text, reason, created_at, hash",
                             ":n, :by, :t, :r, :at, :h");
    }
};
} // namespace

extern const char delete_search_text[] = "DELETE FROM note_search_text WHERE note_id = :id";
using DeleteSearchText = NoteIndexDelete<delete_search_text>;

void drop_plain_note_index(Database& db, Id note_id) {
    if (db.backend() == Backend::postgresql) {
        auto& s = db.prepared<DeleteSearchText>();
        s.id = note_id;
        s.run();
        return;
    }
    auto& s = db.prepared<DeleteFts>();
    s.id = note_id;
    s.run();
}

void index_note(Database& db, Id note_id, const std::string& text, bool replacing) {
    // An encrypted practice writes no plaintext index: only keyed word hashes.
    if (db.encrypted()) return index_note_words(db, note_id, text, replacing);
    if (db.backend() == Backend::postgresql) {
        auto& s = db.prepared<UpsertSearchText>();
        s.id = note_id;
        s.text = text;
        s.run();
        return;
    }
    if (replacing) {
        auto& del = db.prepared<DeleteFts>();
        del.id = note_id;
        del.run();
    }
    auto& ins = db.prepared<InsertFts>();
    ins.id = note_id;
    ins.text = text;
    ins.run();
}

Id insert_addendum(Database& db, const Addendum& a) {
    return insert_row<InsertAddendum>(db, RowTable::addendum, [&](auto& s, Id id) {
        s.note = a.note_id;
        s.by = a.author_id;
        s.text = seal_text(db, {"addendum", "text", id}, a.text);
        s.reason = seal_text(db, {"addendum", "reason", id}, a.reason);
        s.at = a.created_at;
        s.hash = a.hash;
    });
}
namespace {
struct AddendumRow {
    long long id = 0, note = 0, by = 0;
    std::string text, reason, at, hash;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(note));
        st.exchange(soci::into(by));
        st.exchange(soci::into(text));
        st.exchange(soci::into(reason));
        st.exchange(soci::into(at));
        st.exchange(soci::into(hash));
    }
    Addendum get() const { return {id, note, by, text, reason, at, hash}; }
};
struct NoteAddenda : List<AddendumRow, long long> {
    explicit NoteAddenda(soci::session& sql)
        : List(sql, "SELECT id, note_id, author_id, text, reason, created_at, hash"
                    " FROM addendum WHERE note_id = :n ORDER BY id") {}
};
struct NoteShareable : Lookup<IntRow, long long> {
    explicit NoteShareable(soci::session& sql)
        : Lookup(sql, "SELECT shareable FROM note_share WHERE note_id = :n"
                      " ORDER BY id DESC LIMIT 1") {}
};
} // namespace

std::vector<Addendum> list_addenda(Database& db, Id note_id) {
    auto out = db.prepared<NoteAddenda>().list(note_id);
    if (db.encrypted())
        for (auto& a : out) {
            a.text = open_text(db, {"addendum", "text", a.id}, a.text);
            a.reason = open_text(db, {"addendum", "reason", a.id}, a.reason);
        }
    return out;
}

namespace {
struct InsertSignature : Prepared {
    long long note = 0, by = 0;
    std::string role, at, hash;
    explicit InsertSignature(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(note));
        st.exchange(soci::use(by));
        st.exchange(soci::use(role));
        st.exchange(soci::use(at));
        st.exchange(soci::use(hash));
        compile("INSERT INTO note_signature (note_id, signer_id, role, signed_at, hash)"
                " VALUES (:n, :by, :r, :at, :h)");
    }
};

struct SignatureRow {
    long long by = 0;
    std::string role, at, hash;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(by));
        st.exchange(soci::into(role));
        st.exchange(soci::into(at));
        st.exchange(soci::into(hash));
    }
    NoteSignature get() const { return {0, by, role, at, hash}; }
};

struct ListSignatures : List<SignatureRow, long long> {
    explicit ListSignatures(soci::session& sql)
        : List(sql, "SELECT signer_id, role, signed_at, hash FROM note_signature"
                    " WHERE note_id = :n ORDER BY id") {}
};

struct InsertShareMark : Prepared {
    long long note = 0, by = 0;
    int shareable = 0;
    std::string at;
    explicit InsertShareMark(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(note));
        st.exchange(soci::use(shareable));
        st.exchange(soci::use(by));
        st.exchange(soci::use(at));
        compile("INSERT INTO note_share (note_id, shareable, actor_id, at)"
                " VALUES (:n, :s, :by, :at)");
    }
};
} // namespace

void insert_signature(Database& db, const NoteSignature& s) {
    auto& ins = db.prepared<InsertSignature>();
    ins.note = s.note_id;
    ins.by = s.signer_id;
    ins.role = s.role;
    ins.at = s.signed_at;
    ins.hash = s.hash;
    ins.run();
}

std::vector<NoteSignature> list_signatures(Database& db, Id note_id) {
    auto out = db.prepared<ListSignatures>().list(note_id);
    for (auto& s : out)
        s.note_id = note_id;
    return out;
}

void insert_share_mark(Database& db, Id note_id, bool shareable, Id actor, const std::string& at) {
    auto& s = db.prepared<InsertShareMark>();
    s.note = note_id;
    s.shareable = shareable ? 1 : 0;
    s.by = actor;
    s.at = at;
    s.run();
}

bool note_shareable(Database& db, Id note_id) {
    auto mark = db.prepared<NoteShareable>().find(note_id);
    return mark && *mark == 1;
}

namespace {
// A note search's filters: the notes of one client's sessions (:cl), the
// notes a clinician may see (:v1, :v2).
std::string for_client_filter(bool on) {
    return on ? " AND EXISTS (SELECT 1 FROM session_participant sp"
                " WHERE sp.session_id = n.session_id AND sp.client_id = :cl)"
              : "";
}
std::string visible_filter(bool on) {
    return on ? " AND (n.author_id = :v1 OR EXISTS (SELECT 1 FROM care_case k WHERE"
                " k.id = n.case_id AND k.primary_clinician_id = :v2))"
              : "";
}

// A note search: one compiled statement per backend, viewer and client
// filter (fixed text each; a filter that is off is left out). Newest
// session first on both backends, as an encrypted practice's search; the
// snippet is made from the note's text as there (search_hits()).
template <bool Sqlite, bool Visible, bool ForClient> struct SearchNotes : Prepared {
    long long id = 0, case_id = 0, v1 = 0, v2 = 0, cl = 0;
    std::string q1, at, text;
    int limit = 0;
    explicit SearchNotes(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(case_id));
        st.exchange(soci::into(at));
        st.exchange(soci::into(text));
        st.exchange(soci::use(q1));
        if (ForClient) st.exchange(soci::use(cl));
        if (Visible) {
            st.exchange(soci::use(v1));
            st.exchange(soci::use(v2));
        }
        st.exchange(soci::use(limit));
        const std::string for_client = for_client_filter(ForClient);
        const std::string visible = visible_filter(Visible);
        if (Sqlite)
            compile("SELECT n.id, n.case_id, s.starts_at, n.search_text"
                    " FROM note_fts JOIN note n ON n.id = note_fts.rowid"
                    " JOIN session s ON s.id = n.session_id"
                    " WHERE note_fts MATCH :q" +
                    for_client + visible + " ORDER BY s.starts_at DESC, n.id LIMIT :lim");
        else
            compile("SELECT n.id, n.case_id, s.starts_at, n.search_text"
                    " FROM note_search_text t JOIN note n ON n.id = t.note_id"
                    " JOIN session s ON s.id = n.session_id"
                    " WHERE to_tsvector('simple', t.search_text) @@ plainto_tsquery('simple', :q)" +
                    for_client + visible + " ORDER BY s.starts_at DESC, n.id LIMIT :lim");
    }
};

// An encrypted practice's search: the notes that hold every word of the
// query in their word index (keyed hashes, :h a JSON array on SQLite, an
// array literal on PostgreSQL, :n how many), newest session first, with
// their sealed text; the snippet is made once it is opened.
template <bool Sqlite, bool Visible, bool ForClient> struct SearchSealed : Prepared {
    long long id = 0, case_id = 0, v1 = 0, v2 = 0, cl = 0;
    std::string hashes, at, text;
    int n = 0, limit = 0;
    explicit SearchSealed(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(case_id));
        st.exchange(soci::into(at));
        st.exchange(soci::into(text));
        st.exchange(soci::use(hashes));
        st.exchange(soci::use(n));
        if (ForClient) st.exchange(soci::use(cl));
        if (Visible) {
            st.exchange(soci::use(v1));
            st.exchange(soci::use(v2));
        }
        st.exchange(soci::use(limit));
        compile(std::string("SELECT n.id, n.case_id, s.starts_at, n.search_text FROM note n"
                            " JOIN session s ON s.id = n.session_id"
                            " WHERE n.id IN (SELECT w.note_id FROM note_word w WHERE w.word_hash") +
                (Sqlite ? " IN (SELECT value FROM json_each(:h))" : " = ANY(CAST(:h AS text[]))") +
                " GROUP BY w.note_id HAVING COUNT(*) = :n)" + for_client_filter(ForClient) +
                visible_filter(Visible) + " ORDER BY s.starts_at DESC, n.id LIMIT :lim");
    }
};

// The hits a search statement `s` found (its id, case_id, at and the note's
// stored search text), each with a snippet of the note's text and its
// addenda around the query's `words`: the same in a plaintext and an
// encrypted practice, on both backends.
template <class S>
std::vector<SearchHit> search_hits(Database& db, S& s, const std::vector<std::string>& words) {
    struct Hit {
        S& s;
        std::pair<SearchHit, std::string> get() const {
            return {{s.id, s.case_id, s.at.substr(0, 10), ""}, s.text};
        }
    } hit{s};
    std::vector<SearchHit> out;
    for (auto& [h, stored] : s.all(hit)) {
        std::string text = open_text(db, {"note", "search_text", h.note_id}, stored);
        for (const auto& a : list_addenda(db, h.note_id))
            text += " " + a.text;
        h.snippet = search_snippet(text, words);
        out.push_back(std::move(h));
    }
    return out;
}

template <bool Sqlite, bool Visible, bool ForClient>
std::vector<SearchHit> search_sealed(Database& db, const std::string& query, const Viewer& viewer,
                                     Id client_id, int limit) {
    const auto words = index_words(query);
    if (words.empty()) return {};
    auto& s = db.prepared<SearchSealed<Sqlite, Visible, ForClient>>();
    const FieldKey& key = db.field_keys().current();
    s.hashes.clear();
    for (const auto& w : words) // hex digits: nothing to quote
        s.hashes += (s.hashes.empty() ? "" : ",") +
                    (Sqlite ? "\"" + key.word_hash(w) + "\"" : key.word_hash(w));
    s.hashes = Sqlite ? "[" + s.hashes + "]" : "{" + s.hashes + "}";
    s.n = static_cast<int>(words.size());
    s.cl = client_id;
    s.v1 = s.v2 = viewer.clinician_id;
    s.limit = limit;
    return search_hits(db, s, words);
}

template <bool Sqlite, bool Visible, bool ForClient>
std::vector<SearchHit> search_with(Database& db, const std::string& query, const Viewer& viewer,
                                   Id client_id, int limit) {
    if (db.encrypted())
        return search_sealed<Sqlite, Visible, ForClient>(db, query, viewer, client_id, limit);
    auto& s = db.prepared<SearchNotes<Sqlite, Visible, ForClient>>();
    if (Sqlite) {
        // FTS5 syntax is never taken from the user: every word becomes a
        // quoted phrase (internal quotes doubled), ANDed together.
        std::string fts;
        for (const auto& word : words(query)) {
            std::string quoted;
            for (char c : word)
                quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            fts += (fts.empty() ? "" : " ") + ("\"" + quoted + "\"");
        }
        s.q1 = fts;
    } else {
        s.q1 = query;
    }
    s.cl = client_id;
    s.v1 = s.v2 = viewer.clinician_id;
    s.limit = limit;
    return search_hits(db, s, index_words(query));
}

template <bool Sqlite, bool Visible>
std::vector<SearchHit> search_for(Database& db, const std::string& query, const Viewer& viewer,
                                  Id client_id, int limit) {
    return client_id ? search_with<Sqlite, Visible, true>(db, query, viewer, client_id, limit)
                     : search_with<Sqlite, Visible, false>(db, query, viewer, client_id, limit);
}

template <bool Sqlite>
std::vector<SearchHit> search_on(Database& db, const std::string& query, const Viewer& viewer,
                                 Id client_id, int limit) {
    return viewer.sees_everything ? search_for<Sqlite, false>(db, query, viewer, client_id, limit)
                                  : search_for<Sqlite, true>(db, query, viewer, client_id, limit);
}
} // namespace

std::vector<SearchHit> search_notes(Database& db, const std::string& query, const Viewer& viewer,
                                    Id client_id, int limit) {
    return db.backend() == Backend::sqlite ? search_on<true>(db, query, viewer, client_id, limit)
                                           : search_on<false>(db, query, viewer, client_id, limit);
}

namespace {
template <bool WithId> struct InsertProcessNote : InsertRow<WithId> {
    long long s = 0, c = 0, a = 0;
    std::string text, at;
    explicit InsertProcessNote(soci::session& sql) : InsertRow<WithId>(sql) {
        for (auto* v : {&s, &c, &a})
            this->st.exchange(soci::use(*v));
        this->st.exchange(soci::use(text));
        this->st.exchange(soci::use(at));
        this->compile_insert("process_note", "session_id, case_id, author_id, text, created_at",
                             ":s, :c, :a, :t, :at");
    }
};

ProcessNote opened(Database& db, ProcessNote p) {
    p.text = open_text(db, {"process_note", "text", p.id}, p.text);
    return p;
}

struct ProcessNoteRow {
    long long id = 0, s = 0, a = 0;
    std::string text, at;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(s));
        st.exchange(soci::into(a));
        st.exchange(soci::into(text));
        st.exchange(soci::into(at));
    }
    ProcessNote get() const { return {id, s, 0, a, text, at}; }
};

const char* const process_note_select =
    "SELECT p.id, p.session_id, p.author_id, p.text, p.created_at FROM process_note p";

// A case's process notes the reader may read: their own and those granted
// to them.
struct CaseProcessNotes : Prepared {
    ProcessNoteRow r;
    long long c = 0, r1 = 0, r2 = 0;
    explicit CaseProcessNotes(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(c));
        st.exchange(soci::use(r1));
        st.exchange(soci::use(r2));
        compile(std::string(process_note_select) +
                " WHERE p.case_id = :c AND (p.author_id = :r1 OR EXISTS (SELECT 1"
                " FROM process_note_grant g WHERE g.process_note_id = p.id"
                " AND g.clinician_id = :r2)) ORDER BY p.id");
    }
};

// Every process note the reader may read, each found by an index (a UNION:
// no index serves an OR across the two).
struct ReaderProcessNotes : Prepared {
    ProcessNoteRow r;
    long long r1 = 0, r2 = 0;
    explicit ReaderProcessNotes(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(r1));
        st.exchange(soci::use(r2));
        compile(std::string(process_note_select) + " WHERE p.author_id = :r1 UNION " +
                process_note_select +
                " JOIN process_note_grant g ON g.process_note_id = p.id"
                " WHERE g.clinician_id = :r2 ORDER BY 1");
    }
};

struct FindProcessNoteRow {
    long long s = 0, c = 0, a = 0;
    std::string text, at;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(s));
        st.exchange(soci::into(c));
        st.exchange(soci::into(a));
        st.exchange(soci::into(text));
        st.exchange(soci::into(at));
    }
    ProcessNote get() const { return {0, s, c, a, text, at}; }
};

struct FindProcessNote : Lookup<FindProcessNoteRow, long long> {
    explicit FindProcessNote(soci::session& sql)
        : Lookup(sql, "SELECT session_id, case_id, author_id, text, created_at FROM process_note"
                      " WHERE id = :id") {}
};

struct ProcessNoteGranted : Prepared {
    long long p = 0, c = 0;
    int n = 0;
    explicit ProcessNoteGranted(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(p));
        st.exchange(soci::use(c));
        st.exchange(soci::into(n));
        compile("SELECT COUNT(*) FROM process_note_grant WHERE process_note_id = :p"
                " AND clinician_id = :c");
    }
};

struct InsertProcessNoteGrant : Prepared {
    long long p = 0, c = 0, b = 0;
    std::string at;
    explicit InsertProcessNoteGrant(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(p));
        st.exchange(soci::use(c));
        st.exchange(soci::use(b));
        st.exchange(soci::use(at));
        compile("INSERT INTO process_note_grant (process_note_id, clinician_id, granted_by,"
                " granted_at) VALUES (:p, :c, :b, :at)");
    }
};
} // namespace

Id insert_process_note(Database& db, const ProcessNote& p) {
    return insert_row<InsertProcessNote>(db, RowTable::process_note, [&](auto& s, Id id) {
        s.s = p.session_id;
        s.c = p.case_id;
        s.a = p.author_id;
        s.text = seal_text(db, {"process_note", "text", id}, p.text);
        s.at = p.created_at;
    });
}
std::vector<ProcessNote> list_process_notes(Database& db, Id case_id, Id reader) {
    std::vector<ProcessNote> out;
    if (case_id) {
        auto& s = db.prepared<CaseProcessNotes>();
        s.c = case_id;
        s.r1 = s.r2 = reader;
        out = s.all(s.r);
    } else {
        auto& s = db.prepared<ReaderProcessNotes>();
        s.r1 = s.r2 = reader;
        out = s.all(s.r);
    }
    for (auto& p : out)
        p = opened(db, std::move(p));
    return out;
}

std::optional<ProcessNote> find_process_note(Database& db, Id id) {
    auto p = db.prepared<FindProcessNote>().find(id);
    if (!p) return p;
    p->id = id;
    return opened(db, std::move(*p));
}

bool process_note_granted(Database& db, Id process_note_id, Id clinician_id) {
    auto& s = db.prepared<ProcessNoteGranted>();
    s.p = process_note_id;
    s.c = clinician_id;
    s.n = 0;
    s.run();
    return s.n > 0;
}

void insert_process_note_grant(Database& db, Id process_note_id, Id clinician_id, Id by,
                               const std::string& at) {
    auto& s = db.prepared<InsertProcessNoteGrant>();
    s.p = process_note_id;
    s.c = clinician_id;
    s.b = by;
    s.at = at;
    s.run();
}

namespace {
struct SessionsOfCases : SetList<SessionRow> {
    explicit SessionsOfCases(soci::session& sql)
        : SetList(sql, std::string("SELECT s.case_id, ") + session_columns +
                           " FROM session s WHERE s.case_id" + in_ids(sql) +
                           " ORDER BY s.case_id, s.starts_at, s.id") {}
};

struct ParticipantsOfCases : SetList<ParticipantRow> {
    explicit ParticipantsOfCases(soci::session& sql)
        : SetList(sql, "SELECT s.case_id, sp.session_id, sp.client_id FROM session_participant sp"
                       " JOIN session s ON s.id = sp.session_id WHERE s.case_id" +
                           in_ids(sql) + " ORDER BY sp.session_id, sp.client_id") {}
};
} // namespace

ByKey<Session> sessions_of_cases(Database& db, const std::vector<Id>& case_ids,
                                 bool with_participants) {
    auto out = db.prepared<SessionsOfCases>().by_key(case_ids);
    if (!with_participants) return out;
    std::map<Id, std::vector<Id>> by_session;
    for (const auto& [kase, rows] : db.prepared<ParticipantsOfCases>().by_key(case_ids))
        for (const auto& [session, client] : rows)
            by_session[session].push_back(client);
    for (auto& [kase, sessions] : out)
        for (auto& s : sessions)
            s.participants = std::move(by_session[s.id]);
    return out;
}

} // namespace mend::store
