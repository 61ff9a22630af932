#include "auth/audit_log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/log_safe.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakeClock;
using ::clockko::testing::FakeDatabase;
using ::clockko::testing::FakeOp;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUserId;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const RequestMeta kMeta{"203.0.113.50", "req-audit"};

class AuditLogTest : public ::testing::Test {
 protected:
  FakeDatabase db_;
  FakeClock clock_;
  AuditLog audit_{db_, clock_};
};

TEST_F(AuditLogTest, RecordNowWritesARowWithMaskedDetail) {
  clock_.Advance(123);
  audit_.RecordNow(Severity::kWarning, "login_failed", TestUserId(1), kMeta,
                   MaskEmail("ann.lee@example.com") + " wrong password");

  const std::vector<store::SecurityEvent> events = db_.SecurityEvents();
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].event, "login_failed");
  EXPECT_EQ(events[0].at, clock_.Now());
  EXPECT_EQ(events[0].user_id, TestUserId(1));
  EXPECT_EQ(events[0].client_ip, "203.0.113.50");
  EXPECT_EQ(events[0].request_id, "req-audit");
  EXPECT_EQ(events[0].detail, "a***@example.com wrong password");
  EXPECT_THAT(events[0].detail, Not(HasSubstr("ann.lee")));
  EXPECT_GT(events[0].id, 0);
}

TEST_F(AuditLogTest, RecordNowWithoutUser) {
  audit_.RecordNow(Severity::kInfo, "register_duplicate", std::nullopt, kMeta, "x***@example.com");
  const std::vector<store::SecurityEvent> events = db_.SecurityEvents();
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].user_id, std::nullopt);
}

TEST_F(AuditLogTest, RecordNowSwallowsStorageFailures) {
  db_.FailNextRun();
  audit_.RecordNow(Severity::kWarning, "token_rejected", std::nullopt, kMeta, "bad signature");
  EXPECT_THAT(db_.SecurityEvents(), IsEmpty());
  // The next event is stored normally.
  audit_.RecordNow(Severity::kWarning, "token_rejected", std::nullopt, kMeta, "bad signature");
  EXPECT_THAT(db_.SecurityEvents(), SizeIs(1));
}

TEST_F(AuditLogTest, RecordCommitsAndRollsBackWithTheCallersTransaction) {
  Result<> ok = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    return audit_.Record(tx, Severity::kInfo, "profile_updated", TestUserId(1), kMeta, "");
  });
  ASSERT_THAT(ok, Succeeds());
  ASSERT_THAT(db_.SecurityEvents(), SizeIs(1));

  Result<> failed = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<> r = audit_.Record(tx, Severity::kInfo, "profile_updated", TestUserId(1), kMeta, "");
    if (!r) {
      return r;
    }
    return Fail(Errc::kInvalidArgument, "validation_error", "later step failed");
  });
  EXPECT_THAT(failed, FailsWith(Errc::kInvalidArgument));
  EXPECT_THAT(db_.SecurityEvents(), SizeIs(1));  // the second row rolled back
}

TEST_F(AuditLogTest, RecordReportsStorageFailure) {
  db_.FailNext(FakeOp::kSecurityEventAppend);
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    return audit_.Record(tx, Severity::kInfo, "logout", TestUserId(1), kMeta, "");
  });
  EXPECT_THAT(r, FailsWith(Errc::kUnavailable));
  EXPECT_THAT(db_.SecurityEvents(), IsEmpty());
}

}  // namespace
}  // namespace clockko::auth
