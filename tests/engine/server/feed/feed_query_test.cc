// The feed's parameters: stream kinds, filters, `from`, `Last-Event-ID`, and the
// InvalidArgument (naming the parameter) for everything malformed.
#include "engine/server/feed/feed_query.h"

#include <catch2/catch.hpp>

namespace prospekt::feed {
namespace {

TEST_CASE("a stream's kind is its id up to the first dash", "[feed]") {
  CHECK(StreamKind("client-r01-b01-c00007") == "client");
  CHECK(StreamKind("employee-r01-b01-e03") == "employee");
  CHECK(StreamKind("branch-r01-b01") == "branch");
  CHECK(StreamKind("credentials") == "credentials");
}

TEST_CASE("filters match by kind and type; empty lists match everything", "[feed]") {
  CHECK(FeedFilter{}.Matches("client-1", "ContactLogged"));
  Result<FeedFilter> filter = FeedFilter::Make({"client", "branch", "client"}, {"ContactLogged"});
  REQUIRE(filter.ok());
  CHECK(filter->kinds().size() == 2);
  CHECK(filter->Matches("client-r01-b01-c1", "ContactLogged"));
  CHECK(filter->Matches("branch-r01-b01", "ContactLogged"));
  CHECK_FALSE(filter->Matches("client-r01-b01-c1", "ClientAssigned"));
  CHECK_FALSE(filter->Matches("employee-r01-b01-e1", "ContactLogged"));
  // The kind is the whole category, not a prefix of it.
  CHECK_FALSE(filter->Matches("clients-1", "ContactLogged"));
}

TEST_CASE("filters refuse names that cannot be kinds or types", "[feed]") {
  Result<FeedFilter> kind = FeedFilter::Make({"Client"}, {});
  REQUIRE_FALSE(kind.ok());
  CHECK(kind.status().code() == StatusCode::kInvalidArgument);
  CHECK(kind.status().field() == "kinds");
  CHECK(kind.status().message().find("'Client' is not a stream kind") != std::string::npos);
  CHECK(FeedFilter::Make({"client-x"}, {}).status().field() == "kinds");
  CHECK(FeedFilter::Make({""}, {}).status().field() == "kinds");
  CHECK(FeedFilter::Make({}, {"1Contact"}).status().field() == "types");
  CHECK(FeedFilter::Make({}, {"Contact Logged"}).status().field() == "types");
  CHECK(FeedFilter::Make({}, {std::string(200, 'A')}).status().field() == "types");
  CHECK(FeedFilter::Make(std::vector<std::string>(65, "client"), {}).status().field() == "kinds");
  CHECK(FeedFilter::Make({"audit_log"}, {"domain.ContactLogged_v2"}).ok());
}

TEST_CASE("the feed's query: from, kinds, types, Last-Event-ID", "[feed]") {
  Result<FeedQuery> none = ParseFeedQuery("/feed");
  REQUIRE(none.ok());
  CHECK_FALSE(none->from_seq);
  CHECK(none->filter == FeedFilter{});

  Result<FeedQuery> full =
      ParseFeedQuery("/feed?from=42&kinds=client,employee&types=ContactLogged%2CClientAssigned");
  REQUIRE(full.ok());
  CHECK(full->from_seq == 42u);
  CHECK(full->filter.kinds() == std::set<std::string, std::less<>>{"client", "employee"});
  CHECK(full->filter.types() ==
        std::set<std::string, std::less<>>{"ClientAssigned", "ContactLogged"});

  CHECK(ParseFeedQuery("from=0")->from_seq == 0u);
  CHECK(ParseFeedQuery("/feed/ws?from=18446744073709551615")->from_seq == UINT64_MAX);
  CHECK(ParseFeedQuery("/feed?&from=3&")->from_seq == 3u);
  // Last-Event-ID resumes after the id and wins over from.
  CHECK(ParseFeedQuery("/feed?from=5", "99")->from_seq == 100u);
  CHECK(ParseFeedQuery("/feed", "0")->from_seq == 1u);
}

TEST_CASE("a bad feed parameter is InvalidArgument naming it", "[feed]") {
  auto field_of = [](std::string_view target, std::string_view last_event_id = {}) {
    Result<FeedQuery> query = ParseFeedQuery(target, last_event_id);
    REQUIRE_FALSE(query.ok());
    CHECK(query.status().code() == StatusCode::kInvalidArgument);
    return query.status().field();
  };
  CHECK(field_of("/feed?from=") == "from");
  CHECK(field_of("/feed?from=-1") == "from");
  CHECK(field_of("/feed?from=1.5") == "from");
  CHECK(field_of("/feed?from=%201") == "from");
  CHECK(field_of("/feed?from=18446744073709551616") == "from");
  CHECK(field_of("/feed?from=1&from=2") == "from");
  CHECK(field_of("/feed?kinds=") == "kinds");
  CHECK(field_of("/feed?kinds=client,,branch") == "kinds");
  CHECK(field_of("/feed?kinds=Client") == "kinds");
  CHECK(field_of("/feed?types=ContactLogged,") == "types");
  CHECK(field_of("/feed?types=Bad%ZZ") == "types");
  CHECK(field_of("/feed?since=4") == "since");
  CHECK(field_of("/feed", "abc") == "Last-Event-ID");
  CHECK(field_of("/feed", "18446744073709551615") == "Last-Event-ID");
  Result<FeedQuery> unknown = ParseFeedQuery("/feed?limit=3");
  CHECK(unknown.status().message() ==
        "unknown parameter 'limit'; the feed takes from, kinds and types");
}

}  // namespace
}  // namespace prospekt::feed
