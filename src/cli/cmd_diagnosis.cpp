// `mend diagnosis`: a case's diagnoses (ICD-10-CM), each about one client.
#include "commands.hpp"
#include "output.hpp"

#include <mend/mend.h>

namespace mend::cli {

using nlohmann::json;

namespace {
// The fields --code, --rank, --onset, --resolved and --unlisted give.
mend_diagnosis_fields fields_from(const Args& a) {
    mend_diagnosis_fields f = MEND_DIAGNOSIS_FIELDS_INIT;
    f.code = opt(a, "code");
    if (a.has("rank")) f.rank = static_cast<int>(to_int(*a.get("rank"), "--rank"));
    f.onset_on = opt(a, "onset");
    f.resolved_on = opt(a, "resolved");
    f.allow_unlisted = a.flag("unlisted") ? 1 : 0;
    return f;
}
} // namespace

int cmd_diagnosis(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow({"case", "client", "code", "rank", "onset", "resolved", "unlisted"});
        a.allow_positionals(2, 0);
        mend_diagnosis_fields f = fields_from(a);
        f.case_id = id_opt(a, "case", true);
        f.client_id = id_opt(a, "client", true);
        f.code = required(a, "code").c_str();
        Db db(a, true);
        int64_t id = 0;
        check(mend_diagnosis_create(&id, db, &f), db);
        done(a, {{"id", id}}, "recorded diagnosis " + std::to_string(id));
        return 0;
    }
    if (verb == "update") {
        a.allow({"code", "rank", "onset", "resolved", "unlisted"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which diagnosis? give its id");
        long long id = to_int(a.word(2), "diagnosis id");
        mend_diagnosis_fields f = fields_from(a);
        Db db(a, true);
        check(mend_diagnosis_update(db, id, &f), db);
        done(a, {{"id", id}}, "updated diagnosis " + std::to_string(id));
        return 0;
    }
    if (verb == "list") {
        a.allow({"case"});
        a.allow_positionals(2, 0);
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_diagnosis_list_json(&js, db, case_id), js);
        print_records(
            a, std::vector<json>(list.begin(), list.end()),
            {"id", "client_id", "rank", "code", "status", "onset_on", "resolved_on", "title"});
        return 0;
    }
    if (verb.empty()) throw UsageError("mend diagnosis needs a subcommand: create, update or list");
    throw UsageError("unknown subcommand 'mend diagnosis " + verb + "'");
}

} // namespace mend::cli
