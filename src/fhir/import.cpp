#include "fhir/import.hpp"

#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "fhir/questionnaire.hpp"

#include <cmath>
#include <set>

namespace mend::fhir {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& path, const std::string& why) {
    fail(Errc::invalid, path + " " + why);
}

std::string at(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

// The member, or nullptr when absent or null.
const json* member(const json& j, const char* key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

// A string element: nullopt when absent; an error unless a non-empty, valid
// UTF-8 string of at most `max` bytes.
std::optional<std::string> string_of(const json& j, const char* key, const std::string& path,
                                     std::size_t max = 400) {
    const json* v = member(j, key);
    if (!v) return std::nullopt;
    const std::string p = path + "." + key;
    if (!v->is_string()) bad(p, "must be a string");
    std::string s = v->get<std::string>();
    if (!is_valid_utf8(s)) fail(Errc::encoding, p + " is not valid UTF-8");
    if (s.empty()) bad(p, "must not be empty");
    if (s.size() > max) bad(p, "is longer than " + std::to_string(max) + " bytes");
    return s;
}

std::string required_string(const json& j, const char* key, const std::string& path,
                            std::size_t max = 400) {
    auto s = string_of(j, key, path, max);
    if (!s) bad(path + "." + key, "is required");
    return *s;
}

// An array element: empty when absent; an error unless an array of objects.
const json& array_of(const json& j, const char* key, const std::string& path) {
    static const json empty = json::array();
    const json* v = member(j, key);
    if (!v) return empty;
    if (!v->is_array()) bad(path + "." + key, "must be an array");
    for (std::size_t i = 0; i < v->size(); ++i)
        if (!(*v)[i].is_object()) bad(at(path + "." + key, i), "must be an object");
    return *v;
}

// A full date YYYY-MM-DD, or the date of a dateTime. FHIR's partial dates
// (YYYY, YYYY-MM) are refused: mend needs the day.
std::string full_date(const std::string& text, const std::string& path, bool date_time) {
    std::string d = text;
    if (date_time && text.size() > 10 && text[10] == 'T') d = text.substr(0, 10);
    if (d.size() == 4 || d.size() == 7)
        bad(path, "is a partial date; mend needs the full date written YYYY-MM-DD");
    try {
        return parse_date("date", d).iso();
    } catch (const Error&) {
        bad(path, date_time ? "must be a date (YYYY-MM-DD) or a dateTime"
                            : "must be a full date written YYYY-MM-DD");
    }
}

void check_code(const json& j, const char* key, const std::string& path,
                const std::set<std::string>& codes, const char* listed) {
    auto c = string_of(j, key, path, 40);
    if (c && !codes.count(*c)) bad(path + "." + key, std::string("must be one of ") + listed);
}

// A mend client id written as text ("12").
Id client_id_of(const std::string& value, const std::string& path) {
    Id n = 0;
    for (char c : value) {
        if (c < '0' || c > '9' || n > 100000000000000LL)
            bad(path, "must be a mend client id (a positive whole number)");
        n = n * 10 + (c - '0');
    }
    if (n <= 0) bad(path, "must be a mend client id (a positive whole number)");
    return n;
}

// The given names of a HumanName joined with spaces ("" if none).
std::string given_of(const json& name, const std::string& path) {
    std::string out;
    const json* g = member(name, "given");
    if (!g) return out;
    if (!g->is_array()) bad(path + ".given", "must be an array");
    for (std::size_t i = 0; i < g->size(); ++i) {
        const std::string p = at(path + ".given", i);
        if (!(*g)[i].is_string()) bad(p, "must be a string");
        std::string s = (*g)[i].get<std::string>();
        if (!is_valid_utf8(s)) fail(Errc::encoding, p + " is not valid UTF-8");
        if (s.empty()) continue;
        out += (out.empty() ? "" : " ") + s;
    }
    return out;
}

ImportedPatient read_patient(const json& r, const std::string& path) {
    ImportedPatient p;
    p.path = path;
    if (auto id = string_of(r, "id", path, 64)) p.id = *id;
    check_code(r, "gender", path, {"male", "female", "other", "unknown"},
               "male, female, other, unknown");

    // Names: the official one (else the first) gives the given and family
    // names; a usual or nickname one the preferred name.
    const json& names = array_of(r, "name", path + "");
    std::optional<std::size_t> official, preferred;
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto use = string_of(names[i], "use", at(path + ".name", i), 40);
        if (use == "official" && !official) official = i;
        if ((use == "usual" || use == "nickname") && !preferred) preferred = i;
    }
    if (!names.empty()) {
        std::size_t i = official ? *official : 0;
        const std::string np = at(path + ".name", i);
        std::string given = given_of(names[i], np);
        if (!given.empty()) p.given_name = given;
        p.family_name = string_of(names[i], "family", np, 200);
        if (preferred && *preferred != i) {
            std::string pref = given_of(names[*preferred], at(path + ".name", *preferred));
            if (!pref.empty()) p.preferred_name = pref;
        }
    }

    if (auto b = string_of(r, "birthDate", path, 40))
        p.date_of_birth = full_date(*b, path + ".birthDate", false);

    const json& telecom = array_of(r, "telecom", path);
    for (std::size_t i = 0; i < telecom.size(); ++i) {
        const std::string tp = at(path + ".telecom", i);
        auto system = string_of(telecom[i], "system", tp, 40);
        auto value = string_of(telecom[i], "value", tp);
        if (!value) continue;
        if (system == "email" && !p.email) p.email = value;
        if (system == "phone" && !p.phone) p.phone = value;
    }

    // Identifiers: mend's systems, else the one identifier there is.
    const json& ids = array_of(r, "identifier", path);
    std::vector<std::pair<std::size_t, std::string>> others;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string ip = at(path + ".identifier", i);
        auto system = string_of(ids[i], "system", ip);
        auto value = string_of(ids[i], "value", ip, 200);
        if (system == client_system) {
            if (!value) bad(ip + ".value", "is required");
            p.client_id = client_id_of(*value, ip + ".value");
        } else if (system == external_id_system) {
            if (!value) bad(ip + ".value", "is required");
            p.external_id = value;
        } else if (value) {
            others.emplace_back(i, *value);
        }
    }
    if (!p.external_id && !p.client_id) {
        if (others.size() == 1)
            p.external_id = others[0].second;
        else if (others.empty())
            bad(path + ".identifier",
                "is required: give the host's id as system urn:mend:external-id so that importing "
                "again updates this client");
        else
            bad(path + ".identifier",
                "holds several identifiers: mark the one to match on with system "
                "urn:mend:external-id");
    }
    return p;
}

Subject read_subject(const json& r, const std::string& path, const ImportBatch& batch) {
    const std::string sp = path + ".subject";
    const json* s = member(r, "subject");
    if (!s) bad(sp, "is required");
    if (!s->is_object()) bad(sp, "must be a Reference");
    Subject out;
    if (auto ref = string_of(*s, "reference", sp)) {
        for (std::size_t i = 0; i < batch.patients.size(); ++i) {
            const auto& p = batch.patients[i];
            if ((!p.full_url.empty() && *ref == p.full_url) ||
                (!p.id.empty() && *ref == "Patient/" + p.id)) {
                out.kind = Subject::Kind::patient;
                out.patient = i;
                return out;
            }
        }
        const std::string prefix = "Patient/client-";
        if (ref->compare(0, prefix.size(), prefix) == 0 && ref->size() > prefix.size() &&
            ref->size() <= prefix.size() + 15) {
            Id n = 0;
            bool digits = true;
            for (std::size_t i = prefix.size(); i < ref->size(); ++i) {
                char c = (*ref)[i];
                digits &= c >= '0' && c <= '9';
                if (digits) n = n * 10 + (c - '0');
            }
            if (digits && n > 0) {
                out.client_id = n;
                return out;
            }
        }
        bad(sp + ".reference",
            "must be Patient/client-N or refer to a Patient in this bundle (its fullUrl or "
            "Patient/id)");
    }
    if (const json* id = member(*s, "identifier")) {
        const std::string ip = sp + ".identifier";
        if (!id->is_object()) bad(ip, "must be an Identifier");
        auto system = string_of(*id, "system", ip);
        std::string value = required_string(*id, "value", ip, 200);
        if (system == client_system) {
            out.client_id = client_id_of(value, ip + ".value");
            return out;
        }
        for (std::size_t i = 0; i < batch.patients.size(); ++i)
            if (batch.patients[i].external_id == value) {
                out.kind = Subject::Kind::patient;
                out.patient = i;
                return out;
            }
        // Outside the bundle, only mend's own systems name a client: a host
        // identifier of another system could match the wrong one.
        if (system && *system != external_id_system)
            bad(ip + ".system", "must be urn:mend:external-id or urn:mend:client for a client "
                                "that is not in this bundle");
        out.kind = Subject::Kind::external_id;
        out.external_id = value;
        return out;
    }
    bad(sp, "must have a reference or an identifier");
}

// The option an answer stands for: a valueCoding mapped back through the
// instrument's Questionnaire answer options, or a valueInteger in range.
int answer_option(const json& answer, const std::string& path, const measures::Item& item,
                  const json& q_item) {
    if (const json* v = member(answer, "valueInteger")) {
        if (!v->is_number_integer()) bad(path + ".valueInteger", "must be a whole number");
        long long n = v->get<long long>();
        if (n < item.min || n > item.max)
            bad(path + ".valueInteger", "is outside the item's range of options");
        return static_cast<int>(n);
    }
    if (const json* c = member(answer, "valueCoding")) {
        const std::string cp = path + ".valueCoding";
        if (!c->is_object()) bad(cp, "must be a Coding");
        auto system = string_of(*c, "system", cp);
        std::string code = required_string(*c, "code", cp, 100);
        const json& options = q_item.at("answerOption");
        for (std::size_t i = 0; i < options.size(); ++i) {
            auto o = options[i].find("valueCoding");
            if (o == options[i].end()) continue;
            if (o->at("code") == code && (!system || o->at("system") == *system))
                return item.min + static_cast<int>(i);
        }
        bad(cp, "is not one of the item's answer codes");
    }
    bad(path, "must have a valueCoding or a valueInteger");
}

ImportedResponse read_response(const json& r, const std::string& path, const ImportBatch& batch,
                               const InstrumentLookup& lookup) {
    ImportedResponse out;
    out.path = path;
    std::string status = required_string(r, "status", path, 40);
    if (status != "completed" && status != "amended") {
        if (status == "in-progress" || status == "entered-in-error" || status == "stopped")
            bad(path + ".status",
                "must be completed or amended: only a finished response is imported");
        bad(path + ".status",
            "must be one of in-progress, completed, amended, entered-in-error, stopped");
    }

    // questionnaire: urn:mend:questionnaire:CODE, optionally |VERSION.
    const std::string qp = path + ".questionnaire";
    std::string url = required_string(r, "questionnaire", path, 200);
    std::string version;
    if (auto bar = url.find('|'); bar != std::string::npos) {
        version = url.substr(bar + 1);
        url = url.substr(0, bar);
    }
    const std::string prefix = "urn:mend:questionnaire:";
    if (url.compare(0, prefix.size(), prefix) != 0 || url.size() == prefix.size())
        bad(qp, "must be a mend Questionnaire: urn:mend:questionnaire:CODE");
    measures::Instrument in;
    try {
        in = lookup(url.substr(prefix.size()));
    } catch (const Error& e) {
        if (e.code() == Errc::not_found || e.code() == Errc::invalid)
            bad(qp, "names no instrument this practice has");
        throw;
    }
    out.instrument = in.code;
    if (!version.empty() && version != std::to_string(in.version))
        bad(qp, "names a version other than the instrument's current one");

    out.subject = read_subject(r, path, batch);
    if (auto a = string_of(r, "authored", path, 40))
        out.authored = full_date(*a, path + ".authored", true);

    // Answers by linkId = item number; the host's total by linkId "total" or
    // the instrument's total-score LOINC code.
    const json q = questionnaire(in);
    out.answers.assign(in.items.size(), std::nullopt);
    std::set<std::string> seen;
    const json& items = array_of(r, "item", path);
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string ip = at(path + ".item", i);
        std::string link = required_string(items[i], "linkId", ip, 100);
        if (!seen.insert(link).second) bad(ip + ".linkId", "repeats an earlier item's linkId");
        const json& answers = array_of(items[i], "answer", ip);
        if (answers.size() > 1) bad(ip + ".answer", "must hold one answer");
        const std::string ap = at(ip + ".answer", 0);
        if (link == "total" || (!in.loinc_total.empty() && link == in.loinc_total)) {
            if (answers.empty()) continue;
            const json* v = member(answers[0], "valueInteger");
            if (!v) v = member(answers[0], "valueDecimal");
            if (!v || !v->is_number() || !std::isfinite(v->get<double>()))
                bad(ap, "must have a valueInteger or valueDecimal (the host's total)");
            out.host_total = v->get<double>();
            continue;
        }
        std::size_t k = 0;
        while (k < in.items.size() && std::to_string(in.items[k].number) != link)
            ++k;
        if (k == in.items.size()) bad(ip + ".linkId", "is not an item of the instrument");
        if (answers.empty()) continue; // missing
        out.answers[k] = answer_option(answers[0], ap, in.items[k], q.at("item").at(k));
    }
    return out;
}

std::string resource_type(const json& r, const std::string& path) {
    if (!r.is_object()) bad(path, "must be a FHIR resource (a JSON object)");
    auto t = string_of(r, "resourceType", path, 64);
    if (!t) bad(path + ".resourceType", "is required");
    return *t;
}

} // namespace

ImportBatch read_import(const json& input, const InstrumentLookup& instrument) {
    ImportBatch batch;
    const std::string type = resource_type(input, "resource");
    // (path, resource, fullUrl) of each resource read.
    struct Entry {
        std::string path, type, full_url;
        const json* resource;
    };
    std::vector<Entry> entries;
    if (type == "Bundle") {
        const json* e = member(input, "entry");
        if (e && !e->is_array()) bad("Bundle.entry", "must be an array");
        for (std::size_t i = 0; e && i < e->size(); ++i) {
            const std::string ep = at("Bundle.entry", i);
            if (!(*e)[i].is_object()) bad(ep, "must be an object");
            const json* r = member((*e)[i], "resource");
            if (!r) bad(ep + ".resource", "is required");
            const std::string rp = ep + ".resource";
            std::string t = resource_type(*r, rp);
            if (t != "Patient" && t != "QuestionnaireResponse")
                bad(rp, "must be a Patient or a QuestionnaireResponse: mend imports no other "
                        "resource");
            auto url = string_of((*e)[i], "fullUrl", ep);
            entries.push_back({rp, t, url ? *url : "", r});
        }
    } else if (type == "Patient" || type == "QuestionnaireResponse") {
        entries.push_back({type, type, "", &input});
    } else {
        bad("resource.resourceType", "must be Patient, QuestionnaireResponse or Bundle");
    }
    // Patients first, so that a response may refer to any Patient of the bundle.
    for (const auto& e : entries)
        if (e.type == "Patient") {
            batch.patients.push_back(read_patient(*e.resource, e.path));
            batch.patients.back().full_url = e.full_url;
        }
    for (const auto& e : entries)
        if (e.type == "QuestionnaireResponse")
            batch.responses.push_back(read_response(*e.resource, e.path, batch, instrument));
    return batch;
}

} // namespace mend::fhir
