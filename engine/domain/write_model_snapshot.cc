#include "engine/domain/write_model_snapshot.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace prospekt::domain {

// Lists the model's private members for the codec below (friend of WriteModel).
struct WriteModelFields {
  template <typename Io, typename Model>
  static void Visit(Io& io, Model& m) {
    io(m.regions_, m.branches_, m.departments_, m.product_departments_, m.employees_, m.clients_,
       m.tasks_, m.campaigns_, m.tax_ids_, m.phones_, m.emails_, m.names_, m.weeks_);
  }
};

namespace {

// ---------------------------------------------------------------- the field lists
//
// THE place that says what a snapshot holds: every member of every struct of the
// model, in encoding order. A member added to the model is added here (at the end of
// its list) together with a bump of kWriteModelSnapshotVersion.
template <typename Io, typename T>
void Fields(Io& io, T& v) {
  using U = std::remove_const_t<T>;
  if constexpr (std::is_same_v<U, WriteModel>) {
    WriteModelFields::Visit(io, v);
  } else if constexpr (std::is_same_v<U, WriteModel::Branch>) {
    io(v.region_id, v.dont_disturb_days, v.plan_deviation_percent);
  } else if constexpr (std::is_same_v<U, WriteModel::Employee>) {
    io(v.roles, v.branch_id, v.department_id, v.left, v.absences);
  } else if constexpr (std::is_same_v<U, AbsenceRecorded>) {
    io(v.employee_id, v.from_us, v.until_us, v.deputy_id, v.reason);
  } else if constexpr (std::is_same_v<U, WriteModel::Client>) {
    io(v.branch_id, v.region_id, v.kind, v.assigned_employee_id, v.products_held,
       v.registered_at_us, v.last_contact_by_employee, v.next_contact_due_us, v.waiting_hand_overs,
       v.status, v.name, v.tax_id, v.address, v.industry, v.phones, v.emails, v.links,
       v.merged_into, v.personal_data_erased, v.duplicates);
  } else if constexpr (std::is_same_v<U, WriteModel::Task>) {
    io(v.employee_id, v.client_id, v.kind, v.open);
  } else if constexpr (std::is_same_v<U, WriteModel::Week>) {
    io(v.has_plan, v.planned_contacts, v.fact_contacts, v.deviation_tasked, v.deviation_tasks);
  } else if constexpr (std::is_same_v<U, WriteModel::Campaign>) {
    io(v.branch_id, v.open, v.enrolled);
  } else {
    static_assert(!std::is_same_v<U, U>, "no field list for this type");
  }
}

// A member added without being listed above changes the struct's size: stop the build
// here rather than ship snapshots that silently drop it. The sizes are those of
// libstdc++ on 64-bit targets; other standard libraries skip the check.
#if defined(__GLIBCXX__) && __SIZEOF_POINTER__ == 8
static_assert(sizeof(WriteModel::Branch) == 40, "list the new member in Fields; bump the version");
static_assert(sizeof(WriteModel::Employee) == 120,
              "list the new member in Fields; bump the version");
static_assert(sizeof(AbsenceRecorded) == 112, "list the new member in Fields; bump the version");
static_assert(sizeof(WriteModel::Client) == 584, "list the new member in Fields; bump the version");
static_assert(sizeof(WriteModel::Task) == 72, "list the new member in Fields; bump the version");
static_assert(sizeof(WriteModel::Week) == 20, "list the new member in Fields; bump the version");
static_assert(sizeof(WriteModel::Campaign) == 88,
              "list the new member in Fields; bump the version");
static_assert(sizeof(WriteModel) == 648, "list the new member in Fields; bump the version");
#endif

// ---------------------------------------------------------------- containers

template <typename T>
struct IsPair : std::false_type {};
template <typename A, typename B>
struct IsPair<std::pair<A, B>> : std::true_type {};

template <typename T>
struct IsSequence : std::false_type {};  // encoded as count + elements, read by push_back
template <typename T, typename A>
struct IsSequence<std::vector<T, A>> : std::true_type {};

template <typename T>
struct IsKeyed : std::false_type {};  // sorted containers, read by emplace_hint at the end
template <typename K, typename V, typename C, typename A>
struct IsKeyed<std::map<K, V, C, A>> : std::true_type {};
template <typename K, typename C, typename A>
struct IsKeyed<std::set<K, C, A>> : std::true_type {};

template <typename T>
struct IsUnorderedMap : std::false_type {};
template <typename K, typename V, typename H, typename E, typename A>
struct IsUnorderedMap<std::unordered_map<K, V, H, E, A>> : std::true_type {};

// A container element as it can be read into: pair<const K, V> becomes pair<K, V>.
template <typename T>
struct Mutable {
  using type = T;
};
template <typename K, typename V>
struct Mutable<std::pair<const K, V>> {
  using type = std::pair<K, V>;
};

std::uint64_t ZigZag(std::int64_t value) {
  return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}
std::int64_t UnZigZag(std::uint64_t value) {
  return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
}

// ---------------------------------------------------------------- writing

class Writer {
 public:
  template <typename... T>
  void operator()(const T&... values) {
    (Put(values), ...);
  }
  std::string Take() { return std::move(out_); }

  void Varint(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }

 private:
  template <typename T>
  void Put(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(value ? '\1' : '\0');
    } else if constexpr (std::is_enum_v<T>) {
      Varint(static_cast<std::uint64_t>(value));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      Varint(ZigZag(value));
    } else if constexpr (std::is_integral_v<T>) {
      Varint(value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      Varint(value.size());
      out_.append(value);
    } else if constexpr (IsPair<T>::value) {
      Put(value.first);
      Put(value.second);
    } else if constexpr (IsSequence<T>::value || IsKeyed<T>::value) {
      Varint(value.size());
      for (const auto& element : value) Put(element);
    } else if constexpr (IsUnorderedMap<T>::value) {
      // Sorted by key, so that equal models give equal bytes.
      std::vector<const typename T::value_type*> sorted;
      sorted.reserve(value.size());
      for (const auto& element : value) sorted.push_back(&element);
      std::sort(sorted.begin(), sorted.end(),
                [](const auto* a, const auto* b) { return a->first < b->first; });
      Varint(sorted.size());
      for (const auto* element : sorted) Put(*element);
    } else if constexpr (std::is_same_v<T, dedup::SimilarNameIndex>) {
      Varint(value.size());
      value.ForEach([this](const std::string& name, const std::string& client_id) {
        Put(name);
        Put(client_id);
      });
    } else {
      Fields(*this, value);
    }
  }

  std::string out_;
};

// ---------------------------------------------------------------- reading

// Reads what Writer wrote; the first failure sticks and every later read is a no-op.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}

  template <typename... T>
  void operator()(T&... values) {
    (Get(values), ...);
  }
  bool ok() const { return error_.empty(); }
  bool at_end() const { return in_.empty(); }
  const std::string& error() const { return error_; }

  std::uint64_t Varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) {
        Fail("cut short inside a number");
        return 0;
      }
      const auto byte = static_cast<std::uint8_t>(in_.front());
      in_.remove_prefix(1);
      if (shift == 63 && byte > 1) break;
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    Fail("a number longer than 64 bits");
    return 0;
  }

 private:
  void Fail(std::string what) {
    if (error_.empty()) error_ = std::move(what);
    in_ = {};
  }

  // A count of elements, each taking at least one byte: more than the bytes left is
  // damage, and must not become a huge allocation.
  std::size_t Count() {
    const std::uint64_t count = Varint();
    if (count > in_.size()) {
      Fail("a count of " + std::to_string(count) + " with " + std::to_string(in_.size()) +
           " bytes left");
      return 0;
    }
    return static_cast<std::size_t>(count);
  }

  template <typename Int>
  void Unsigned(Int& value) {
    const std::uint64_t raw = Varint();
    if (raw > std::numeric_limits<Int>::max()) return Fail("a number out of range");
    value = static_cast<Int>(raw);
  }

  template <typename T>
  void Get(T& value) {
    if (!ok()) return;
    if constexpr (std::is_same_v<T, bool>) {
      if (in_.empty() || static_cast<std::uint8_t>(in_.front()) > 1) return Fail("a bad bool");
      value = in_.front() == '\1';
      in_.remove_prefix(1);
    } else if constexpr (std::is_enum_v<T>) {
      std::underlying_type_t<T> raw{};
      Unsigned(raw);
      value = static_cast<T>(raw);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      const std::int64_t raw = UnZigZag(Varint());
      if (raw < std::numeric_limits<T>::min() || raw > std::numeric_limits<T>::max()) {
        return Fail("a number out of range");
      }
      value = static_cast<T>(raw);
    } else if constexpr (std::is_integral_v<T>) {
      Unsigned(value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      const std::size_t size = Count();
      value.assign(in_.substr(0, size));
      in_.remove_prefix(size);
    } else if constexpr (IsPair<T>::value) {
      Get(value.first);
      Get(value.second);
    } else if constexpr (IsSequence<T>::value) {
      const std::size_t count = Count();
      value.clear();
      value.reserve(count);
      for (std::size_t i = 0; i < count && ok(); ++i) Get(value.emplace_back());
    } else if constexpr (IsKeyed<T>::value || IsUnorderedMap<T>::value) {
      const std::size_t count = Count();
      value.clear();
      for (std::size_t i = 0; i < count && ok(); ++i) {
        // map and unordered_map elements are pair<const K, V>: read a mutable pair.
        typename Mutable<typename T::value_type>::type element{};
        Get(element);
        if (!ok()) return;
        const std::size_t before = value.size();
        if constexpr (IsKeyed<T>::value) {
          value.emplace_hint(value.end(), std::move(element));
        } else {
          value.emplace(std::move(element));
        }
        if (value.size() == before) return Fail("a key twice");
      }
    } else if constexpr (std::is_same_v<T, dedup::SimilarNameIndex>) {
      const std::size_t count = Count();
      value = dedup::SimilarNameIndex();
      for (std::size_t i = 0; i < count && ok(); ++i) {
        std::string name, client_id;
        Get(name);
        Get(client_id);
        if (name.empty()) return Fail("an empty name in a name index");
        value.Add(std::move(name), std::move(client_id));
      }
    } else {
      Fields(*this, value);
    }
  }

  std::string_view in_;
  std::string error_;
};

}  // namespace

std::string EncodeWriteModel(const WriteModel& model) {
  Writer writer;
  writer.Varint(kWriteModelSnapshotVersion);
  writer(model);
  return writer.Take();
}

Result<WriteModel> DecodeWriteModel(std::string_view bytes) {
  Reader reader(bytes);
  const std::uint64_t version = reader.Varint();
  if (!reader.ok()) return Status::Corruption("write model snapshot: " + reader.error());
  if (version != kWriteModelSnapshotVersion) {
    return Status::FailedPrecondition("write model snapshot of format " + std::to_string(version) +
                                      "; this build reads format " +
                                      std::to_string(kWriteModelSnapshotVersion));
  }
  WriteModel model;
  reader(model);
  if (!reader.ok()) return Status::Corruption("write model snapshot: " + reader.error());
  if (!reader.at_end()) return Status::Corruption("write model snapshot: bytes after the model");
  return model;
}

}  // namespace prospekt::domain
