#include "domain/json_reader.hpp"

#include "domain/error.hpp"
#include "domain/text.hpp"

#include <fmt/format.h>

namespace mend {

using nlohmann::json;

void JsonReader::bad(const std::string& field, const std::string& why) const {
    fail(Errc::invalid, field.empty() ? fmt::format("{} {}", what_, why)
                                      : fmt::format("{}: {} {}", what_, field, why));
}

const json* JsonReader::member(const json& j, const char* key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::string JsonReader::str(const json& j, const char* key, const std::string& path, bool required,
                            std::size_t max) const {
    const json* v = member(j, key);
    if (!v) {
        if (required) bad(path + key, "is required");
        return {};
    }
    if (!v->is_string()) bad(path + key, "must be a string");
    std::string s = v->get<std::string>();
    if (!is_valid_utf8(s)) bad(path + key, "is not valid UTF-8");
    if (s.size() > max) bad(path + key, fmt::format("is longer than {} bytes", max));
    if (required && s.empty()) bad(path + key, "must not be empty");
    return s;
}

double JsonReader::num(const json& j, const char* key, const std::string& path,
                       std::optional<double> dflt) const {
    const json* v = member(j, key);
    if (!v) {
        if (dflt) return *dflt;
        bad(path + key, "is required");
    }
    if (!v->is_number()) bad(path + key, "must be a number");
    return v->get<double>();
}

int JsonReader::integer(const json& j, const char* key, const std::string& path,
                        std::optional<int> dflt) const {
    const json* v = member(j, key);
    if (!v) {
        if (dflt) return *dflt;
        bad(path + key, "is required");
    }
    if (!v->is_number_integer()) bad(path + key, "must be a whole number");
    auto n = v->get<long long>();
    if (n < -1000000 || n > 1000000) bad(path + key, "is out of range");
    return static_cast<int>(n);
}

bool JsonReader::boolean(const json& j, const char* key, const std::string& path, bool dflt) const {
    const json* v = member(j, key);
    if (!v) return dflt;
    if (!v->is_boolean()) bad(path + key, "must be true or false");
    return v->get<bool>();
}

const json& JsonReader::array(const json& j, const char* key, const std::string& path,
                              bool required) const {
    static const json empty = json::array();
    const json* v = member(j, key);
    if (!v) {
        if (required) bad(path + key, "is required");
        return empty;
    }
    if (!v->is_array()) bad(path + key, "must be an array");
    return *v;
}

std::string JsonReader::comparator(const json& j, const std::string& path) const {
    std::string c = str(j, "comparator", path, true, 2);
    if (c != "<" && c != "<=" && c != ">" && c != ">=")
        bad(path + "comparator", "must be <, <=, > or >=");
    return c;
}

std::string JsonReader::code(const json& j, const char* key, const std::string& path) const {
    std::string c = str(j, key, path, true, 40);
    for (char ch : c)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            bad(path + key, "may hold only a-z, 0-9 and _");
    return c;
}

std::string JsonReader::index(const char* name, std::size_t i) {
    return fmt::format("{}[{}].", name, i);
}

json JsonReader::parse(const std::string& text) const {
    if (!is_valid_utf8(text)) fail(Errc::encoding, what_ + " is not valid UTF-8");
    if (text.size() > 1000000) fail(Errc::invalid, what_ + " is larger than 1 MB");
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) fail(Errc::invalid, what_ + " is not valid JSON");
    if (!j.is_object()) fail(Errc::invalid, what_ + " must be a JSON object");
    return j;
}

} // namespace mend
