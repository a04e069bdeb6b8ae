// Reading a definition document (an instrument, a protocol, a plan) from JSON
// with errors that name the bad field, e.g.
// "protocol definition: transitions[2].criteria[0].value must be a number".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mend {

class JsonReader {
  public:
    explicit JsonReader(std::string what) : what_(std::move(what)) {}

    [[noreturn]] void bad(const std::string& field, const std::string& why) const;

    // The member, or nullptr when it is absent or null.
    static const nlohmann::json* member(const nlohmann::json& j, const char* key);

    std::string str(const nlohmann::json& j, const char* key, const std::string& path,
                    bool required, std::size_t max = 400) const;
    double num(const nlohmann::json& j, const char* key, const std::string& path,
               std::optional<double> dflt = {}) const;
    int integer(const nlohmann::json& j, const char* key, const std::string& path,
                std::optional<int> dflt = {}) const;
    bool boolean(const nlohmann::json& j, const char* key, const std::string& path,
                 bool dflt) const;
    const nlohmann::json& array(const nlohmann::json& j, const char* key, const std::string& path,
                                bool required) const;
    // One of < <= > >=.
    std::string comparator(const nlohmann::json& j, const std::string& path) const;
    // A code: 1..40 of a-z, 0-9 and _.
    std::string code(const nlohmann::json& j, const char* key, const std::string& path) const;

    // "items[3]." for building paths.
    static std::string index(const char* name, std::size_t i);

    // Parses a document's text: Errc::encoding / Errc::invalid on bad input.
    nlohmann::json parse(const std::string& text) const;

  private:
    std::string what_;
};

} // namespace mend
