#include "api/json_body.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "api/error_response.hpp"
#include "support/result_matchers.hpp"

namespace clockko::api {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::Succeeds;
namespace bhttp = boost::beast::http;

void ExpectMalformed(const Result<boost::json::object>& r) {
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "malformed_json"));
  EXPECT_EQ(r.error().public_message, "Malformed JSON body");
  EXPECT_EQ(HttpStatusFor(r.error()), bhttp::status::bad_request);
}

std::string NestedObjects(int depth) {
  std::string s;
  for (int i = 1; i < depth; ++i) {
    s += "{\"a\":";
  }
  s += "{}";
  for (int i = 1; i < depth; ++i) {
    s += "}";
  }
  return s;
}

std::string ObjectWithNestedArrays(int depth) {  // the object is level 1
  return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
}

TEST(ParseJsonObjectTextTest, ValidObject) {
  Result<boost::json::object> r =
      ParseJsonObjectText(R"({"name":"Ann","n":5,"ok":true,"x":null,"l":[1,2],"o":{"k":"v"}})");
  ASSERT_THAT(r, Succeeds());
  EXPECT_EQ(r->at("name").as_string(), "Ann");
  EXPECT_EQ(r->at("n").as_int64(), 5);
  EXPECT_TRUE(r->at("x").is_null());
  EXPECT_EQ(r->at("o").at("k").as_string(), "v");
}

TEST(ParseJsonObjectTextTest, EmptyBodyIsAnEmptyObject) {
  for (const char* text : {"", " ", "\r\n\t "}) {
    Result<boost::json::object> r = ParseJsonObjectText(text);
    ASSERT_THAT(r, Succeeds());
    EXPECT_TRUE(r->empty());
  }
}

TEST(ParseJsonObjectTextTest, MalformedIsRejected) {
  for (const char* text :
       {"{", "}", "{\"a\":}", "{'a':1}", "{a:1}", "{\"a\":1,}", "{}x", "{} {}", "nul",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{/*c*/}", "{\"a\":01}", "{\"a\":\"\t\"}"}) {
    SCOPED_TRACE(text);
    ExpectMalformed(ParseJsonObjectText(text));
  }
}

TEST(ParseJsonObjectTextTest, InvalidUtf8IsMalformed) {
  ExpectMalformed(ParseJsonObjectText("{\"a\":\"\xFF\"}"));
  ExpectMalformed(ParseJsonObjectText("{\"\xC3\":1}"));
  ExpectMalformed(ParseJsonObjectText("{\"a\":\"\xC0\xAF\"}"));      // overlong
  ExpectMalformed(ParseJsonObjectText("{\"a\":\"\xED\xA0\x80\"}"));  // surrogate
}

TEST(ParseJsonObjectTextTest, LoneSurrogateEscapeIsMalformed) {
  ExpectMalformed(ParseJsonObjectText(R"({"a":"\ud800"})"));
}

TEST(ParseJsonObjectTextTest, DuplicateKeysAreRejectedAtEveryLevel) {
  ExpectMalformed(ParseJsonObjectText(R"({"a":1,"a":2})"));
  ExpectMalformed(ParseJsonObjectText(R"({"a":1,"b":2,"a":1})"));
  ExpectMalformed(ParseJsonObjectText(R"({"x":{"a":1,"a":2}})"));
  ExpectMalformed(ParseJsonObjectText(R"({"l":[{"k":1,"k":1}]})"));
  // Escapes are decoded before comparing.
  ExpectMalformed(ParseJsonObjectText(R"({"a":1,"\u0061":2})"));
}

TEST(ParseJsonObjectTextTest, SameKeyInDifferentObjectsIsFine) {
  EXPECT_THAT(ParseJsonObjectText(R"({"x":{"a":1},"y":{"a":2},"a":3})"), Succeeds());
  EXPECT_THAT(ParseJsonObjectText(R"({"l":[{"a":1},{"a":1}]})"), Succeeds());
  EXPECT_THAT(ParseJsonObjectText(R"({"a":{"a":{"a":1}}})"), Succeeds());
}

TEST(ParseJsonObjectTextTest, DepthLimitIs32) {
  EXPECT_THAT(ParseJsonObjectText(NestedObjects(32)), Succeeds());
  ExpectMalformed(ParseJsonObjectText(NestedObjects(33)));
  EXPECT_THAT(ParseJsonObjectText(ObjectWithNestedArrays(32)), Succeeds());
  ExpectMalformed(ParseJsonObjectText(ObjectWithNestedArrays(33)));
  ExpectMalformed(ParseJsonObjectText(NestedObjects(10000)));  // no stack overflow
}

TEST(ParseJsonObjectTextTest, NonObjectIs422) {
  for (const char* text : {"[]", "[1,2]", "5", "-1.5", "\"text\"", "true", "null"}) {
    SCOPED_TRACE(text);
    Result<boost::json::object> r = ParseJsonObjectText(text);
    ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
    EXPECT_EQ(r.error().public_message, "body: must be a JSON object");
    EXPECT_EQ(HttpStatusFor(r.error()), bhttp::status::unprocessable_entity);
  }
}

// --- ParseJsonObject: the Content-Type rules --------------------------------------------------

http::Request Req(std::string body, const char* content_type) {
  http::Request req{bhttp::verb::post, "/api/auth/login", 11};
  if (content_type != nullptr) {
    req.set(bhttp::field::content_type, content_type);
  }
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

TEST(ParseJsonObjectTest, BodyWithoutJsonContentTypeIs415) {
  for (const char* type :
       {static_cast<const char*>(nullptr), "text/plain", "application/x-www-form-urlencoded",
        "application/jsonx", "application/json-patch+json", "json", "multipart/form-data"}) {
    SCOPED_TRACE(type == nullptr ? "(none)" : type);
    Result<boost::json::object> r = ParseJsonObject(Req(R"({"a":1})", type));
    ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "unsupported_media_type"));
    EXPECT_EQ(r.error().public_message, "Content-Type must be application/json");
    EXPECT_EQ(HttpStatusFor(r.error()), bhttp::status::unsupported_media_type);
  }
}

TEST(ParseJsonObjectTest, JsonContentTypeWithParametersIsAccepted) {
  for (const char* type : {"application/json", "application/json; charset=utf-8",
                           "application/json;charset=UTF-8", "Application/JSON"}) {
    SCOPED_TRACE(type);
    Result<boost::json::object> r = ParseJsonObject(Req(R"({"a":1})", type));
    ASSERT_THAT(r, Succeeds());
    EXPECT_EQ(r->at("a").as_int64(), 1);
  }
}

TEST(ParseJsonObjectTest, NoBodyNeedsNoHeader) {
  EXPECT_THAT(ParseJsonObject(Req("", nullptr)), Succeeds());
  // A bodiless request may carry any Content-Type.
  EXPECT_THAT(ParseJsonObject(Req("", "text/plain")), Succeeds());
}

TEST(ParseJsonObjectTest, ContentTypeIsCheckedBeforeTheJson) {
  EXPECT_THAT(ParseJsonObject(Req("{not json", "text/plain")),
              FailsWith(Errc::kInvalidArgument, "unsupported_media_type"));
  EXPECT_THAT(ParseJsonObject(Req("{not json", "application/json")),
              FailsWith(Errc::kInvalidArgument, "malformed_json"));
}

}  // namespace
}  // namespace clockko::api
