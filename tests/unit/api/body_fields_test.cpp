#include "api/body_fields.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "support/result_matchers.hpp"

namespace clockko::api {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::Succeeds;

boost::json::object Obj(std::string_view text) { return boost::json::parse(text).as_object(); }

template <typename T>
void ExpectFieldError(const Result<T>& r, std::string_view message) {
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
  EXPECT_EQ(r.error().public_message, message);
}

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

TEST(BodyFieldsTest, RequiredStringPresent) {
  const boost::json::object o = Obj(R"({"name":"Ann","empty":""})");
  BodyFields f(o);
  Result<std::string> name = f.RequiredString("name");
  ASSERT_THAT(name, Succeeds());
  EXPECT_EQ(*name, "Ann");
  Result<std::string> empty = f.RequiredString("empty");
  ASSERT_THAT(empty, Succeeds());  // presence, not length, is checked here
  EXPECT_EQ(*empty, "");
}

TEST(BodyFieldsTest, RequiredStringMissingOrNullIsFieldRequired) {
  const boost::json::object o = Obj(R"({"email":null})");
  BodyFields f(o);
  ExpectFieldError(f.RequiredString("name"), "name: field required");
  ExpectFieldError(f.RequiredString("email"), "email: field required");
}

TEST(BodyFieldsTest, WrongTypeIsMustBeAString) {
  const boost::json::object o = Obj(R"({"a":5,"b":true,"c":["x"],"d":{"k":"v"},"e":1.5})");
  BodyFields f(o);
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    SCOPED_TRACE(name);
    ExpectFieldError(f.RequiredString(name), std::string(name) + ": must be a string");
    ExpectFieldError(f.String(name), std::string(name) + ": must be a string");
  }
}

TEST(BodyFieldsTest, OptionalStringTellsAbsentNullAndSetApart) {
  const boost::json::object o = Obj(R"({"phone_number":null,"name":"Ann"})");
  BodyFields f(o);
  Result<FieldValue<std::string>> absent = f.String("avatar_url");
  ASSERT_THAT(absent, Succeeds());
  EXPECT_TRUE(absent->absent());
  Result<FieldValue<std::string>> null = f.String("phone_number");
  ASSERT_THAT(null, Succeeds());
  EXPECT_TRUE(null->is_null());
  Result<FieldValue<std::string>> set = f.String("name");
  ASSERT_THAT(set, Succeeds());
  EXPECT_TRUE(set->set());
  EXPECT_EQ(set->value, "Ann");
}

TEST(BodyFieldsTest, DefaultCapIs1024CodePoints) {
  const std::string at_limit = Repeat("é", 1024);  // 2,048 bytes, 1,024 characters
  const std::string over_limit = Repeat("a", 1025);
  const boost::json::object o = Obj("{\"ok\":\"" + at_limit + "\",\"long\":\"" + over_limit +
                                    "\",\"emoji\":\"" + Repeat("😀", 1024) + "\"}");
  BodyFields f(o);
  EXPECT_THAT(f.RequiredString("ok"), Succeeds());
  EXPECT_THAT(f.RequiredString("emoji"), Succeeds());
  ExpectFieldError(f.RequiredString("long"), "long: must be at most 1024 characters");
  ExpectFieldError(f.String("long"), "long: must be at most 1024 characters");
}

TEST(BodyFieldsTest, CustomCap) {
  const boost::json::object o = Obj(R"({"code":"1234567"})");
  BodyFields f(o);
  ExpectFieldError(f.RequiredString("code", 6), "code: must be at most 6 characters");
  EXPECT_THAT(f.RequiredString("code", 7), Succeeds());
}

TEST(BodyFieldsTest, IntegerIsStrict) {
  const boost::json::object o =
      Obj(R"({"n":5,"neg":-3,"zero":0,"frac":1.5,"whole_double":5.0,"str":"5","bool":true,)"
          R"("huge":18446744073709551615,"null":null,"exp":1e3})");
  BodyFields f(o);
  Result<FieldValue<std::int64_t>> n = f.Integer("n");
  ASSERT_THAT(n, Succeeds());
  EXPECT_TRUE(n->set());
  EXPECT_EQ(n->value, 5);
  EXPECT_EQ(f.Integer("neg")->value, -3);
  EXPECT_EQ(f.Integer("zero")->value, 0);
  for (const char* name : {"frac", "str", "bool", "whole_double", "exp"}) {
    SCOPED_TRACE(name);
    ExpectFieldError(f.Integer(name), std::string(name) + ": must be an integer");
  }
  ExpectFieldError(f.Integer("huge"), "huge: must be an integer in range");
  EXPECT_TRUE(f.Integer("null")->is_null());
  EXPECT_TRUE(f.Integer("missing")->absent());
}

TEST(BodyFieldsTest, BooleanIsStrict) {
  const boost::json::object o = Obj(R"({"t":true,"f":false,"s":"true","one":1,"null":null})");
  BodyFields f(o);
  EXPECT_TRUE(f.Boolean("t")->value);
  EXPECT_TRUE(f.Boolean("f")->set());
  EXPECT_FALSE(f.Boolean("f")->value);
  ExpectFieldError(f.Boolean("s"), "s: must be a boolean");
  ExpectFieldError(f.Boolean("one"), "one: must be a boolean");
  EXPECT_TRUE(f.Boolean("null")->is_null());
  EXPECT_TRUE(f.Boolean("missing")->absent());
}

TEST(BodyFieldsTest, FieldErrorFormat) {
  Result<int> r = FieldError("focus_goal", "must be an integer");
  ExpectFieldError(r, "focus_goal: must be an integer");
}

}  // namespace
}  // namespace clockko::api
