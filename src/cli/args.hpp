// Command-line parsing for `mend`: `mend COMMAND [SUBCOMMAND] [ARGS] [--option value] [--flag]`.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace mend::cli {

// A usage error: exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// An error reported by the library or the CLI itself: exit code 1.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Args {
    std::vector<std::string> words;             // command, subcommand, positionals
    std::map<std::string, std::string> options; // --name value
    std::set<std::string> flags;                // --json, --help, ...

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    bool has(const std::string& name) const { return options.count(name) > 0; }
    const std::string* get(const std::string& name) const;
    std::string word(std::size_t i) const { return i < words.size() ? words[i] : std::string(); }

    // Throws UsageError for an option or flag outside `allowed` (global ones always allowed).
    void allow(const std::set<std::string>& allowed) const;
    // Positional words after the command and subcommand; throws beyond `max`.
    void allow_positionals(std::size_t first, std::size_t max) const;
};

Args parse(int argc, char** argv);

// Parses a whole number for an option; throws UsageError naming the option.
long long to_int(const std::string& text, const std::string& what);

} // namespace mend::cli
