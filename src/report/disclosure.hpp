// What a case report may hold: the one place that decides (docs/report-schema.md,
// "Release variant"). Pure: it is given the case's shape and the release, and
// answers for each piece of content; the gatherer in src/practice asks it and
// decides nothing itself.
//
// A report for the treating clinicians (no release) holds the whole case. A
// release prepared for one partner holds:
//  - that partner's individual record (their measures, flags, the notes of
//    the sessions they alone attended), never the other partner's;
//  - joint content (the couple, the protocol and phase timeline, role
//    changes, agreements and their broken-agreement flags, joint sessions and
//    their notes, the other partner's name) only when every partner of the
//    case authorised the release;
//  - never the clinician's reasoning (rationales, safety plans, the sentences
//    of what an override passed over), which can name either partner's
//    results, nor the gate or the dyadic view, which weigh both partners'
//    individual records.
// An individual case has no joint content to withhold: its one client's
// release holds their record.
#pragma once

#include "domain/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::report {

// A release: who it is prepared for, and which clients authorised it.
struct ReleaseScope {
    Id for_client_id = 0;
    std::vector<Id> authorised;
};

class Disclosure {
  public:
    // `partners`: the case's clients (one for an individual case, two for a
    // conjoint one); `release`: empty for the clinicians' own report.
    Disclosure(bool conjoint, std::vector<Id> partners, std::optional<ReleaseScope> release);

    bool is_release() const { return release_.has_value(); }
    // Every partner authorised the release (true when there is no release).
    bool authorised_by_all() const { return authorised_by_all_; }
    // Joint content may appear: the couple, the protocol, the timeline, role
    // changes, agreements, joint sessions.
    bool joint_content() const { return !conjoint_ || authorised_by_all_; }
    // The client is named among the report's clients.
    bool names_client(Id client) const;
    // The client's individual record (measures, flags) may appear.
    bool individual_record(Id client) const;
    // A session, by who took part, is counted and its notes listed.
    bool session(const std::vector<Id>& participants) const;
    // A listed note's text may appear: `requested` is the report option;
    // `individual_session` a session one partner of a conjoint case attended
    // alone; `shared` whether that note is marked shareable with the couple.
    bool note_text(bool requested, bool individual_session, bool shared) const;
    // A flag of a client may appear (a broken agreement's flag is joint
    // content, like the agreement).
    bool flag(Id client, const std::string& code) const;
    // Rationales, safety plans and the sentences of unmet criteria.
    bool clinician_reasoning() const { return !is_release(); }
    // The gate and the dyadic view, which weigh both partners' records.
    bool both_partners_records() const { return !is_release(); }

  private:
    bool conjoint_;
    std::vector<Id> partners_;
    std::optional<ReleaseScope> release_;
    bool authorised_by_all_;
};

} // namespace mend::report
