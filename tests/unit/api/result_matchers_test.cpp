// The Result matchers of tests/support/ must reject what they should, or every test using them
// could pass vacuously.
#include "support/result_matchers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace clockko::testing {
namespace {

using ::testing::Eq;
using ::testing::Not;

Result<int> Ok(int v) { return v; }
Result<int> Bad() { return Fail(Errc::kAlreadyExists, "email_taken", "Email already registered"); }
Result<> OkVoid() { return {}; }
Result<> BadVoid() { return Unavailable("down"); }

TEST(ResultMatchersTest, Succeeds) {
  EXPECT_THAT(Ok(1), Succeeds());
  EXPECT_THAT(OkVoid(), Succeeds());
  EXPECT_THAT(Bad(), Not(Succeeds()));
  EXPECT_THAT(BadVoid(), Not(Succeeds()));
}

TEST(ResultMatchersTest, HoldsValue) {
  EXPECT_THAT(Ok(5), HoldsValue(5));
  EXPECT_THAT(Ok(5), HoldsValue(Eq(5)));
  EXPECT_THAT(Ok(5), Not(HoldsValue(6)));
  EXPECT_THAT(Bad(), Not(HoldsValue(::testing::_)));
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(HoldsValue(1), Bad(), &listener));
  EXPECT_NE(listener.str().find("email_taken"), std::string::npos) << listener.str();
}

TEST(ResultMatchersTest, FailsWith) {
  EXPECT_THAT(Bad(), FailsWith(Errc::kAlreadyExists));
  EXPECT_THAT(Bad(), Not(FailsWith(Errc::kNotFound)));
  EXPECT_THAT(Ok(1), Not(FailsWith(Errc::kAlreadyExists)));
  EXPECT_THAT(BadVoid(), FailsWith(Errc::kUnavailable));
  EXPECT_THAT(OkVoid(), Not(FailsWith(Errc::kUnavailable)));
  EXPECT_THAT(Bad(), FailsWith(Errc::kAlreadyExists, "email_taken"));
  EXPECT_THAT(Bad(), Not(FailsWith(Errc::kAlreadyExists, "username_taken")));
  EXPECT_THAT(Bad(), Not(FailsWith(Errc::kInvalidArgument, "email_taken")));
}

TEST(ResultMatchersTest, FailsWithCode) {
  EXPECT_THAT(Bad(), FailsWithCode("email_taken"));
  EXPECT_THAT(Bad(), Not(FailsWithCode("email")));
  EXPECT_THAT(Ok(1), Not(FailsWithCode("email_taken")));
  EXPECT_THAT(BadVoid(), FailsWithCode("service_unavailable"));
}

TEST(ResultMatchersTest, DescriptionsNameTheExpectation) {
  EXPECT_EQ(::testing::DescribeMatcher<Result<int>>(FailsWith(Errc::kNotFound)),
            "fails with kNotFound");
  EXPECT_EQ(::testing::DescribeMatcher<Result<int>>(FailsWithCode("email_taken")),
            "fails with code \"email_taken\"");
  EXPECT_EQ(::testing::DescribeMatcher<Result<int>>(HoldsValue(Eq(3))),
            "holds a value that is equal to 3");
}

}  // namespace
}  // namespace clockko::testing
