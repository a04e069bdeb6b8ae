#include "report/disclosure.hpp"

#include <algorithm>

namespace mend::report {

namespace {
bool has(const std::vector<Id>& ids, Id id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}
} // namespace

Disclosure::Disclosure(bool conjoint, std::vector<Id> partners, std::optional<ReleaseScope> release)
    : conjoint_(conjoint), partners_(std::move(partners)), release_(std::move(release)),
      authorised_by_all_(true) {
    if (release_)
        for (Id p : partners_)
            authorised_by_all_ = authorised_by_all_ && has(release_->authorised, p);
}

bool Disclosure::individual_record(Id client) const {
    if (!has(partners_, client)) return false;
    return !release_ || release_->for_client_id == client;
}

bool Disclosure::names_client(Id client) const {
    return individual_record(client) || (has(partners_, client) && joint_content());
}

bool Disclosure::session(const std::vector<Id>& participants) const {
    if (!release_) return true;
    if (!has(participants, release_->for_client_id)) return false;
    return participants.size() == 1 || joint_content();
}

bool Disclosure::note_text(bool requested, bool individual_session, bool shared) const {
    if (!requested) return false;
    // A partner's individual session in a couple's case: the clinicians' own
    // report shows it only when marked shareable; a release shows it only to
    // the partner who attended (session() decides that it is listed at all).
    if (conjoint_ && individual_session) return shared || is_release();
    return true;
}

bool Disclosure::flag(Id client, const std::string& code) const {
    if (!individual_record(client)) return false;
    return code != "agreement_broken" || joint_content();
}

} // namespace mend::report
