// engine/api/openapi.yaml against the code, by a line-based scan of the hand-written
// document (its layout: paths at two spaces, component names at four, a schema's
// properties at eight, one per line): every command has its route and a body schema
// with exactly its fields, required fields and kinds; every query its route with exactly
// its parameters; every enum exactly its JSON names; no command route documents a
// command that does not exist.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/api/command_json.h"
#include "engine/api/queries.h"
#include "events/domain_json.h"

namespace prospekt::api {
namespace {

std::vector<std::string> YamlLines() {
  std::ifstream in(PROSPEKT_OPENAPI_YAML);
  REQUIRE(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t Indent(const std::string& line) {
  const std::size_t first = line.find_first_not_of(' ');
  return first == std::string::npos ? line.size() : first;
}

// The lines after `header` (a whole line, indent included) up to the next line indented
// as much or less; empty when there is no such line at or after `from`.
std::vector<std::string> Block(const std::vector<std::string>& lines, const std::string& header,
                               std::size_t from = 0) {
  for (std::size_t i = from; i < lines.size(); ++i) {
    if (lines[i] != header) continue;
    std::vector<std::string> block;
    for (std::size_t j = i + 1;
         j < lines.size() && (lines[j].empty() || Indent(lines[j]) > Indent(header)); ++j) {
      block.push_back(lines[j]);
    }
    return block;
  }
  return {};
}

std::size_t LineOf(const std::vector<std::string>& lines, const std::string& line) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == line) return i;
  }
  FAIL("no line '" << line << "'");
  return 0;
}

// "[a, b, c]" -> {a, b, c}.
std::vector<std::string> FlowList(const std::string& text) {
  const std::size_t open = text.find('[');
  const std::size_t close = text.find(']', open);
  REQUIRE(open != std::string::npos);
  REQUIRE(close != std::string::npos);
  std::vector<std::string> items;
  std::stringstream in(text.substr(open + 1, close - open - 1));
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    items.push_back(item);
  }
  return items;
}

bool Contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

// A schema reference, with or without a description beside it.
bool IsRef(const std::string& value, const std::string& schema) {
  const std::string ref = "{$ref: '#/components/schemas/" + schema + "'}";
  return value.rfind(ref, 0) == 0 || value.rfind("{allOf: [" + ref + "]", 0) == 0;
}

// Whether `value`, what a property line says after "name: ", documents a field of `kind`.
bool Documents(const std::string& value, FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
      return value.rfind("{type: string", 0) == 0;
    case FieldKind::kBoolean:
      return value.rfind("{type: boolean", 0) == 0;
    case FieldKind::kInteger:
      return value.rfind("{type: integer", 0) == 0;
    case FieldKind::kTime:
      return IsRef(value, "Time");
    case FieldKind::kWeek:
      return IsRef(value, "IsoWeek");
    case FieldKind::kMoney:
      return IsRef(value, "Money");
    case FieldKind::kEnum:
      for (const char* name : {"ClientKind", "ClientSource", "ClientStatus", "ClientRelation",
                               "ContactType", "ContactOutcome", "RefusalReason"}) {
        if (IsRef(value, name)) return true;
      }
      return false;
    case FieldKind::kStringList:
      return value.rfind("{type: array, items: {type: string}", 0) == 0;
    case FieldKind::kEnumList:
      return value.rfind("{type: array, items: {$ref: '#/components/schemas/Role'}", 0) == 0;
    case FieldKind::kObjectList:
      return value.rfind("{type: array, items: {$ref: '#/components/schemas/ProductTarget'}", 0) ==
             0;
  }
  return false;
}

TEST_CASE("the OpenAPI document has every command's route and exact body schema", "[api]") {
  const std::vector<std::string> lines = YamlLines();
  const std::size_t schemas = LineOf(lines, "  schemas:");
  for (const CommandSpec& spec : CommandSpecs()) {
    const std::string name(spec.name);
    INFO(name);
    const std::vector<std::string> route = Block(lines, "  " + spec.path + ":");
    REQUIRE_FALSE(route.empty());
    CHECK(route[0] == "    post:");
    CHECK(Contains(route, "schema: {$ref: '#/components/schemas/" + name + "'}"));
    CHECK(Contains(route, "'422': {$ref: '#/components/responses/Refused'}"));

    const std::vector<std::string> schema = Block(lines, "    " + name + ":", schemas);
    REQUIRE_FALSE(schema.empty());
    CHECK(Contains(schema, "      additionalProperties: false"));
    std::set<std::string> required_yaml;
    std::map<std::string, std::string> properties;  // name -> what its line says
    bool in_properties = false;
    for (const std::string& line : schema) {
      if (line.rfind("      required: ", 0) == 0) {
        for (const std::string& field : FlowList(line)) required_yaml.insert(field);
      }
      if (line == "      properties:") in_properties = true;
      if (in_properties && Indent(line) == 8) {
        const std::string trimmed = line.substr(8);
        const std::size_t colon = trimmed.find(": ");
        properties[trimmed.substr(0, colon)] = trimmed.substr(colon + 2);
      }
    }
    std::set<std::string> required_code;
    std::set<std::string> fields_code;
    for (const CommandField& field : spec.fields) {
      const std::string field_name(field.name);
      INFO(field_name);
      fields_code.insert(field_name);
      if (field.required) required_code.insert(field_name);
      REQUIRE(properties.count(field_name) == 1);
      INFO(properties[field_name]);
      CHECK(Documents(properties[field_name], field.kind));
    }
    CHECK(required_yaml == required_code);
    std::set<std::string> fields_yaml;
    for (const auto& [property, line] : properties) fields_yaml.insert(property);
    CHECK(fields_yaml == fields_code);
  }
  // No route documents a command that is not in the catalogue.
  for (const std::string& line : lines) {
    if (line.rfind("  /api/commands/", 0) != 0) continue;
    const std::string name = line.substr(16, line.size() - 17);
    INFO(line);
    CHECK(FindCommandSpec(name) != nullptr);
  }
}

TEST_CASE("the OpenAPI document has every query's route with exactly its parameters", "[api]") {
  const std::vector<std::string> lines = YamlLines();
  const std::string kRef = "$ref: '#/components/parameters/";
  for (const QuerySpec& spec : QuerySpecs()) {
    INFO(spec.name);
    const std::vector<std::string> route = Block(lines, "  " + std::string(spec.http_path) + ":");
    REQUIRE_FALSE(route.empty());
    CHECK(route[0] == "    get:");
    std::set<std::string> documented;
    for (const std::string& line : route) {
      if (const std::size_t at = line.find(kRef); at != std::string::npos) {
        const std::size_t begin = at + kRef.size();
        documented.insert(line.substr(begin, line.find('\'', begin) - begin));
      }
    }
    std::set<std::string> taken(spec.params.begin(), spec.params.end());
    if (!spec.subject.empty()) {
      const std::string path_param = std::string(spec.subject) + "_id";
      CHECK_THAT(std::string(spec.http_path), Catch::Contains("{" + path_param + "}"));
      taken.insert(path_param);
    }
    CHECK(documented == taken);
    CHECK(Contains(route, "'400': {$ref: '#/components/responses/BadRequest'}"));
  }
}

template <class Enum>
void CheckEnum(const std::vector<std::string>& lines, const std::string& name) {
  INFO(name);
  const std::string prefix = "    " + name + ": {type: string, enum: [";
  std::vector<std::string> documented;
  for (const std::string& line : lines) {
    if (line.rfind(prefix, 0) == 0) documented = FlowList(line.substr(prefix.size() - 1));
  }
  std::vector<std::string> names;
  for (std::string_view value : EnumJsonNames<Enum>()) names.emplace_back(value);
  CHECK(documented == names);
}

TEST_CASE("the OpenAPI document lists every enum's JSON names", "[api]") {
  const std::vector<std::string> lines = YamlLines();
  CheckEnum<domain::Role>(lines, "Role");
  CheckEnum<domain::ClientKind>(lines, "ClientKind");
  CheckEnum<domain::ClientSource>(lines, "ClientSource");
  CheckEnum<domain::ClientStatus>(lines, "ClientStatus");
  CheckEnum<domain::ClientRelation>(lines, "ClientRelation");
  CheckEnum<domain::ContactType>(lines, "ContactType");
  CheckEnum<domain::ContactOutcome>(lines, "ContactOutcome");
  CheckEnum<domain::RefusalReason>(lines, "RefusalReason");
  CheckEnum<domain::TaskKind>(lines, "TaskKind");
}

TEST_CASE("enum names round-trip through EnumFromJsonName", "[api]") {
  for (std::string_view name : EnumJsonNames<domain::ContactOutcome>()) {
    const std::optional<domain::ContactOutcome> value =
        EnumFromJsonName<domain::ContactOutcome>(name);
    REQUIRE(value.has_value());
    CHECK(EnumJsonName(*value) == name);
  }
  CHECK(EnumJsonNames<domain::Role>().size() >= 5);
  CHECK_FALSE(EnumFromJsonName<domain::Role>("unknown").has_value());
  CHECK_FALSE(EnumFromJsonName<domain::Role>("Auditor").has_value());
  CHECK_FALSE(EnumFromJsonName<domain::TaskKind>("").has_value());
}

}  // namespace
}  // namespace prospekt::api
