// Command-line parsing for `mend`: `mend COMMAND [SUBCOMMAND] [ARGS] [--option value] [--flag]`.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mend::cli {

// A usage error: exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// An error reported by the library or the CLI itself: exit code 1. `code`
// is the library's name for it (mend_errstr(), e.g. "MEND_EDENIED"); the
// message never holds client data.
struct Failure : std::runtime_error {
    Failure(const std::string& message, std::string code_name)
        : std::runtime_error(message), code(std::move(code_name)) {}
    std::string code;
};

struct Args {
    std::vector<std::string> words;             // command, subcommand, positionals
    std::map<std::string, std::string> options; // --name value
    std::set<std::string> flags;                // --json, --help, ...
    // The first mistake in the command line, if any. parse() reads the whole
    // line first so that --json is known before the usage error is reported.
    std::string parse_error;
    // An option last on the line with no value after it. allow() reports it:
    // "unknown option --x" when the command does not take it, else "needs a value".
    std::string dangling;

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    bool has(const std::string& name) const { return options.count(name) > 0; }
    const std::string* get(const std::string& name) const;
    std::string word(std::size_t i) const { return i < words.size() ? words[i] : std::string(); }

    // Throws UsageError for an option or flag outside `allowed` (global ones
    // always allowed), then for a dangling option.
    void allow(const std::set<std::string>& allowed) const;
    // Positional words after the command and subcommand; throws beyond `max`.
    void allow_positionals(std::size_t first, std::size_t max) const;
};

// Reads the command line; never throws (see Args::parse_error).
Args parse(int argc, char** argv);

// Who --as (or MEND_ACTOR) names: "ext:VALUE" is the external id VALUE (any
// text, digits included); all digits is a clinician id; any other text is an
// external id. `source` names the option or variable in usage errors.
struct ActorRef {
    bool external = false;
    long long id = 0;
    std::string external_id;
};
ActorRef parse_actor(const std::string& who, const std::string& source);

// Parses a whole number for an option; throws UsageError naming the option.
long long to_int(const std::string& text, const std::string& what);

} // namespace mend::cli
