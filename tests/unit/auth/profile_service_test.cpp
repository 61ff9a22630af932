#include "auth/profile_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "crypto/hmac.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakeOp;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const RequestMeta kMeta{"192.0.2.1", "req-profile"};

std::string PngDataUrl(std::string_view extra = "pixels") {
  std::string bytes("\x89PNG\r\n\x1a\n", 8);
  bytes += extra;
  return "data:image/png;base64," + Base64Encode(bytes);
}

class ProfileServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::UserRecord u = TestUser(1, "ann@example.com");
    u.full_name = "Ann Lee";
    u.phone_number = "+1 555 0100";
    u.avatar_url = "/static/ann.png";
    ann_ = w_.Seed(u);
  }

  Result<store::UserRecord> Update(const ProfileUpdate& update) {
    return w_.profiles.Update(ann_.id, update, kMeta);
  }

  // The stored row is exactly the seeded one and no event was written.
  void ExpectNothingWritten() {
    const store::UserRecord now = *w_.db.UserById(ann_.id);
    EXPECT_EQ(now.full_name, ann_.full_name);
    EXPECT_EQ(now.phone_number, ann_.phone_number);
    EXPECT_EQ(now.avatar_url, ann_.avatar_url);
    EXPECT_EQ(now.updated_at, ann_.updated_at);
    EXPECT_THAT(w_.db.SecurityEventNames(), IsEmpty());
    EXPECT_EQ(w_.db.AvatarOf(ann_.id), std::nullopt);
  }

  ServiceWorld w_;
  store::UserRecord ann_;
};

TEST_F(ProfileServiceTest, PartialUpdateChangesOnlyGivenFields) {
  w_.clock.Advance(60);
  ProfileUpdate update;
  update.name = "  Ann Marie Lee  ";

  Result<store::UserRecord> r = Update(update);

  ASSERT_THAT(r, Succeeds());
  EXPECT_EQ(r->full_name, "Ann Marie Lee");
  EXPECT_EQ(r->phone_number, "+1 555 0100");
  EXPECT_EQ(r->avatar_url, "/static/ann.png");
  EXPECT_EQ(r->updated_at, w_.clock.Now());
  EXPECT_EQ(r->email, ann_.email);
  EXPECT_EQ(r->token_version, ann_.token_version);
  const store::UserRecord stored = *w_.db.UserById(ann_.id);
  EXPECT_EQ(stored.full_name, "Ann Marie Lee");
  EXPECT_EQ(stored.phone_number, "+1 555 0100");
  EXPECT_EQ(stored.created_at, ann_.created_at);
  EXPECT_THAT(w_.db.SecurityEventNames(), ElementsAre("profile_updated"));
}

TEST_F(ProfileServiceTest, EmptyUpdateOnlyTouchesUpdatedAt) {
  Result<store::UserRecord> r = Update(ProfileUpdate{});
  ASSERT_THAT(r, Succeeds());
  EXPECT_EQ(r->full_name, "Ann Lee");
  EXPECT_EQ(r->phone_number, "+1 555 0100");
  EXPECT_EQ(r->avatar_url, "/static/ann.png");
}

TEST_F(ProfileServiceTest, PhoneSetAndEmptyStringClears) {
  ProfileUpdate set;
  set.phone_number = "(030) 123-456";
  ASSERT_THAT(Update(set), Succeeds());
  EXPECT_EQ(w_.db.UserById(ann_.id)->phone_number, "(030) 123-456");

  ProfileUpdate clear;
  clear.phone_number = "";
  ASSERT_THAT(Update(clear), Succeeds());
  EXPECT_EQ(w_.db.UserById(ann_.id)->phone_number, std::nullopt);
}

TEST_F(ProfileServiceTest, NullAvatarClears) {
  ProfileUpdate update;
  update.avatar_url.emplace(std::nullopt);
  Result<store::UserRecord> r = Update(update);
  ASSERT_THAT(r, Succeeds());
  EXPECT_EQ(r->avatar_url, std::nullopt);
  EXPECT_EQ(w_.db.UserById(ann_.id)->avatar_url, std::nullopt);
}

TEST_F(ProfileServiceTest, AvatarLinkIsStoredAsGiven) {
  for (const char* link : {"/img/a.png", "https://cdn.example.com/a.png?s=64"}) {
    ProfileUpdate update;
    update.avatar_url.emplace(link);
    ASSERT_THAT(Update(update), Succeeds()) << link;
    EXPECT_EQ(w_.db.UserById(ann_.id)->avatar_url, link);
  }
}

TEST_F(ProfileServiceTest, UploadedAvatarIsStoredSeparatelyAndLinkedByHash) {
  const std::string png(std::string("\x89PNG\r\n\x1a\n", 8) + "pixels");
  ProfileUpdate update;
  update.avatar_url.emplace(PngDataUrl());

  Result<store::UserRecord> r = Update(update);

  ASSERT_THAT(r, Succeeds());
  const std::string hash = crypto::Sha256Hex(png).substr(0, 16);
  EXPECT_EQ(r->avatar_url, "/api/users/" + ann_.id + "/avatar/" + hash);
  std::optional<store::AvatarRecord> avatar = w_.db.AvatarOf(ann_.id);
  ASSERT_TRUE(avatar.has_value());
  EXPECT_EQ(avatar->hash, hash);
  EXPECT_EQ(avatar->content_type, "image/png");
  EXPECT_EQ(avatar->data, png);
  EXPECT_THAT(w_.profiles.FindAvatar(ann_.id, hash), Succeeds());
  EXPECT_THAT(w_.profiles.FindAvatar(ann_.id, "0000000000000000"), FailsWith(Errc::kNotFound));

  // A null afterwards drops the stored picture too.
  ProfileUpdate clear;
  clear.avatar_url.emplace(std::nullopt);
  ASSERT_THAT(Update(clear), Succeeds());
  EXPECT_EQ(w_.db.AvatarOf(ann_.id), std::nullopt);
  EXPECT_THAT(w_.profiles.FindAvatar(ann_.id, hash), FailsWith(Errc::kNotFound));
}

TEST_F(ProfileServiceTest, TooLargeUploadIsPayloadTooLarge) {
  ProfileService small(w_.db, w_.audit, w_.clock, ProfileOptions{16});
  ProfileUpdate update;
  update.avatar_url.emplace(PngDataUrl(std::string(64, 'x')));
  Result<store::UserRecord> r = small.Update(ann_.id, update, kMeta);
  EXPECT_THAT(r, FailsWith(Errc::kInvalidArgument, "payload_too_large"));
  ExpectNothingWritten();
}

TEST_F(ProfileServiceTest, InvalidPhoneIsValidationErrorAndNothingWritten) {
  ProfileUpdate update;
  update.name = "New Name";  // valid, but must not be written either
  update.phone_number = "call me maybe";
  Result<store::UserRecord> r = Update(update);
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
  EXPECT_EQ(r.error().public_message, "phone_number: may contain only digits, spaces and + - ( )");
  ExpectNothingWritten();
}

TEST_F(ProfileServiceTest, InvalidAvatarIsValidationErrorAndNothingWritten) {
  for (const char* bad :
       {"javascript:alert(1)", "http://example.com/a.png", "//evil.example/a.png",
        "data:image/svg+xml;base64,PHN2Zz4=", "data:image/png;base64,bm90IGEgcG5n"}) {
    SCOPED_TRACE(bad);
    ProfileUpdate update;
    update.name = "New Name";
    update.avatar_url.emplace(bad);
    Result<store::UserRecord> r = Update(update);
    ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
    EXPECT_EQ(r.error().public_message, "avatar_url: not an allowed URL");
  }
  ExpectNothingWritten();
}

TEST_F(ProfileServiceTest, InvalidNameIsValidationErrorAndNothingWritten) {
  ProfileUpdate update;
  update.name = "   ";
  update.phone_number = "123";
  Result<store::UserRecord> r = Update(update);
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
  EXPECT_EQ(r.error().public_message, "name: must not be empty");
  ExpectNothingWritten();
}

TEST_F(ProfileServiceTest, VanishedUserIsInvalidToken) {
  ProfileUpdate update;
  update.name = "Ghost";
  Result<store::UserRecord> r =
      w_.profiles.Update(::clockko::testing::TestUserId(42), update, kMeta);
  EXPECT_THAT(r, FailsWith(Errc::kUnauthenticated, "invalid_token"));
}

TEST_F(ProfileServiceTest, FailedAuditRollsTheUpdateBack) {
  w_.db.FailNext(FakeOp::kSecurityEventAppend);
  ProfileUpdate update;
  update.name = "New Name";
  update.avatar_url.emplace(PngDataUrl());
  EXPECT_THAT(Update(update), FailsWith(Errc::kUnavailable));
  ExpectNothingWritten();
}

}  // namespace
}  // namespace clockko::auth
