#include "args.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>

namespace mend::cli {

namespace {
// Options that take no value.
const std::set<std::string> flag_names = {
    "json",     "help",   "version",  "all",        "force",     "caseload",
    "override", "events", "unlisted", "complexity", "plaintext", "transaction-pooling"};
const std::set<std::string> global_names = {"db",
                                            "as",
                                            "now",
                                            "json",
                                            "help",
                                            "events",
                                            "log",
                                            "key-file",
                                            "practice",
                                            "transaction-pooling",
                                            "connect-timeout",
                                            "statement-timeout"};
} // namespace

const std::string* Args::get(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? nullptr : &it->second;
}

void Args::allow(const std::set<std::string>& allowed) const {
    for (const auto& [name, value] : options)
        if (!allowed.count(name) && !global_names.count(name))
            throw UsageError("unknown option --" + name);
    for (const auto& name : flags)
        if (!allowed.count(name) && !global_names.count(name))
            throw UsageError("unknown option --" + name);
    if (!dangling.empty()) {
        if (!allowed.count(dangling) && !global_names.count(dangling))
            throw UsageError("unknown option --" + dangling);
        throw UsageError("--" + dangling + " needs a value");
    }
}

void Args::allow_positionals(std::size_t first, std::size_t max) const {
    if (words.size() > first + max)
        throw UsageError("unexpected argument (word " + std::to_string(first + max + 1) +
                         " of the command); quote a value that holds spaces");
}

Args parse(int argc, char** argv) {
    Args a;
    auto mistake = [&a](const std::string& what) {
        if (a.parse_error.empty()) a.parse_error = what;
    };
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        if (options_done || arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-" &&
                !(arg[1] >= '0' && arg[1] <= '9')) {
                mistake("unknown option " + arg + " (options are written --name)");
                continue;
            }
            a.words.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), value;
        bool inline_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inline_value = true;
        }
        if (flag_names.count(name)) {
            if (inline_value)
                mistake("--" + name + " takes no value");
            else
                a.flags.insert(name);
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argc) {
                a.dangling = name;
                break;
            }
            value = argv[++i];
        }
        if (a.options.count(name))
            mistake("--" + name + " given twice");
        else
            a.options[name] = value;
    }
    return a;
}

long long to_int(const std::string& text, const std::string& what) {
    if (text.empty()) throw UsageError(what + " needs a whole number");
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0') throw UsageError(what + " needs a whole number");
    return v;
}

} // namespace mend::cli

namespace mend::cli {

ActorRef parse_actor(const std::string& who, const std::string& source) {
    static const std::string prefix = "ext:";
    ActorRef r;
    if (who.compare(0, prefix.size(), prefix) == 0) {
        r.external = true;
        r.external_id = who.substr(prefix.size());
        if (r.external_id.empty())
            throw UsageError(source + " ext: needs the clinician's external id after the colon");
        return r;
    }
    bool digits = !who.empty() &&
                  std::all_of(who.begin(), who.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
        r.external = true;
        r.external_id = who;
        return r;
    }
    errno = 0;
    char* end = nullptr;
    r.id = std::strtoll(who.c_str(), &end, 10);
    if (errno == ERANGE)
        throw UsageError(source + " is too large for a clinician id (at most " +
                         std::to_string(std::numeric_limits<long long>::max()) +
                         "); write ext:VALUE for an external id");
    return r;
}

} // namespace mend::cli
