// The enums of the domain catalogue (events/domain.capnp, events/domain_events.h),
// mapped to their Cap'n Proto twins and to their JSON names. Private to events/: the
// codec and the JSON renderer share it, so a new enumerant is added here in one place;
// the switches have no default, so -Wswitch points at every case still missing.
//
// ToSchema is total over our enumerators (a value outside them is a caller's bug and
// aborts rather than write an event nobody could read back). FromSchema throws
// UnknownValue for a value this build does not know, from a newer writer or from damaged
// bytes; the codec turns it into Corruption and it never leaves events/. Pure functions,
// thread-safe.
#pragma once

#include <stdexcept>
#include <string_view>

#include "events/domain.capnp.h"
#include "events/domain_events.h"

namespace prospekt::internal {

class UnknownValue : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

schema::Role ToSchema(domain::Role value);
schema::ClientKind ToSchema(domain::ClientKind value);
schema::ClientSource ToSchema(domain::ClientSource value);
schema::ClientStatus ToSchema(domain::ClientStatus value);
schema::ClientRelation ToSchema(domain::ClientRelation value);
schema::ContactType ToSchema(domain::ContactType value);
schema::ContactOutcome ToSchema(domain::ContactOutcome value);
schema::RefusalReason ToSchema(domain::RefusalReason value);
schema::TaskKind ToSchema(domain::TaskKind value);

domain::Role FromSchema(schema::Role value);
domain::ClientKind FromSchema(schema::ClientKind value);
domain::ClientSource FromSchema(schema::ClientSource value);
domain::ClientStatus FromSchema(schema::ClientStatus value);
domain::ClientRelation FromSchema(schema::ClientRelation value);
domain::ContactType FromSchema(schema::ContactType value);
domain::ContactOutcome FromSchema(schema::ContactOutcome value);
domain::RefusalReason FromSchema(schema::RefusalReason value);
domain::TaskKind FromSchema(schema::TaskKind value);

// snake_case of the schema's enumerant name, e.g. "agreement_in_principle".
std::string_view JsonName(domain::Role value);
std::string_view JsonName(domain::ClientKind value);
std::string_view JsonName(domain::ClientSource value);
std::string_view JsonName(domain::ClientStatus value);
std::string_view JsonName(domain::ClientRelation value);
std::string_view JsonName(domain::ContactType value);
std::string_view JsonName(domain::ContactOutcome value);
std::string_view JsonName(domain::RefusalReason value);
std::string_view JsonName(domain::TaskKind value);

}  // namespace prospekt::internal
