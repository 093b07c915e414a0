# The bank's domain events: the payload of every envelope in a Prospekt log.
# Vocabulary: ../shared/DOMAIN.md. Names are past tense; the envelope's eventType is the
# union member's name with a capital first letter (e.g. "ContactLogged").
#
# Schemas only grow: new events and fields take new ordinals; never renumber, retype
# or reuse one. Money is in minor units (kopecks) with an ISO 4217 currency; times are
# microseconds since the Unix epoch, UTC; dates of a plan are ISO weeks.
@0xde501267ab4c6615;

$import "/capnp/c++.capnp".namespace("prospekt::schema");

# ---------------------------------------------------------------- common values

struct IsoWeek {
  year @0 :UInt16;
  week @1 :UInt8;   # 1..53
}

struct Money {
  minorUnits @0 :Int64;
  currency @1 :Text;  # "RUB", "UAH", ...
}

# Personal data of individuals is sealed with the client's own key
# (XChaCha20-Poly1305); erasing the client deletes the key, so the text reads as erased
# everywhere while the event, and the hash chain over it, stay.
struct PersonalText {
  union {
    clear @0 :Text;     # not personal (e.g. a legal entity's name)
    sealed @1 :Data;    # 24-byte nonce, then ciphertext with its 16-byte tag
  }
}

enum Role {
  branchHead @0;
  salesSpecialist @1;
  productSpecialist @2;   # credit, deposits, ... (a department's queue)
  headOffice @3;
  auditor @4;
  admin @5;               # org structure, users and tokens; no client data
}

enum ClientKind {
  legalEntity @0;
  individual @1;
}

enum ClientSource {
  statisticsDatabase @0;
  counterparty @1;
  stateBody @2;
  exhibition @3;
  internet @4;
  partner @5;
  referral @6;
}

enum ClientStatus {
  newClient @0;
  bankClient @1;
  partner @2;
  vip @3;
}

enum ClientRelation {
  parent @0;
  subsidiary @1;
  affiliate @2;
  keyPerson @3;
}

enum ContactType {
  post @0;
  email @1;
  phone @2;
  meeting @3;
}

enum ContactOutcome {
  productSold @0;
  refused @1;
  positiveProspect @2;
  unclearProspect @3;
  contractTerminated @4;
  agreementInPrinciple @5;
}

enum RefusalReason {
  rateTooHigh @0;
  servedByAnotherBank @1;
  noNeedNow @2;
  collateralLacking @3;
  termsUnsuitable @4;
  declinedToTalk @5;
  other @6;          # the free text says why
}

enum TaskKind {
  manual @0;
  planDeviation @1;
  handOver @2;
  overdueNextContact @3;
}

# ---------------------------------------------------------------- organisation

struct RegionOpened { regionId @0 :Text; name @1 :Text; }
struct BranchOpened { branchId @0 :Text; regionId @1 :Text; name @2 :Text; }
struct DepartmentOpened { departmentId @0 :Text; branchId @1 :Text; name @2 :Text; }

struct ProductDefined {
  productCode @0 :Text;
  name @1 :Text;
  owningDepartment @2 :Text;   # "deposits", "loans", "mortgages", "salary_projects", "cards", ...
}

struct EmployeeHired {
  employeeId @0 :Text;
  name @1 :Text;
  roles @2 :List(Role);
  branchId @3 :Text;
  departmentId @4 :Text;
}
struct EmployeeRoleChanged { employeeId @0 :Text; roles @1 :List(Role); }
struct EmployeeTransferred { employeeId @0 :Text; branchId @1 :Text; departmentId @2 :Text; }
struct EmployeeLeft { employeeId @0 :Text; }

struct AbsenceRecorded {
  employeeId @0 :Text;
  fromUs @1 :Int64;      # inclusive
  untilUs @2 :Int64;     # exclusive
  deputyId @3 :Text;
  reason @4 :Text;       # "vacation", "illness", ...
}

struct BranchSettingsChanged {
  branchId @0 :Text;
  dontDisturbDays @1 :UInt16;         # default 7
  planDeviationPercent @2 :UInt8;     # default 30
}

# ---------------------------------------------------------------- clients

struct ContactData {
  phones @0 :List(PersonalText);
  emails @1 :List(PersonalText);
  address @2 :PersonalText;
}

struct ClientRegistered {
  clientId @0 :Text;
  kind @1 :ClientKind;
  name @2 :PersonalText;      # clear for legal entities, sealed for individuals
  taxId @3 :Text;             # ИНН: 10 digits (legal entity) or 12 (individual); "" if unknown
  contact @4 :ContactData;
  industry @5 :Text;
  branchId @6 :Text;
  regionId @7 :Text;
  source @8 :ClientSource;
  status @9 :ClientStatus;
  forcedOverDuplicateOf @10 :Text;   # set when registered despite a duplicate warning
}

struct ClientDetailsCorrected {
  clientId @0 :Text;
  field @1 :Text;             # "name", "tax_id", "phones", "emails", "address", "industry"
  before @2 :PersonalText;
  after @3 :PersonalText;
}

struct ClientStatusChanged { clientId @0 :Text; from @1 :ClientStatus; to @2 :ClientStatus; }

struct ClientsLinked {
  clientId @0 :Text;
  otherClientId @1 :Text;
  relation @2 :ClientRelation;   # what the other client is to this one
}
struct ClientsUnlinked { clientId @0 :Text; otherClientId @1 :Text; }

struct ClientMergedAsDuplicate { duplicateId @0 :Text; survivorId @1 :Text; }
struct ClientUnmerged { duplicateId @0 :Text; survivorId @1 :Text; }

struct PersonalDataErased { clientId @0 :Text; reason @1 :Text; }

# ---------------------------------------------------------------- work

struct ClientAssigned {
  clientId @0 :Text;
  employeeId @1 :Text;
  products @2 :List(Text);     # product codes to offer
}
struct ClientReassigned {
  clientId @0 :Text;
  fromEmployeeId @1 :Text;
  toEmployeeId @2 :Text;
  products @3 :List(Text);
}
struct ClientUnassigned { clientId @0 :Text; employeeId @1 :Text; }

struct ProductTarget { productCode @0 :Text; sales @1 :UInt32; }

struct WeeklyPlanSet {
  employeeId @0 :Text;
  branchId @1 :Text;
  week @2 :IsoWeek;
  contacts @3 :UInt32;
  sales @4 :List(ProductTarget);
  volume @5 :Money;
}

struct ContactLogged {
  clientId @0 :Text;
  employeeId @1 :Text;          # whose contact it counts as (the deputised one, if any)
  type @2 :ContactType;
  outcome @3 :ContactOutcome;
  productCode @4 :Text;
  amount @5 :Money;
  refusalReason @6 :RefusalReason;
  refusalText @7 :Text;
  note @8 :Text;
  nextContactAtUs @9 :Int64;    # 0: none agreed
}

struct DontDisturbWarned {
  clientId @0 :Text;
  warnedEmployeeId @1 :Text;
  colleagueId @2 :Text;         # who contacted the client recently
  colleagueContactAtUs @3 :Int64;
  action @4 :Text;              # "contact" or "assignment"
}

struct NextContactDone { clientId @0 :Text; dueAtUs @1 :Int64; }
struct NextContactCancelled { clientId @0 :Text; dueAtUs @1 :Int64; reason @2 :Text; }

struct HandedOver {
  clientId @0 :Text;
  department @1 :Text;
  productCode @2 :Text;
  fromEmployeeId @3 :Text;
  automatic @4 :Bool;
}
struct HandOverAccepted { clientId @0 :Text; department @1 :Text; specialistId @2 :Text; }
struct HandOverReturned { clientId @0 :Text; department @1 :Text; reason @2 :Text; }

struct TaskAssigned {
  taskId @0 :Text;
  employeeId @1 :Text;
  kind @2 :TaskKind;
  clientId @3 :Text;            # "" for tasks about no single client
  week @4 :IsoWeek;             # for plan deviations
  dueAtUs @5 :Int64;
  text @6 :Text;
}
struct TaskCompleted { taskId @0 :Text; employeeId @1 :Text; note @2 :Text; }

struct CampaignLaunched {
  campaignId @0 :Text;
  branchId @1 :Text;
  name @2 :Text;
  products @3 :List(Text);
  fromUs @4 :Int64;
  untilUs @5 :Int64;
}
struct ClientEnrolled { campaignId @0 :Text; clientId @1 :Text; }
struct CampaignClosed { campaignId @0 :Text; }

struct SatisfactionScored { clientId @0 :Text; score @1 :UInt8; comment @2 :Text; }  # 1..10

# Time-driven rules are triggered by events, so a replay decides at the same points.
struct WorkingDayClosed { branchId @0 :Text; dayStartUs @1 :Int64; }

# ---------------------------------------------------------------- the payload

struct DomainEvent {
  union {
    regionOpened @0 :RegionOpened;
    branchOpened @1 :BranchOpened;
    departmentOpened @2 :DepartmentOpened;
    productDefined @3 :ProductDefined;
    employeeHired @4 :EmployeeHired;
    employeeRoleChanged @5 :EmployeeRoleChanged;
    employeeTransferred @6 :EmployeeTransferred;
    employeeLeft @7 :EmployeeLeft;
    absenceRecorded @8 :AbsenceRecorded;
    branchSettingsChanged @9 :BranchSettingsChanged;
    clientRegistered @10 :ClientRegistered;
    clientDetailsCorrected @11 :ClientDetailsCorrected;
    clientStatusChanged @12 :ClientStatusChanged;
    clientsLinked @13 :ClientsLinked;
    clientsUnlinked @14 :ClientsUnlinked;
    clientMergedAsDuplicate @15 :ClientMergedAsDuplicate;
    clientUnmerged @16 :ClientUnmerged;
    personalDataErased @17 :PersonalDataErased;
    clientAssigned @18 :ClientAssigned;
    clientReassigned @19 :ClientReassigned;
    clientUnassigned @20 :ClientUnassigned;
    weeklyPlanSet @21 :WeeklyPlanSet;
    contactLogged @22 :ContactLogged;
    dontDisturbWarned @23 :DontDisturbWarned;
    nextContactDone @24 :NextContactDone;
    nextContactCancelled @25 :NextContactCancelled;
    handedOver @26 :HandedOver;
    handOverAccepted @27 :HandOverAccepted;
    handOverReturned @28 :HandOverReturned;
    taskAssigned @29 :TaskAssigned;
    taskCompleted @30 :TaskCompleted;
    campaignLaunched @31 :CampaignLaunched;
    clientEnrolled @32 :ClientEnrolled;
    campaignClosed @33 :CampaignClosed;
    satisfactionScored @34 :SatisfactionScored;
    workingDayClosed @35 :WorkingDayClosed;
  }
}
