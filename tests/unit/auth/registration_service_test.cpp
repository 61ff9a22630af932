#include "auth/registration_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/encoding.hpp"
#include "core/log_safe.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakeOp;
using ::clockko::testing::FakePasswordHasher;
using ::clockko::testing::MustEmail;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kPassword[] = "tangerine submarine 42";
const RequestMeta kMeta{"203.0.113.7", "req-1"};

class RegistrationServiceTest : public ::testing::Test {
 protected:
  Result<store::UserRecord> Register(std::string name, std::string_view email,
                                     std::string password = kPassword) {
    Result<RegistrationResult> result = w_.registration.Register(
        RegisterRequest{std::move(name), MustEmail(email), std::move(password)}, kMeta);
    if (!result) {
      return Forward(std::move(result.error()));
    }
    return std::move(*result->user);
  }

  ServiceWorld w_;
};

TEST_F(RegistrationServiceTest, CreatesUserWithLowerCaseLookupKey) {
  Result<store::UserRecord> user = Register("  Ann Lee ", "Ann.Lee@Example.COM");
  ASSERT_THAT(user, Succeeds());

  EXPECT_EQ(user->email, "Ann.Lee@example.com");  // local part kept, domain lower-cased
  EXPECT_EQ(user->email_lower, "ann.lee@example.com");
  EXPECT_EQ(user->full_name, "Ann Lee");  // trimmed
  EXPECT_EQ(user->username, "ann_lee");
  EXPECT_TRUE(IsCanonicalUuid(user->id)) << user->id;
  EXPECT_EQ(user->password_hash, FakePasswordHasher::HashOf(kPassword));
  EXPECT_TRUE(user->is_active);
  EXPECT_FALSE(user->is_verified);
  EXPECT_FALSE(user->onboarding_completed);
  EXPECT_EQ(user->token_version, 0);
  EXPECT_EQ(user->created_at, w_.clock.Now());
  EXPECT_EQ(user->password_changed_at, w_.clock.Now());

  std::optional<store::UserRecord> stored = w_.db.UserByEmailLower("ann.lee@example.com");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->id, user->id);
  EXPECT_EQ(stored->email, "Ann.Lee@example.com");
  EXPECT_EQ(stored->username, "ann_lee");
  EXPECT_EQ(w_.hasher.hash_calls(), 1);
}

TEST_F(RegistrationServiceTest, QueuesWelcomeMailAndAuditEventInTheSameCommit) {
  const int commits_before = w_.db.commit_count();
  Result<store::UserRecord> user = Register("Ann Lee", "ann@example.com");
  ASSERT_THAT(user, Succeeds());

  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_THAT(outbox, SizeIs(1));
  EXPECT_EQ(outbox[0].kind, "welcome");
  EXPECT_EQ(outbox[0].recipient, "ann@example.com");
  EXPECT_EQ(outbox[0].user_id, user->id);
  EXPECT_EQ(outbox[0].subject, "Welcome to ClockKo! Please verify your email");
  EXPECT_THAT(outbox[0].text_body, HasSubstr("Ann Lee"));
  EXPECT_EQ(outbox[0].next_attempt_at, w_.clock.Now());
  EXPECT_EQ(w_.mail_wakeups, 1);

  EXPECT_THAT(w_.db.SecurityEventNames(), ElementsAre("user_registered"));
  // User, mail and event: one transaction.
  EXPECT_EQ(w_.db.commit_count(), commits_before + 1);
}

TEST_F(RegistrationServiceTest, FailedMailEnqueueStoresNoUser) {
  w_.db.FailNext(FakeOp::kOutboxEnqueue);

  EXPECT_THAT(Register("Ann Lee", "ann@example.com"), FailsWith(Errc::kUnavailable));

  EXPECT_THAT(w_.db.Users(), IsEmpty());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_THAT(w_.db.SecurityEventNames(), IsEmpty());
  EXPECT_EQ(w_.mail_wakeups, 0);
}

TEST_F(RegistrationServiceTest, FailedAuditRowStoresNoUserAndNoMail) {
  w_.db.FailNext(FakeOp::kSecurityEventAppend);

  EXPECT_THAT(Register("Ann Lee", "ann@example.com"), FailsWith(Errc::kUnavailable));

  EXPECT_THAT(w_.db.Users(), IsEmpty());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
}

TEST_F(RegistrationServiceTest, DuplicateInOtherLetterCaseIsEmailTakenAndFirstRowUnchanged) {
  Result<store::UserRecord> first = Register("Ann Lee", "ann@example.com");
  ASSERT_THAT(first, Succeeds());
  const store::UserRecord before = *w_.db.UserById(first->id);

  Result<store::UserRecord> second =
      Register("Somebody Else", "ANN@EXAMPLE.com", "another fine passphrase");

  EXPECT_THAT(second, FailsWith(Errc::kAlreadyExists, "email_taken"));
  EXPECT_EQ(second.error().public_message, "Email already registered");
  ASSERT_THAT(w_.db.Users(), SizeIs(1));
  const store::UserRecord after = *w_.db.UserById(first->id);
  EXPECT_EQ(after.email, before.email);
  EXPECT_EQ(after.full_name, "Ann Lee");
  EXPECT_EQ(after.username, before.username);
  EXPECT_EQ(after.password_hash, before.password_hash);
  EXPECT_EQ(after.token_version, before.token_version);
  EXPECT_EQ(after.updated_at, before.updated_at);
  EXPECT_THAT(w_.db.Outbox(), SizeIs(1));  // no second welcome mail
  EXPECT_THAT(w_.db.SecurityEventNames(), ElementsAre("user_registered", "register_duplicate"));
}

TEST_F(RegistrationServiceTest, ConcurrentDuplicateCaughtByUniqueIndexIsEmailTaken) {
  // The pre-check saw no row, but a concurrent insert won the race at the unique index.
  w_.db.FailNext(FakeOp::kUserInsert,
                 Fail(Errc::kAlreadyExists, "email_taken", "Email already registered").value());

  Result<store::UserRecord> r = Register("Ann Lee", "ann@example.com");

  EXPECT_THAT(r, FailsWith(Errc::kAlreadyExists, "email_taken"));
  EXPECT_EQ(r.error().public_message, "Email already registered");
  EXPECT_THAT(w_.db.Users(), IsEmpty());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
}

TEST_F(RegistrationServiceTest, UsernameCollisionGetsASuffix) {
  store::UserRecord taken = TestUser(1, "first@example.com");
  taken.username = "ann_lee";
  w_.Seed(taken);

  Result<store::UserRecord> user = Register("Ann Lee", "ann@example.com");

  ASSERT_THAT(user, Succeeds());
  EXPECT_NE(user->username, "ann_lee");
  // _<epoch mod 100000><100-999>: the fake clock's epoch 1'700'000'000 ends in 00000.
  EXPECT_THAT(user->username, MatchesRegex("ann_lee_0[1-9][0-9][0-9]"));
  ASSERT_THAT(w_.db.Users(), SizeIs(2));
}

TEST_F(RegistrationServiceTest, UsernamesStayUniqueAcrossManySameNameSignUps) {
  std::set<std::string> names;
  for (int i = 0; i < 8; ++i) {
    Result<store::UserRecord> user =
        Register("Ann Lee", "ann" + std::to_string(i) + "@example.com");
    ASSERT_THAT(user, Succeeds()) << i;
    names.insert(user->username);
  }
  EXPECT_EQ(names.size(), 8u);
  EXPECT_EQ(names.count("ann_lee"), 1u);
}

TEST_F(RegistrationServiceTest, NameWithoutWordCharactersGetsUserBase) {
  Result<store::UserRecord> user = Register("!!!", "ann@example.com");
  ASSERT_THAT(user, Succeeds());
  EXPECT_EQ(user->username, "user");
  EXPECT_EQ(user->full_name, "!!!");
}

TEST_F(RegistrationServiceTest, WeakPasswordStoresNothingAndSkipsHashing) {
  struct Case {
    std::string name;
    std::string password;
    std::string message;
  };
  const Case cases[] = {
      {"Ann Lee", "short", "Password must be at least 8 characters long"},
      {"Ann Lee", "password", "This password is too common; choose a different one"},
      {"Ann Lee", "ANN@example.com", "Password must not be your email address or name"},
      {"Ann Lee Smith", "ann lee smith", "Password must not be your email address or name"},
      {"Ann Lee", std::string(73, 'x'), "Password must be at most 72 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.password);
    Result<store::UserRecord> r = Register(c.name, "ann@example.com", c.password);
    ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "weak_password"));
    EXPECT_EQ(r.error().public_message, c.message);
  }
  EXPECT_THAT(w_.db.Users(), IsEmpty());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_EQ(w_.hasher.hash_calls(), 0);
}

TEST_F(RegistrationServiceTest, BadNameIsValidationError) {
  struct Case {
    std::string name;
    std::string message;
  };
  const Case cases[] = {
      {"   ", "name: must not be empty"},
      {"", "name: must not be empty"},
      {std::string(101, 'a'), "name: must be at most 100 characters"},
      {"Ann\x01Lee", "name: must not contain control characters"},
      {"Ann\xC2\x85Lee", "name: must not contain control characters"},  // C1 NEL
      {"Ann\xFFLee", "name: must be valid UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    Result<store::UserRecord> r = Register(c.name, "ann@example.com");
    ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
    EXPECT_EQ(r.error().public_message, c.message);
  }
  EXPECT_THAT(w_.db.Users(), IsEmpty());
  EXPECT_EQ(w_.hasher.hash_calls(), 0);
}

TEST_F(RegistrationServiceTest, StoreUnavailableIsForwarded) {
  w_.db.FailNextRun();
  EXPECT_THAT(Register("Ann Lee", "ann@example.com"), FailsWith(Errc::kUnavailable));
  EXPECT_THAT(w_.db.Users(), IsEmpty());
  EXPECT_EQ(w_.mail_wakeups, 0);
}

TEST_F(RegistrationServiceTest, HasherFailureIsForwardedAndNothingStored) {
  w_.hasher.FailHashWith(Internal("crypt failed").value());
  EXPECT_THAT(Register("Ann Lee", "ann@example.com"), FailsWith(Errc::kInternal));
  EXPECT_THAT(w_.db.Users(), IsEmpty());
}

TEST_F(RegistrationServiceTest, AuditDetailMasksTheAddress) {
  ASSERT_THAT(Register("Ann Lee", "ann.lee@example.com"), Succeeds());
  const std::vector<store::SecurityEvent> events = w_.db.SecurityEvents();
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].detail, MaskEmail("ann.lee@example.com"));
  EXPECT_THAT(events[0].detail, Not(HasSubstr("ann.lee@")));
  EXPECT_EQ(events[0].client_ip, "203.0.113.7");
  EXPECT_EQ(events[0].request_id, "req-1");
}

}  // namespace
}  // namespace clockko::auth
