// Stored measurement records: administrations, safety screens, safety flags.
#pragma once

#include "domain/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::measures {

struct Administration {
    Id id = 0, client_id = 0, case_id = 0, entered_by = 0;
    std::string instrument;
    int instrument_version = 0;
    std::string administered_on; // YYYY-MM-DD
    std::string missing_policy;
    std::optional<double> total;
    bool prorated = false;
    Text band;
    std::string created_at;
    // (item number, option chosen or nullopt) in the instrument's item order.
    std::vector<std::pair<int, std::optional<int>>> answers;
};

// A structured safety screen of one partner, administered privately.
struct SafetyScreen {
    Id id = 0, client_id = 0, case_id = 0, entered_by = 0;
    std::string administered_on;
    std::string ipv;          // none | past | current | unknown
    Text ipv_instrument;      // e.g. "HITS", "WAST", "clinical interview"
    std::string suicide_risk; // none | low | moderate | high | unknown
    Text suicide_instrument;  // e.g. "C-SSRS screener"
    std::string created_at;
};

struct Flag {
    Id id = 0, client_id = 0, case_id = 0, administration_id = 0, screen_id = 0;
    std::string code, severity, message, source;
    std::string raised_on;       // the administration's date
    std::string raised_at;       // when recorded (UTC)
    std::string status = "open"; // open | resolved
    Id resolved_by = 0;
    Text resolved_at, resolution_note;
};

} // namespace mend::measures
