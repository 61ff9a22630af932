#include "config/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "unit/config/config_test_support.hpp"

namespace clockko::config {
namespace {

using test_support::FakeRandom;
using test_support::TempDir;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kGoodKey = "k3Yq9vZ2xT7bN4mW8pL1rS6dF0gH5jC3aQ";  // 34 bytes

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LoaderTest : public ::testing::Test {
 protected:
  LoaderTest() { opts_.dotenv_path = dir_.Sub(".env"); }  // absent unless a test writes it

  Environment Prod() const {
    return {{"APP_ENV", "production"}, {"DATA_DIR", dir_.Sub("data")}, {"SECRET_KEY", kGoodKey}};
  }
  Environment Dev() const { return {{"APP_ENV", "development"}, {"DATA_DIR", dir_.Sub("data")}}; }

  tl::expected<Settings, std::vector<std::string>> Run(const Environment& env) {
    return Load(env, opts_, random_);
  }
  Settings Ok(const Environment& env) {
    auto r = Run(env);
    if (!r) {
      ADD_FAILURE() << "Load failed: " << ::testing::PrintToString(r.error());
      return {};
    }
    return *r;
  }
  std::vector<std::string> Errors(const Environment& env) {
    auto r = Run(env);
    if (r) {
      ADD_FAILURE() << "Load succeeded unexpectedly";
      return {};
    }
    return r.error();
  }
  void WriteDotenv(const std::string& text) { dir_.Write(".env", text); }

  TempDir dir_;
  FakeRandom random_;
  LoadOptions opts_;
};

Environment With(Environment env, const Environment& extra) {
  for (const auto& [k, v] : extra) {
    env[k] = v;
  }
  return env;
}

// ---- Sources and precedence ------------------------------------------------------------------

TEST_F(LoaderTest, ProductionDefaults) {
  Settings s = Ok(Prod());
  EXPECT_FALSE(s.development());
  EXPECT_EQ(s.http.host, "127.0.0.1");
  EXPECT_EQ(s.http.port, 8000);
  EXPECT_GE(s.http.worker_threads, 2);
  EXPECT_EQ(s.http.io_threads, 2);
  EXPECT_EQ(s.db.sqlite_path, dir_.Sub("data") + "/clockko.db");
  EXPECT_EQ(s.db.url.value(), "sqlite:///" + dir_.Sub("data") + "/clockko.db");
  EXPECT_EQ(s.jwt.secret_key.value(), kGoodKey);
  EXPECT_FALSE(s.jwt.generated_dev_key);
  EXPECT_THAT(s.http.cors_allowed_origins, ElementsAre("http://localhost:3000"));
  EXPECT_FALSE(s.http.cors_allow_any);
  EXPECT_EQ(s.urls.frontend_url_base, "http://localhost:3000");
  EXPECT_EQ(s.urls.public_base_url, "");
  EXPECT_EQ(s.smtp.security, SmtpSecurity::kNone);
  EXPECT_EQ(s.smtp.port, 587);
  EXPECT_EQ(s.smtp.mail_dir, dir_.Sub("data") + "/mail");
  EXPECT_EQ(s.google.client_id_source, SecretSource::kNone);
  EXPECT_EQ(s.log.format, LogFormat::kText);
  EXPECT_EQ(s.log.level, "info");
  EXPECT_THAT(s.warnings, IsEmpty());
}

TEST_F(LoaderTest, AppEnvDefaultsToProduction) {
  auto errors = Errors({{"DATA_DIR", dir_.Sub("data")}});
  EXPECT_THAT(errors, Contains(HasSubstr("SECRET_KEY: required in production")));
}

TEST_F(LoaderTest, RelativeDataDirGivesRelativeSqlitePath) {
  Environment env = Prod();
  env.erase("DATA_DIR");
  Settings s = Ok(env);
  EXPECT_EQ(s.data_dir, "./data");
  EXPECT_EQ(s.db.url.value(), "sqlite:///./data/clockko.db");
  EXPECT_EQ(s.db.sqlite_path, "./data/clockko.db");
}

TEST_F(LoaderTest, DotenvBeatsDefault) {
  WriteDotenv("PORT=9000\nLOG_LEVEL='debug'\n");
  Settings s = Ok(Prod());
  EXPECT_EQ(s.http.port, 9000);
  EXPECT_EQ(s.log.level, "debug");
}

TEST_F(LoaderTest, EnvBeatsDotenv) {
  WriteDotenv("PORT=9000\n");
  Settings s = Ok(With(Prod(), {{"PORT", "9100"}}));
  EXPECT_EQ(s.http.port, 9100);
}

TEST_F(LoaderTest, EmptyEnvValueCountsAsUnset) {
  WriteDotenv("PORT=9000\n");
  Settings s = Ok(With(Prod(), {{"PORT", ""}}));
  EXPECT_EQ(s.http.port, 9000);
}

TEST_F(LoaderTest, FileBeatsDotenv) {
  WriteDotenv(std::string("SECRET_KEY=") + kGoodKey + "-from-dotenv\n");
  std::string file = dir_.Write("key", "file-key-0123456789abcdefghijklmnopqrstuv\n");
  Environment env = Prod();
  env.erase("SECRET_KEY");
  env["SECRET_KEY_FILE"] = file;
  Settings s = Ok(env);
  EXPECT_EQ(s.jwt.secret_key.value(), "file-key-0123456789abcdefghijklmnopqrstuv");
  EXPECT_THAT(s.warnings, IsEmpty());
}

TEST_F(LoaderTest, FileStripsExactlyOneTrailingNewline) {
  std::string file = dir_.Write("pw", "pass word\n\n");
  Settings s = Ok(With(Prod(), {{"SMTP_USER", "u@example.com"}, {"SMTP_PASSWORD_FILE", file}}));
  EXPECT_EQ(s.smtp.password.value(), "pass word\n");
}

TEST_F(LoaderTest, NameBeatsNameFileWithWarning) {
  std::string file = dir_.Write("key", "file-key-0123456789abcdefghijklmnopqrstuv\n");
  Settings s = Ok(With(Prod(), {{"SECRET_KEY_FILE", file}}));
  EXPECT_EQ(s.jwt.secret_key.value(), kGoodKey);
  EXPECT_THAT(s.warnings, ElementsAre(HasSubstr("SECRET_KEY_FILE is ignored")));
  EXPECT_THAT(s.warnings, Each(Not(HasSubstr(kGoodKey))));
}

TEST_F(LoaderTest, DotenvMayUseFileVariant) {
  std::string file = dir_.Write("db", "sqlite:///from/file.db\n");
  WriteDotenv("DATABASE_URL_FILE=" + file + "\n");
  Settings s = Ok(Prod());
  EXPECT_EQ(s.db.sqlite_path, "from/file.db");
}

TEST_F(LoaderTest, EnvFileBeatsDotenvName) {
  std::string file = dir_.Write("db", "sqlite:///from/file.db");
  WriteDotenv("DATABASE_URL=sqlite:///from/dotenv.db\n");
  Settings s = Ok(With(Prod(), {{"DATABASE_URL_FILE", file}}));
  EXPECT_EQ(s.db.sqlite_path, "from/file.db");
}

TEST_F(LoaderTest, UnreadableFileIsAnError) {
  Environment env = Prod();
  env.erase("SECRET_KEY");
  env["SECRET_KEY_FILE"] = dir_.Sub("missing");
  env["SMTP_PASSWORD_FILE"] = dir_.path().string();  // a directory cannot be read
  auto errors = Errors(env);
  EXPECT_THAT(errors, Contains(HasSubstr("SECRET_KEY_FILE: cannot read")));
  EXPECT_THAT(errors, Contains(HasSubstr("SMTP_PASSWORD_FILE: cannot read")));
}

TEST_F(LoaderTest, FileVariantOnlyForSecrets) {
  std::string file = dir_.Write("port", "9999\n");
  Settings s = Ok(With(Prod(), {{"PORT_FILE", file}}));
  EXPECT_EQ(s.http.port, 8000);
}

TEST_F(LoaderTest, MissingDotenvIsFineAndEmptyPathSkipsIt) {
  opts_.dotenv_path = dir_.Sub("no-such.env");
  EXPECT_TRUE(Run(Prod()).has_value());
  WriteDotenv("PORT=9000\n");
  opts_.dotenv_path = "";
  EXPECT_EQ(Ok(Prod()).http.port, 8000);
}

TEST_F(LoaderTest, MalformedDotenvIsAnError) {
  WriteDotenv("PORT=9000\nthis is not an assignment\n");
  EXPECT_THAT(Errors(Prod()), Contains(HasSubstr(".env line 2")));
}

TEST_F(LoaderTest, AwsSecretNamesAreRefusedForNow) {
  WriteDotenv("SMTP_SECRET_NAME=prod/smtp\n");
  auto errors =
      Errors(With(Prod(), {{"JWT_SECRET_NAME", "prod/jwt"}, {"DB_URL_SECRET_NAME", "prod/db"}}));
  for (const char* name : {"JWT_SECRET_NAME", "DB_URL_SECRET_NAME", "SMTP_SECRET_NAME"}) {
    EXPECT_THAT(errors, Contains(std::string(name) +
                                 ": AWS Secrets Manager is not supported by this build yet"));
  }
  EXPECT_EQ(errors.size(), 3u);
}

// ---- Validation ------------------------------------------------------------------------------

TEST_F(LoaderTest, ReportsEveryProblemAtOnce) {
  auto errors = Errors(With(Prod(), {{"PORT", "abc"},
                                     {"BCRYPT_COST", "9"},
                                     {"LOG_FORMAT", "xml"},
                                     {"DEBUG", "maybe"},
                                     {"TRUSTED_PROXIES", "10.0.0.0/33"},
                                     {"APP_ENV", "staging"},
                                     {"TWO_FACTOR_ENCRYPTION_KEY", "short"}}));
  EXPECT_THAT(errors, Contains(HasSubstr("PORT:")));
  EXPECT_THAT(errors, Contains(HasSubstr("BCRYPT_COST: must be an integer from 10 to 31")));
  EXPECT_THAT(errors, Contains(HasSubstr("LOG_FORMAT:")));
  EXPECT_THAT(errors, Contains(HasSubstr("DEBUG:")));
  EXPECT_THAT(errors, Contains(HasSubstr("TRUSTED_PROXIES:")));
  EXPECT_THAT(errors, Contains(HasSubstr("APP_ENV:")));
  EXPECT_THAT(errors, Contains(HasSubstr("TWO_FACTOR_ENCRYPTION_KEY:")));
  EXPECT_EQ(errors.size(), 7u);
}

class StrictIntTest : public LoaderTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(StrictIntTest, RejectsNonDecimal) {
  EXPECT_THAT(Errors(With(Prod(), {{"IO_THREADS", GetParam()}})),
              ElementsAre("IO_THREADS: must be an integer from 1 to 64"));
}

INSTANTIATE_TEST_SUITE_P(Bad, StrictIntTest,
                         ::testing::Values("+4", " 4", "4 ", "4x", "0x4", "4.0", "-1", "0", "65",
                                           "99999999999999999999999"));

TEST_F(LoaderTest, IntegerRangeEdges) {
  Settings s = Ok(With(Prod(), {{"BCRYPT_COST", "31"},
                                {"PASSWORD_MIN_LENGTH", "64"},
                                {"OTP_EXPIRE_MINUTES", "1"},
                                {"JWT_LEEWAY_SECONDS", "0"},
                                {"PORT", "0"},
                                {"MAX_BODY_BYTES", "2048"}}));
  EXPECT_EQ(s.password.bcrypt_cost, 31);
  EXPECT_EQ(s.password.min_length, 64);
  EXPECT_EQ(s.otp.expire_minutes, 1);
  EXPECT_EQ(s.jwt.leeway_seconds, 0);
  EXPECT_EQ(s.http.port, 0);
  EXPECT_EQ(s.http.max_body_bytes, 2048u);
  auto errors = Errors(With(Prod(), {{"BCRYPT_COST", "32"},
                                     {"OTP_EXPIRE_MINUTES", "11"},
                                     {"PORT", "65536"},
                                     {"ACCESS_TOKEN_EXPIRE_MINUTES", "1441"},
                                     {"WORKER_THREADS", "257"}}));
  EXPECT_EQ(errors.size(), 5u);
}

TEST_F(LoaderTest, Booleans) {
  Settings s = Ok(With(Prod(), {{"REQUIRE_VERIFIED_EMAIL", "TRUE"},
                                {"REGISTER_HIDE_EXISTING", "yes"},
                                {"GOOGLE_REQUIRE_NONCE", "1"},
                                {"TRUST_AWS_REMAPPED_AUTH", "No"},
                                {"DEBUG", "0"}}));
  EXPECT_TRUE(s.auth.require_verified_email);
  EXPECT_TRUE(s.auth.register_hide_existing);
  EXPECT_TRUE(s.google.require_nonce);
  EXPECT_FALSE(s.http.trust_aws_remapped_auth);
  EXPECT_FALSE(s.debug);
  EXPECT_THAT(Errors(With(Prod(), {{"REQUIRE_VERIFIED_EMAIL", "on"}})),
              ElementsAre("REQUIRE_VERIFIED_EMAIL: must be true, false, 1, 0, yes or no"));
}

TEST_F(LoaderTest, EnumsAndHost) {
  Settings s = Ok(With(Prod(), {{"LOG_FORMAT", "JSON"},
                                {"LOG_LEVEL", "warning"},
                                {"PASSWORD_HASH", "argon2id"},
                                {"HOST", "::"}}));
  EXPECT_EQ(s.log.format, LogFormat::kJson);
  EXPECT_EQ(s.log.level, "warning");
  EXPECT_EQ(s.password.algorithm, "argon2id");
  auto errors = Errors(
      With(Prod(), {{"LOG_LEVEL", "trace"}, {"PASSWORD_HASH", "md5"}, {"HOST", "bad host/"}}));
  EXPECT_THAT(errors, ElementsAre(HasSubstr("HOST:"), HasSubstr("LOG_LEVEL:"),
                                  HasSubstr("PASSWORD_HASH:")));
}

TEST_F(LoaderTest, DatabaseUrls) {
  EXPECT_EQ(Ok(With(Prod(), {{"DATABASE_URL", "sqlite:///rel/path.db"}})).db.sqlite_path,
            "rel/path.db");
  EXPECT_EQ(Ok(With(Prod(), {{"DATABASE_URL", "sqlite:////abs/path.db"}})).db.sqlite_path,
            "/abs/path.db");
  auto errors = Errors(With(Prod(), {{"DATABASE_URL", "postgresql://u:hunter2@db:5432/app"}}));
  EXPECT_THAT(errors, ElementsAre("DATABASE_URL: PostgreSQL is not supported by this build yet"));
  errors = Errors(With(Prod(), {{"DATABASE_URL", "postgres://u:hunter2@db/app"}}));
  EXPECT_THAT(errors, ElementsAre("DATABASE_URL: PostgreSQL is not supported by this build yet"));
  for (const char* bad : {"mysql://u:hunter2@db/app", "sqlite:///", "sqlite://x.db",
                          "sqlite:///x.db?mode=hunter2", "hunter2"}) {
    errors = Errors(With(Prod(), {{"DATABASE_URL", bad}}));
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_THAT(errors[0], AllOf(HasSubstr("DATABASE_URL:"), Not(HasSubstr("hunter2"))));
  }
}

TEST_F(LoaderTest, RedisUrl) {
  EXPECT_THAT(Errors(With(Prod(), {{"REDIS_URL", "redis://:pw@cache:6379/0"}})),
              ElementsAre("REDIS_URL: Redis is not supported by this build yet"));
  EXPECT_THAT(Errors(With(Prod(), {{"REDIS_URL", "rediss://cache:6380"}})),
              ElementsAre("REDIS_URL: Redis is not supported by this build yet"));
  EXPECT_THAT(Errors(With(Prod(), {{"REDIS_URL", "http://cache:6379"}})),
              ElementsAre("REDIS_URL: must be a redis:// or rediss:// URL"));
}

TEST_F(LoaderTest, TlsFiles) {
  EXPECT_THAT(Errors(With(Prod(), {{"TLS_CERT_FILE", "/c.pem"}})),
              ElementsAre(HasSubstr("must be set together")));
  EXPECT_THAT(Errors(With(Prod(), {{"TLS_KEY_FILE", "/k.pem"}})),
              ElementsAre(HasSubstr("must be set together")));
  EXPECT_THAT(Errors(With(Prod(), {{"TLS_CERT_FILE", "/c.pem"}, {"TLS_KEY_FILE", "/k.pem"}})),
              ElementsAre(HasSubstr("native TLS is not supported by this build yet")));
}

TEST_F(LoaderTest, TrustedProxies) {
  Settings s = Ok(With(Prod(), {{"TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1,::1 , fd00::/8,,"}}));
  EXPECT_THAT(s.http.trusted_proxies, ElementsAre("10.0.0.0/8", "192.168.1.1", "::1", "fd00::/8"));
  auto errors =
      Errors(With(Prod(), {{"TRUSTED_PROXIES", "10.0.0.0/33,proxy.local,1.2.3.4/x,fd00::/129"}}));
  EXPECT_EQ(errors.size(), 4u);
  EXPECT_THAT(errors, Each(HasSubstr("TRUSTED_PROXIES:")));
}

TEST_F(LoaderTest, FrontendUrls) {
  Settings s =
      Ok(With(Prod(), {{"FRONTEND_URL", "https://App.Example.com/app/, http://localhost:8080"}}));
  EXPECT_THAT(s.urls.frontend_urls,
              ElementsAre("https://App.Example.com/app/", "http://localhost:8080"));
  EXPECT_EQ(s.urls.frontend_url_base, "https://App.Example.com/app");
  EXPECT_THAT(s.http.cors_allowed_origins,
              ElementsAre("https://app.example.com", "http://localhost:8080"));
  auto errors = Errors(With(Prod(), {{"FRONTEND_URL", "ftp://x.example.com,not a url"}}));
  EXPECT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors, Each(HasSubstr("FRONTEND_URL:")));
}

TEST_F(LoaderTest, CorsDefaultsDevelopmentVsProduction) {
  Environment frontend = {{"FRONTEND_URL", "https://app.example.com"}};
  EXPECT_THAT(Ok(With(Prod(), frontend)).http.cors_allowed_origins,
              ElementsAre("https://app.example.com"));
  EXPECT_THAT(
      Ok(With(Dev(), frontend)).http.cors_allowed_origins,
      ElementsAre("https://app.example.com", "http://localhost:5173", "http://localhost:3000"));
  // The default FRONTEND_URL is localhost:3000 already: no duplicate.
  EXPECT_THAT(Ok(Dev()).http.cors_allowed_origins,
              ElementsAre("http://localhost:3000", "http://localhost:5173"));
}

TEST_F(LoaderTest, CorsExplicitOrigins) {
  Settings s = Ok(With(
      Prod(),
      {{"CORS_ALLOWED_ORIGINS", "https://a.example.com, http://localhost:8080,https://b.io:443"}}));
  EXPECT_THAT(s.http.cors_allowed_origins,
              ElementsAre("https://a.example.com", "http://localhost:8080", "https://b.io"));
  EXPECT_THAT(Ok(With(Prod(), {{"CORS_ALLOWED_ORIGINS", "http://[::1]:8080,HTTP://LOCALHOST"}}))
                  .http.cors_allowed_origins,
              ElementsAre("http://[::1]:8080", "http://localhost"));
  auto errors = Errors(With(Prod(), {{"CORS_ALLOWED_ORIGINS",
                                      "https://a.example.com/,https://a.example.com/path,"
                                      "ftp://a.example.com,https://u@a.example.com,null,NULL"}}));
  EXPECT_EQ(errors.size(), 6u);
  EXPECT_THAT(errors, Each(HasSubstr("CORS_ALLOWED_ORIGINS:")));
}

TEST_F(LoaderTest, CorsStarOnlyInDevelopment) {
  Settings s = Ok(With(Dev(), {{"CORS_ALLOWED_ORIGINS", "*"}}));
  EXPECT_TRUE(s.http.cors_allow_any);
  EXPECT_THAT(s.http.cors_allowed_origins, IsEmpty());
}

TEST_F(LoaderTest, PublicBaseUrl) {
  EXPECT_EQ(Ok(Dev()).urls.public_base_url, "http://127.0.0.1:8000");
  EXPECT_EQ(Ok(With(Dev(), {{"HOST", "::1"}, {"PORT", "9000"}})).urls.public_base_url,
            "http://[::1]:9000");
  EXPECT_EQ(Ok(Prod()).urls.public_base_url, "");
  EXPECT_EQ(
      Ok(With(Prod(), {{"PUBLIC_BASE_URL", "https://api.example.com/"}})).urls.public_base_url,
      "https://api.example.com");
  EXPECT_THAT(Errors(With(Prod(), {{"PUBLIC_BASE_URL", "api.example.com"}})),
              ElementsAre(HasSubstr("PUBLIC_BASE_URL:")));
}

TEST_F(LoaderTest, SmtpDefaultsAndSecurity) {
  Settings s = Ok(With(Prod(), {{"SMTP_HOST", "mail.example.com"},
                                {"SMTP_FROM", "noreply@Example.COM"},
                                {"SMTP_USER", "mailer"},
                                {"SMTP_PASSWORD", "pw"}}));
  EXPECT_EQ(s.smtp.security, SmtpSecurity::kStartTls);
  EXPECT_EQ(s.smtp.port, 587);
  EXPECT_EQ(s.smtp.from, "noreply@example.com");
  EXPECT_EQ(s.smtp.from_name, "ClockKo Team");
  s = Ok(With(Prod(), {{"SMTP_HOST", "mail.example.com"},
                       {"SMTP_FROM", "noreply@example.com"},
                       {"SMTP_SECURITY", "tls"},
                       {"SMTP_FROM_NAME", "Clock Ko"}}));
  EXPECT_EQ(s.smtp.security, SmtpSecurity::kTls);
  EXPECT_EQ(s.smtp.port, 465);
  EXPECT_EQ(s.smtp.from_name, "Clock Ko");
  s = Ok(With(Prod(), {{"SMTP_SECURITY", "tls"}, {"SMTP_PORT", "2465"}}));
  EXPECT_EQ(s.smtp.port, 2465);
}

TEST_F(LoaderTest, SmtpProblems) {
  auto errors = Errors(With(Prod(), {{"SMTP_HOST", "mail.example.com"},
                                     {"SMTP_SECURITY", "ssl"},
                                     {"SMTP_FROM_NAME", "Evil\r\nBcc: x@y.z"}}));
  EXPECT_THAT(errors, Contains("SMTP_SECURITY: must be starttls, tls or none"));
  EXPECT_THAT(errors, Contains("SMTP_FROM: required when SMTP_HOST is set"));
  EXPECT_THAT(errors, Contains("SMTP_FROM_NAME: must not contain CR or LF"));
  EXPECT_EQ(errors.size(), 3u);

  EXPECT_THAT(Errors(With(Prod(), {{"SMTP_FROM", "a@example.com\nBcc: x@y.z"}})),
              ElementsAre("SMTP_FROM: must not contain CR or LF"));
  EXPECT_THAT(Errors(With(Prod(), {{"SMTP_FROM", "not-an-address"}})),
              ElementsAre("SMTP_FROM: not a valid email address"));
  EXPECT_THAT(Errors(With(Prod(), {{"SMTP_PASSWORD", "pw"}, {"SMTP_SECURITY", "tls"}})),
              ElementsAre("SMTP_PASSWORD: set without SMTP_USER"));
}

TEST_F(LoaderTest, GmailRequiresFromEqualToUser) {
  Environment gmail = {{"SMTP_HOST", "smtp.gmail.com"},
                       {"SMTP_USER", "me@gmail.com"},
                       {"SMTP_PASSWORD", "app-password"}};
  EXPECT_THAT(Errors(With(Prod(), With(gmail, {{"SMTP_FROM", "other@gmail.com"}}))),
              ElementsAre("SMTP_FROM: must equal SMTP_USER for smtp.gmail.com"));
  EXPECT_TRUE(Run(With(Prod(), With(gmail, {{"SMTP_FROM", "Me@Gmail.com"}}))).has_value());
}

TEST_F(LoaderTest, TwoFactorKey) {
  std::string raw(32, '\0');
  for (int i = 0; i < 32; ++i) {
    raw[i] = static_cast<char>(i * 7 + 1);
  }
  std::string hex = HexEncode(raw);
  EXPECT_EQ(
      Ok(With(Prod(), {{"TWO_FACTOR_ENCRYPTION_KEY", hex}})).two_factor.encryption_key.value(),
      raw);
  EXPECT_EQ(Ok(With(Prod(), {{"TWO_FACTOR_ENCRYPTION_KEY", Base64Encode(raw)}}))
                .two_factor.encryption_key.value(),
            raw);
  for (const std::string& bad : {Base64Encode(raw.substr(1)), hex.substr(2), hex + "00",
                                 std::string("zz") + hex.substr(2), std::string("not base64 !!")}) {
    EXPECT_THAT(Errors(With(Prod(), {{"TWO_FACTOR_ENCRYPTION_KEY", bad}})),
                ElementsAre("TWO_FACTOR_ENCRYPTION_KEY: must be 32 bytes as base64 or 64 hex "
                            "digits"));
  }
}

TEST_F(LoaderTest, Google) {
  Settings s = Ok(With(Prod(), {{"GOOGLE_CLIENT_ID", "a.apps.googleusercontent.com, b"},
                                {"GOOGLE_ALLOWED_HD", "Example.com,corp.example.org"},
                                {"GOOGLE_CERTS_URL", "http://127.0.0.1:9999/certs"}}));
  EXPECT_THAT(s.google.client_ids, ElementsAre("a.apps.googleusercontent.com", "b"));
  EXPECT_EQ(s.google.client_id_source, SecretSource::kEnv);
  EXPECT_THAT(s.google.allowed_hd, ElementsAre("example.com", "corp.example.org"));
  EXPECT_EQ(s.google.certs_url, "http://127.0.0.1:9999/certs");

  std::string file = dir_.Write("gid", "from-file.apps.googleusercontent.com\n");
  s = Ok(With(Prod(), {{"GOOGLE_CLIENT_ID_FILE", file}}));
  EXPECT_THAT(s.google.client_ids, ElementsAre("from-file.apps.googleusercontent.com"));
  EXPECT_EQ(s.google.client_id_source, SecretSource::kEnv);

  auto errors = Errors(With(
      Prod(), {{"GOOGLE_CERTS_URL", "file:///etc/passwd"}, {"GOOGLE_ALLOWED_HD", "bad domain"}}));
  EXPECT_EQ(errors.size(), 2u);
}

TEST_F(LoaderTest, AwsRegion) {
  EXPECT_EQ(Ok(Prod()).aws.region, "us-east-1");
  EXPECT_EQ(Ok(With(Prod(), {{"AWS_DEFAULT_REGION", "eu-west-1"}})).aws.region, "eu-west-1");
  EXPECT_EQ(Ok(With(Prod(), {{"AWS_DEFAULT_REGION", "eu-west-1"}, {"AWS_REGION", "eu-north-1"}}))
                .aws.region,
            "eu-north-1");
}

// ---- Production refusals (API.md §14.3), one test each --------------------------------------

TEST_F(LoaderTest, ProductionRefusesMissingJwtKey) {
  Environment env = Prod();
  env.erase("SECRET_KEY");
  EXPECT_THAT(Errors(env), ElementsAre("SECRET_KEY: required in production"));
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("data/dev-jwt-secret")));
}

TEST_F(LoaderTest, ProductionRefusesShortJwtKey) {
  EXPECT_THAT(Errors(With(Prod(), {{"SECRET_KEY", std::string(30, 'a') + "b"}})),
              ElementsAre("SECRET_KEY: must be at least 32 bytes in production"));
  EXPECT_THAT(Errors(With(Prod(), {{"SECRET_KEY", "abc123"}})),
              ElementsAre(Not(HasSubstr("abc123"))));
}

class PlaceholderKeyTest : public LoaderTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(PlaceholderKeyTest, ProductionRefusesPlaceholderJwtKey) {
  auto errors = Errors(With(Prod(), {{"SECRET_KEY", GetParam()}}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("SECRET_KEY:"));
  EXPECT_THAT(errors[0], Not(HasSubstr(GetParam())));
}

INSTANTIATE_TEST_SUITE_P(Placeholders, PlaceholderKeyTest,
                         ::testing::Values("your-local-secret", "changeme", "Secret", "password",
                                           "your-secret-key-change-this-in-production",
                                           "CHANGEME-CHANGEME-CHANGEME-CHANGEME",
                                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));

TEST_F(LoaderTest, ProductionRefusesWeakPreviousKey) {
  auto errors =
      Errors(With(Prod(), {{"SECRET_KEY_PREVIOUS", std::string(kGoodKey) + "-old,tooshort"}}));
  EXPECT_THAT(errors, ElementsAre("SECRET_KEY_PREVIOUS entry 2: must be at least 32 bytes in "
                                  "production"));
}

TEST_F(LoaderTest, ProductionRefusesCorsStar) {
  EXPECT_THAT(Errors(With(Prod(), {{"CORS_ALLOWED_ORIGINS", "*"}})),
              ElementsAre("CORS_ALLOWED_ORIGINS: \"*\" is not allowed in production"));
}

TEST_F(LoaderTest, ProductionRefusesDebug) {
  EXPECT_THAT(Errors(With(Prod(), {{"DEBUG", "true"}})),
              ElementsAre("DEBUG: must not be true in production"));
  EXPECT_TRUE(Ok(With(Dev(), {{"DEBUG", "true"}})).debug);
}

TEST_F(LoaderTest, ProductionRefusesSmtpCredentialsWithoutTls) {
  EXPECT_THAT(Errors(With(Prod(), {{"SMTP_HOST", "mail.example.com"},
                                   {"SMTP_FROM", "noreply@example.com"},
                                   {"SMTP_USER", "mailer"},
                                   {"SMTP_PASSWORD", "pw"},
                                   {"SMTP_SECURITY", "none"}})),
              ElementsAre(HasSubstr("SMTP_SECURITY: none is not allowed")));
}

TEST_F(LoaderTest, ProductionAllowsSmtpSecurityNoneOnlyForLoopback) {
  const Environment relay = {{"SMTP_FROM", "noreply@example.com"}, {"SMTP_SECURITY", "none"}};
  for (const char* host : {"mail.example.com", "10.0.0.5", "128.0.0.1", "::2", "localhost.evil"}) {
    EXPECT_THAT(Errors(With(Prod(), With(relay, {{"SMTP_HOST", host}}))),
                ElementsAre("SMTP_SECURITY: none is only allowed for a loopback host or in "
                            "development"))
        << host;
  }
  // The default without SMTP_USER is none too, so a remote relay needs an explicit TLS mode.
  EXPECT_THAT(Errors(With(Prod(), {{"SMTP_HOST", "mail.example.com"},
                                   {"SMTP_FROM", "noreply@example.com"}})),
              ElementsAre(HasSubstr("SMTP_SECURITY: none is only allowed")));
  for (const char* host : {"localhost", "LOCALHOST", "127.0.0.1", "127.10.0.1", "::1"}) {
    EXPECT_EQ(Ok(With(Prod(), With(relay, {{"SMTP_HOST", host}}))).smtp.security,
              SmtpSecurity::kNone)
        << host;
  }
  EXPECT_EQ(Ok(With(Dev(), With(relay, {{"SMTP_HOST", "mail.example.com"}}))).smtp.security,
            SmtpSecurity::kNone);
  EXPECT_EQ(Ok(With(Prod(), {{"SMTP_HOST", "mail.example.com"},
                             {"SMTP_FROM", "noreply@example.com"},
                             {"SMTP_SECURITY", "starttls"}}))
                .smtp.security,
            SmtpSecurity::kStartTls);
}

TEST_F(LoaderTest, DevelopmentOnlyWarnsAboutWeakSettings) {
  Settings s = Ok(With(
      Dev(), {{"SECRET_KEY", "changeme"}, {"SMTP_USER", "mailer"}, {"SMTP_SECURITY", "none"}}));
  EXPECT_EQ(s.warnings.size(), 2u);
  EXPECT_THAT(s.warnings, Each(Not(HasSubstr("changeme"))));
  EXPECT_FALSE(s.jwt.generated_dev_key);
}

// ---- Development JWT key ---------------------------------------------------------------------

TEST_F(LoaderTest, DevelopmentGeneratesPersistsAndReusesKey) {
  Environment env = With(Dev(), {{"DATA_DIR", dir_.Sub("nested/data")}});
  Settings first = Ok(env);
  EXPECT_TRUE(first.jwt.generated_dev_key);
  const std::string& key = first.jwt.secret_key.value();
  EXPECT_EQ(key.size(), 64u);
  EXPECT_TRUE(HexDecode(key).has_value());

  std::string path = dir_.Sub("nested/data/dev-jwt-secret");
  EXPECT_EQ(ReadFile(path), key + "\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  FakeRandom other(200);
  auto second = Load(env, opts_, other);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->jwt.secret_key.value(), key);
  EXPECT_TRUE(second->jwt.generated_dev_key);
}

TEST_F(LoaderTest, DevelopmentKeysDifferAcrossDataDirs) {
  Settings a = Ok(With(Dev(), {{"DATA_DIR", dir_.Sub("a")}}));
  Settings b = Ok(With(Dev(), {{"DATA_DIR", dir_.Sub("b")}}));
  EXPECT_NE(a.jwt.secret_key.value(), b.jwt.secret_key.value());
}

TEST_F(LoaderTest, DevelopmentKeyNotGeneratedWhenGivenOrOnErrors) {
  Settings s = Ok(With(Dev(), {{"SECRET_KEY", kGoodKey}}));
  EXPECT_FALSE(s.jwt.generated_dev_key);
  EXPECT_EQ(s.jwt.secret_key.value(), kGoodKey);
  EXPECT_FALSE(Run(With(Dev(), {{"PORT", "x"}})).has_value());
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("data/dev-jwt-secret")));
}

TEST_F(LoaderTest, DevelopmentRejectsTruncatedKeyFile) {
  std::filesystem::create_directories(dir_.Sub("data"));
  dir_.Write("data/dev-jwt-secret", "short\n");
  EXPECT_THAT(Errors(Dev()), ElementsAre(HasSubstr("delete it to generate a new one")));
}

}  // namespace
}  // namespace clockko::config
