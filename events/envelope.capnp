# The envelope of every event in the Prospekt log. See events/FORMAT.md.
#
# Schemas only grow: new fields take new ordinals; never renumber, retype or reuse one.
# The store hashes the exact encoded bytes of each envelope into the next one's
# prevHash, so an envelope is never re-encoded once written.
@0xae8bfb8e269cb91b;

$import "/capnp/c++.capnp".namespace("prospekt::schema");

struct Envelope {
  seq @0 :UInt64;             # global position in the log, gapless, from 1
  streamId @1 :Text;          # "<category>-<id>", e.g. "client-r01-000042"
  streamVersion @2 :UInt64;   # position within the stream, from 1
  eventType @3 :Text;         # past-tense name, e.g. "ContactLogged"
  schemaVersion @4 :UInt16;   # version of the payload's schema, for upcasting
  occurredAtUs @5 :Int64;     # business time: microseconds since the Unix epoch, UTC
  recordedAtUs @6 :Int64;     # log time, same unit; never decreases with seq
  actor @7 :Text;             # employee id who acted
  onBehalfOf @8 :Text;        # employee id deputised for ("" when acting for oneself)
  correlationId @9 :Text;     # groups every event caused by one request
  causationId @10 :Text;      # the event or command that caused this one
  idempotencyKey @11 :Text;   # client-supplied key of the append ("" when none)
  prevHash @12 :Data;         # BLAKE2b-256 of the previous envelope's bytes (zeros for seq 1)
  payload @13 :Data;          # the domain event, encoded by its own schema
}
