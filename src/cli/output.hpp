// What every `mend` command shares: opening the database as the acting
// clinician, turning C API codes into errors, and printing records.
#pragma once

#include "args.hpp"

#include <mend/mend.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mend::cli {

// Throws Failure with the library's message when rc is an error.
void check(int rc, mend_db* db);

// Takes ownership of a string the library returned (freed with mend_free).
std::string take(char* s);

// The connection options every command takes: --practice (or MEND_PRACTICE),
// --transaction-pooling, --connect-timeout S, --statement-timeout MS, as
// mend_open_options (the library checks them). `practice` owns the name the
// options point at.
struct Connection {
    explicit Connection(const Args& args);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    std::optional<std::string> practice;
    mend_open_options options = MEND_OPEN_OPTIONS_INIT;
};

// The database named by --db (or MEND_DB). The handle is owned by a member
// that closes it, so it is closed on every path out, a constructor that
// throws after opening (a bad --now, an unknown --as) included.
class Db {
  public:
    // Opens the database and sets its clock from --now (or MEND_NOW); with
    // `act`, also sets the actor from --as (or MEND_ACTOR). Usage errors in
    // --as are found before the database is opened. Only with `create`
    // (mend init, mend demo) is a missing database created; otherwise a
    // mistyped path fails with "no mend database at PATH" and leaves no file.
    Db(const Args& args, bool act, bool create = false);
    mend_db* get() const { return db_.get(); }
    operator mend_db*() const { return db_.get(); }

  private:
    struct Close {
        void operator()(mend_db* db) const { mend_close(db); }
    };
    std::unique_ptr<mend_db, Close> db_;
};

// Where --db points: the option, else MEND_DB; a usage error if neither.
std::string database_location(const Args& args);

// The host's key file: --key-file, else MEND_KEY_FILE; none if neither (or
// if --key-file is "").
std::optional<std::string> key_file_location(const Args& args);

// Sets the actor `who` names (see parse_actor()).
void act_as(mend_db* db, const ActorRef& who);

// Prints one record: JSON with --json, else "field: value" lines in `order`.
void print_record(const Args& args, const nlohmann::json& record,
                  const std::vector<std::string>& order);

// Prints records: a JSON array with --json, else an aligned table of `columns`.
void print_records(const Args& args, const std::vector<nlohmann::json>& records,
                   const std::vector<std::string>& columns);

// Option helpers shared by the commands.
// The option's text, or nullptr when it was not given.
const char* opt(const Args& a, const char* name);
// The option's text; a usage error when it was not given.
const std::string& required(const Args& a, const char* name);
// The option as a non-negative id; 0 when absent (a usage error if `must`).
int64_t id_opt(const Args& a, const char* name, bool must = false);
// Checks rc, then parses the JSON string the library returned in js. For
// text output (set_text_output), every string in it is escaped for the
// terminal (display.hpp): the one place where records' text meets the
// commands' text output, with cell() for the tables and "field: value" lines.
nlohmann::json fetch(mend_db* db, int rc, char*& js);
// fetch() that keeps the strings as they are: for a JSON document a command
// prints as JSON whatever the mode (a FHIR export, a definition), which JSON
// escapes on its own.
nlohmann::json fetch_data(mend_db* db, int rc, char*& js);
// main() says once whether the output is text for a person (no --json).
void set_text_output(bool text);
// Prints `j` with --json, else the sentence.
void done(const Args& a, const nlohmann::json& j, const std::string& text);

// After writing a file: {"wrote": path} on stdout with --json, else
// "wrote PATH" on stderr (stdout stays for the data).
void wrote(const Args& a, const std::string& path);

// True when stderr is a terminal: progress is shown only then.
bool stderr_is_terminal();

} // namespace mend::cli
