// The write model's snapshot encoding: the whole WriteModel as bytes, so that the
// Executor can start from a snapshot and fold only the events after it instead of the
// whole log (executor.h). The store keeps the bytes beside the log, with the seq they
// reflect and the chain hash at that seq (EventStore::PutSnapshot, FORMAT.md).
//
// Format (version kWriteModelSnapshotVersion): a varint version, then every member of
// the model in the order listed by the Fields functions in write_model_snapshot.cc:
// unsigned integers and enums as LEB128 varints, signed ones zigzag-encoded, bools as one
// byte, strings as a varint length and the bytes, containers as a varint count and
// their elements (unordered maps sorted by key, so equal models encode equally), a
// name index as its (name, client id) entries in insertion order.
//
// A snapshot is a cache of the log, never a source of truth: a build that changes what
// the model holds bumps kWriteModelSnapshotVersion, and Executor::Open then ignores the
// older snapshots and folds the log once. Adding a member (say `bool erased` on Client)
// is one line in its Fields function and the version bump beside it; a static_assert
// there stops a build that added a member without listing it.
//
// Pure functions; safe from any thread (the model itself is not: encode it where it is
// not being changed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/domain/write_model.h"
#include "events/status.h"

namespace prospekt::domain {

// 2: Client's personal_data_erased and duplicates; the duplicate-key indexes map a key
//    to every holder (a list of client ids) instead of the first one.
inline constexpr std::uint32_t kWriteModelSnapshotVersion = 2;

// The model's encoding, starting with kWriteModelSnapshotVersion.
std::string EncodeWriteModel(const WriteModel& model);

// Decodes what EncodeWriteModel wrote. FailedPrecondition for a snapshot of another
// version (an older or a newer build's), Corruption for bytes that do not decode.
Result<WriteModel> DecodeWriteModel(std::string_view bytes);

}  // namespace prospekt::domain
