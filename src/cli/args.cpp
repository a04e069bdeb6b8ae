#include "args.hpp"

#include <cerrno>
#include <cstdlib>

namespace mend::cli {

namespace {
// Options that take no value.
const std::set<std::string> flag_names = {"json",  "help",     "version", "all",
                                          "force", "caseload", "override"};
const std::set<std::string> global_names = {"db", "as", "now", "json", "help"};
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
}

void Args::allow_positionals(std::size_t first, std::size_t max) const {
    if (words.size() > first + max)
        throw UsageError("unexpected argument (word " + std::to_string(first + max + 1) +
                         " of the command); quote a value that holds spaces");
}

Args parse(int argc, char** argv) {
    Args a;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        if (options_done || arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-" &&
                !(arg[1] >= '0' && arg[1] <= '9'))
                throw UsageError("unknown option " + arg + " (options are written --name)");
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
            if (inline_value) throw UsageError("--" + name + " takes no value");
            a.flags.insert(name);
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
            value = argv[++i];
        }
        if (a.options.count(name)) throw UsageError("--" + name + " given twice");
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
