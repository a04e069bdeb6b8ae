// The practice's protocols: built-in definitions plus those an admin loaded.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"
#include "protocol/builtin.hpp"
#include "protocol/protocol_json.hpp"

#include <fmt/format.h>
#include <map>

namespace mend {

namespace {
bool is_builtin(const std::string& code) {
    for (const auto& b : protocol::builtin_protocols())
        if (b.code == code) return true;
    return false;
}
} // namespace

protocol::Protocol Practice::protocol_version(const std::string& code, int version) {
    for (const auto& b : protocol::builtin_protocols())
        if (b.code == code && (version == 0 || version == b.version)) return b;
    std::optional<protocol::Protocol> found;
    for (const auto& [c, v, text] : store::list_definitions(*db_, store::DefinitionKind::protocol))
        if (c == code && (version == 0 || v == version))
            found = protocol::protocol_from_json_text(text);
    if (!found) fail(Errc::not_found, "no protocol has that code");
    return *found;
}

std::vector<protocol::Protocol> Practice::protocols() {
    std::vector<protocol::Protocol> out = protocol::builtin_protocols();
    std::map<std::string, protocol::Protocol> loaded; // the latest version of each
    read([&] {
        actor();
        for (const auto& [code, version, text] :
             store::list_definitions(*db_, store::DefinitionKind::protocol))
            loaded[code] = protocol::protocol_from_json_text(text);
    });
    for (auto& [code, p] : loaded)
        out.push_back(std::move(p));
    return out;
}

protocol::Protocol Practice::protocol_definition(const std::string& code) {
    check_text("protocol", code, 40);
    std::optional<protocol::Protocol> p;
    read([&] {
        actor();
        p = protocol_version(code, 0);
    });
    return *p;
}

void Practice::load_protocol(const std::string& definition_json) {
    run([&] {
        // Who may load comes first: a refusal is audited and reveals nothing.
        require_admin("create", "protocol_definition", 0);
        protocol::Protocol p = protocol::protocol_from_json_text(definition_json);
        if (is_builtin(p.code))
            fail(Errc::exists, "that code belongs to a built-in protocol; choose another code");
        int latest =
            store::latest_definition_version(*db_, store::DefinitionKind::protocol, p.code);
        if (p.version <= latest)
            fail(Errc::exists, fmt::format("version {} of that protocol is already loaded; load a "
                                           "higher version",
                                           latest));
        store::insert_definition(*db_, store::DefinitionKind::protocol, p.code, p.version,
                                 protocol::to_json(p).dump(), actor().id, now_iso());
        audit("create", "protocol_definition", p.version);
    });
}

} // namespace mend
