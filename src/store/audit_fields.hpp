// An audit event's own fields as one run of bound values, in the order both
// audit_event and the read journal's audit_pending list them: at_us,
// actor_id, action, object_type, object_id, outcome, detail.
#pragma once

#include "store/binding.hpp"
#include "store/repositories.hpp"

#include <string>

namespace mend::store {

struct AuditFieldsIn {
    long long at_us = 0;
    InId actor{0}, object{0};
    std::string action, object_type, outcome;
    InText detail{Text()};
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::use(at_us));
        st.exchange(soci::use(actor.value, actor.ind));
        st.exchange(soci::use(action));
        st.exchange(soci::use(object_type));
        st.exchange(soci::use(object.value, object.ind));
        st.exchange(soci::use(outcome));
        st.exchange(soci::use(detail.value, detail.ind));
    }
    void set(const AuditEvent& e) {
        at_us = e.at_us;
        actor = InId(e.actor_id);
        action = e.action;
        object_type = e.object_type;
        object = InId(e.object_id);
        outcome = e.outcome;
        detail = InText(e.detail);
    }
};

// The same fields read back (into), set on an event with get().
struct AuditFieldsOut {
    AuditEvent e;
    OutId actor, object;
    OutText detail;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(e.at_us));
        st.exchange(soci::into(actor.value, actor.ind));
        st.exchange(soci::into(e.action));
        st.exchange(soci::into(e.object_type));
        st.exchange(soci::into(object.value, object.ind));
        st.exchange(soci::into(e.outcome));
        st.exchange(soci::into(detail.value, detail.ind));
    }
    AuditEvent get() const {
        AuditEvent out = e;
        out.actor_id = actor.get();
        out.object_id = object.get();
        out.detail = detail.get();
        return out;
    }
};

} // namespace mend::store
