#include "config/describe.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config/loader.hpp"
#include "unit/config/config_test_support.hpp"

namespace clockko::config {
namespace {

using test_support::FakeRandom;
using test_support::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

std::map<std::string, std::string> AsMap(const Settings& s) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : Describe(s)) {
    EXPECT_TRUE(out.emplace(name, value).second) << "duplicate row " << name;
  }
  return out;
}

TEST(DescribeTest, NeverShowsSecretValues) {
  TempDir dir;
  FakeRandom random;
  const std::string jwt = "Sup3rRandomJwtKeyValue-0123456789abcdef";
  const std::string previous = "Prev10usRandomJwtKeyValue-0123456789abcdef";
  const std::string smtp_user = "mailer-account-name";
  const std::string smtp_password = "SmtpPa55wordValue";
  const std::string two_factor_hex(64, 'a');
  Environment env = {{"APP_ENV", "production"},
                     {"DATA_DIR", dir.Sub("data")},
                     {"SECRET_KEY", jwt},
                     {"SECRET_KEY_PREVIOUS", previous},
                     {"SMTP_HOST", "mail.example.com"},
                     {"SMTP_FROM", "noreply@example.com"},
                     {"SMTP_USER", smtp_user},
                     {"SMTP_PASSWORD", smtp_password},
                     {"TWO_FACTOR_ENCRYPTION_KEY", two_factor_hex}};
  LoadOptions opts;
  opts.dotenv_path = "";
  auto settings = Load(env, opts, random);
  ASSERT_TRUE(settings.has_value());

  auto rows = Describe(*settings);
  for (const auto& [name, value] : rows) {
    for (const std::string& secret : {jwt, previous, smtp_user, smtp_password, two_factor_hex}) {
      EXPECT_THAT(value, Not(HasSubstr(secret))) << name;
    }
    EXPECT_THAT(value, Not(HasSubstr(settings->two_factor.encryption_key.value()))) << name;
  }
  auto m = AsMap(*settings);
  EXPECT_EQ(m["SECRET_KEY"], "***");
  EXPECT_EQ(m["SECRET_KEY_PREVIOUS"], "***");
  EXPECT_EQ(m["SMTP_USER"], "***");
  EXPECT_EQ(m["SMTP_PASSWORD"], "***");
  EXPECT_EQ(m["TWO_FACTOR_ENCRYPTION_KEY"], "***");
  EXPECT_EQ(m["REDIS_URL"], "");
  EXPECT_EQ(m["SMTP_HOST"], "mail.example.com");
  EXPECT_EQ(m["SMTP_SECURITY"], "starttls");
  EXPECT_EQ(m["APP_ENV"], "production");
  EXPECT_EQ(m["DATABASE_URL"], "sqlite:///" + dir.Sub("data") + "/clockko.db");
}

TEST(DescribeTest, DatabaseUrlPasswordRedacted) {
  Settings s;
  s.db.url =
      Secret("postgresql://app:hunter2@db.internal:5432/clockko?sslmode=require&password=hunter3");
  auto m = AsMap(s);
  EXPECT_THAT(m["DATABASE_URL"], HasSubstr("postgresql://app:***@db.internal:5432/clockko"));
  EXPECT_THAT(m["DATABASE_URL"], HasSubstr("sslmode=require"));
  EXPECT_THAT(m["DATABASE_URL"], Not(HasSubstr("hunter")));

  s.db.url = Secret("not a url with hunter2");
  EXPECT_EQ(AsMap(s)["DATABASE_URL"], "***");
}

TEST(DescribeTest, EmptySecretsShowEmptyAndEveryVariableIsListed) {
  Settings s;
  auto m = AsMap(s);
  EXPECT_EQ(m.at("SECRET_KEY"), "");
  EXPECT_EQ(m.at("SMTP_PASSWORD"), "");
  for (const char* name : {"APP_ENV",
                           "HOST",
                           "PORT",
                           "WORKER_THREADS",
                           "IO_THREADS",
                           "MAX_BODY_BYTES",
                           "AVATAR_MAX_BODY_BYTES",
                           "AVATAR_MAX_BYTES",
                           "TLS_CERT_FILE",
                           "TLS_KEY_FILE",
                           "TRUSTED_PROXIES",
                           "DEBUG",
                           "LOG_FORMAT",
                           "LOG_LEVEL",
                           "DATA_DIR",
                           "DATABASE_URL",
                           "DB_URL_SECRET_NAME",
                           "DB_CREDS_SECRET_NAME",
                           "REDIS_URL",
                           "SECRET_KEY",
                           "SECRET_KEY_PREVIOUS",
                           "JWT_SECRET_NAME",
                           "ACCESS_TOKEN_EXPIRE_MINUTES",
                           "JWT_LEEWAY_SECONDS",
                           "TRUST_AWS_REMAPPED_AUTH",
                           "PASSWORD_HASH",
                           "BCRYPT_COST",
                           "PASSWORD_MIN_LENGTH",
                           "OTP_EXPIRE_MINUTES",
                           "OTP_MAX_ATTEMPTS",
                           "OTP_RESEND_SECONDS",
                           "EMAIL_LINK_EXPIRE_HOURS",
                           "REAUTH_WINDOW_MINUTES",
                           "REQUIRE_VERIFIED_EMAIL",
                           "REGISTER_HIDE_EXISTING",
                           "FRONTEND_URL",
                           "PUBLIC_BASE_URL",
                           "CORS_ALLOWED_ORIGINS",
                           "GOOGLE_CLIENT_ID",
                           "GOOGLE_OAUTH_SECRET_NAME",
                           "GOOGLE_CERTS_URL",
                           "GOOGLE_ALLOWED_HD",
                           "GOOGLE_REQUIRE_NONCE",
                           "TWO_FACTOR_ENCRYPTION_KEY",
                           "SMTP_HOST",
                           "SMTP_PORT",
                           "SMTP_USER",
                           "SMTP_PASSWORD",
                           "SMTP_SECRET_NAME",
                           "SMTP_SECURITY",
                           "SMTP_CA_FILE",
                           "SMTP_TIMEOUT_SECONDS",
                           "SMTP_FROM",
                           "SMTP_FROM_NAME",
                           "AWS_REGION",
                           "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                           "SECRETS_REFRESH_SECONDS"}) {
    EXPECT_TRUE(m.count(name)) << name;
  }
}

TEST(DescribeTest, CorsStarShown) {
  Settings s;
  s.http.cors_allow_any = true;
  EXPECT_EQ(AsMap(s)["CORS_ALLOWED_ORIGINS"], "*");
}

}  // namespace
}  // namespace clockko::config
