#include "config/loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#include "config/dotenv.hpp"
#include "config/url_checks.hpp"
#include "core/email.hpp"
#include "core/encoding.hpp"
#include "core/text.hpp"

namespace clockko::config {
namespace {

namespace fs = std::filesystem;

// Variables that may also be given as NAME_FILE (API.md §14.1).
constexpr std::array<std::string_view, 8> kFileVariables = {
    "DATABASE_URL",  "SECRET_KEY", "SECRET_KEY_PREVIOUS",       "SMTP_USER",
    "SMTP_PASSWORD", "REDIS_URL",  "TWO_FACTOR_ENCRYPTION_KEY", "GOOGLE_CLIENT_ID"};

constexpr std::array<std::string_view, 5> kAwsSecretNameVariables = {
    "DB_URL_SECRET_NAME", "DB_CREDS_SECRET_NAME", "JWT_SECRET_NAME", "GOOGLE_OAUTH_SECRET_NAME",
    "SMTP_SECRET_NAME"};

// JWT keys refused in production: exact values, and fragments that only placeholders contain.
constexpr std::array<std::string_view, 22> kPlaceholderKeys = {
    "your-local-secret", "changeme",        "change-me",   "change_me",    "secret",
    "your-secret-key",   "your_secret_key", "supersecret", "super-secret", "password",
    "secret-key",        "secret_key",      "secretkey",   "jwt-secret",   "jwt_secret",
    "your-secret",       "default",         "development", "test",         "example",
    "dev-secret",        "mysecret"};
constexpr std::array<std::string_view, 12> kPlaceholderFragments = {
    "changeme",    "change-me",   "change_me",   "change-this", "change_this", "changethis",
    "your-secret", "your_secret", "placeholder", "replace-me",  "replace_me",  "your-local"};

constexpr std::size_t kMinJwtKeyBytes = 32;
constexpr std::string_view kDevKeyFileName = "dev-jwt-secret";

enum class Source { kEnv, kFile, kDotenv };

struct Value {
  std::string text;
  Source source;
};

// Comma list: entries trimmed, empty entries dropped.
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view item = TrimAscii(text.substr(0, comma));
    if (!item.empty()) {
      out.emplace_back(item);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  return out;
}

// Whole file, or nullopt when it cannot be opened or read (missing, directory, permissions).
std::optional<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  std::string content;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) {
      break;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

std::string StripOneTrailingNewline(std::string s) {
  if (!s.empty() && s.back() == '\n') {
    s.pop_back();
    if (!s.empty() && s.back() == '\r') {
      s.pop_back();
    }
  }
  return s;
}

bool ParseStrictInt(std::string_view text, long long& out) {
  if (text.empty() || text.front() == '+') {
    return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string v = ToLowerAscii(text);
  if (v == "true" || v == "1" || v == "yes") {
    return true;
  }
  if (v == "false" || v == "0" || v == "no") {
    return false;
  }
  return std::nullopt;
}

bool IsHostName(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '-' || s.front() == '.') {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

bool IsIpAddress(const std::string& s) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(s, ec);
  return !ec;
}

// localhost, 127.0.0.0/8 or ::1 (SMTP_SECURITY=none is only allowed for these outside development).
bool IsLoopbackHost(const std::string& s) {
  std::string lower = ToLowerAscii(s);
  if (lower == "localhost" || lower == "localhost.") {
    return true;
  }
  boost::system::error_code ec;
  const boost::asio::ip::address a = boost::asio::ip::make_address(s, ec);
  return !ec && a.is_loopback();
}

bool IsCidrOrAddress(const std::string& s) {
  boost::system::error_code ec;
  if (s.find('/') == std::string::npos) {
    boost::asio::ip::make_address(s, ec);
  } else if (s.find(':') != std::string::npos) {
    boost::asio::ip::make_network_v6(s, ec);
  } else {
    boost::asio::ip::make_network_v4(s, ec);
  }
  return !ec;
}

bool IsPlaceholderKey(std::string_view key) {
  std::string lower = ToLowerAscii(TrimAscii(key));
  for (std::string_view p : kPlaceholderKeys) {
    if (lower == p) {
      return true;
    }
  }
  for (std::string_view f : kPlaceholderFragments) {
    if (lower.find(f) != std::string::npos) {
      return true;
    }
  }
  // "xxxxxxxx...": long enough, but no entropy.
  return !lower.empty() &&
         std::all_of(lower.begin(), lower.end(), [&](char c) { return c == lower.front(); });
}

// The one lookup (API.md §14.1) plus typed readers built on it. Collects problems into `errors`
// and notes into `warnings`; every message starts with the variable name.
class Loader {
 public:
  Loader(const Environment& env, const Environment& dotenv, std::vector<std::string>& errors,
         std::vector<std::string>& warnings)
      : env_(env), dotenv_(dotenv), errors_(errors), warnings_(warnings) {}

  // The effective value of `name`, or nullopt when no source sets it (the default applies).
  std::optional<Value> Lookup(const std::string& name) {
    if (auto it = cache_.find(name); it != cache_.end()) {
      return it->second;
    }
    std::optional<Value> value = LookupInLayer(name, env_, Source::kEnv);
    // AWS Secrets Manager would sit here; it is refused in Load() until implemented.
    if (!value) {
      value = LookupInLayer(name, dotenv_, Source::kDotenv);
    }
    cache_.emplace(name, value);
    return value;
  }

  std::string String(const std::string& name, std::string fallback) {
    auto v = Lookup(name);
    return v ? v->text : std::move(fallback);
  }

  template <typename T>
  void Int(const std::string& name, T& out, long long min, long long max) {
    auto v = Lookup(name);
    if (!v) {
      return;
    }
    long long parsed = 0;
    if (!ParseStrictInt(v->text, parsed) || parsed < min || parsed > max) {
      Error(name + ": must be an integer from " + std::to_string(min) + " to " +
            std::to_string(max));
      return;
    }
    out = static_cast<T>(parsed);
  }

  void Bool(const std::string& name, bool& out) {
    auto v = Lookup(name);
    if (!v) {
      return;
    }
    if (auto b = ParseBool(v->text)) {
      out = *b;
    } else {
      Error(name + ": must be true, false, 1, 0, yes or no");
    }
  }

  void Error(std::string message) { errors_.push_back(std::move(message)); }
  void Warning(std::string message) { warnings_.push_back(std::move(message)); }

 private:
  static std::optional<std::string> NonEmpty(const Environment& layer, const std::string& name) {
    auto it = layer.find(name);
    if (it == layer.end() || it->second.empty()) {
      return std::nullopt;
    }
    return it->second;
  }

  std::optional<Value> LookupInLayer(const std::string& name, const Environment& layer,
                                     Source direct) {
    bool file_allowed =
        std::find(kFileVariables.begin(), kFileVariables.end(), name) != kFileVariables.end();
    std::optional<std::string> path = file_allowed ? NonEmpty(layer, name + "_FILE") : std::nullopt;
    if (auto v = NonEmpty(layer, name)) {
      if (path) {
        Warning(name + ": both " + name + " and " + name + "_FILE are set; " + name +
                "_FILE is ignored");
      }
      return Value{std::move(*v), direct};
    }
    if (!path) {
      return std::nullopt;
    }
    std::optional<std::string> content = ReadWholeFile(*path);
    if (!content) {
      Error(name + "_FILE: cannot read the file \"" + *path + "\"");
      return std::nullopt;
    }
    std::string text = StripOneTrailingNewline(std::move(*content));
    if (text.empty()) {
      return std::nullopt;
    }
    return Value{std::move(text), Source::kFile};
  }

  const Environment& env_;
  const Environment& dotenv_;
  std::vector<std::string>& errors_;
  std::vector<std::string>& warnings_;
  std::map<std::string, std::optional<Value>> cache_;
};

// Returns the development JWT key from <data_dir>/dev-jwt-secret, creating it (0600) on first use.
std::optional<std::string> LoadOrCreateDevKey(const std::string& data_dir, Random& random,
                                              Loader& loader) {
  fs::path path = fs::path(data_dir) / kDevKeyFileName;
  std::error_code ec;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fs::exists(path, ec)) {
      std::optional<std::string> content = ReadWholeFile(path.string());
      if (!content) {
        loader.Error("SECRET_KEY: cannot read the development key \"" + path.string() + "\"");
        return std::nullopt;
      }
      std::string key = StripOneTrailingNewline(std::move(*content));
      if (key.size() < kMinJwtKeyBytes) {
        loader.Error("SECRET_KEY: the development key \"" + path.string() +
                     "\" is shorter than 32 bytes; delete it to generate a new one");
        return std::nullopt;
      }
      auto perms = fs::status(path, ec).permissions();
      if (!ec && (perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
        loader.Warning("SECRET_KEY: the development key \"" + path.string() +
                       "\" is readable by other users");
      }
      return key;
    }
    fs::create_directories(data_dir, ec);
    if (ec) {
      loader.Error("DATA_DIR: cannot create \"" + data_dir + "\"");
      return std::nullopt;
    }
    std::string key = random.Hex(kMinJwtKeyBytes);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) {
      continue;  // created concurrently: read it on the next pass
    }
    if (fd < 0) {
      loader.Error("SECRET_KEY: cannot create the development key \"" + path.string() + "\"");
      return std::nullopt;
    }
    std::string line = key + "\n";
    bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
      ::unlink(path.c_str());
      loader.Error("SECRET_KEY: cannot write the development key \"" + path.string() + "\"");
      return std::nullopt;
    }
    return key;
  }
  loader.Error("SECRET_KEY: cannot create the development key \"" + path.string() + "\"");
  return std::nullopt;
}

void LoadEnvironmentKind(Loader& l, Settings& s) {
  if (auto v = l.Lookup("APP_ENV")) {
    std::string env = ToLowerAscii(v->text);
    if (env == "development") {
      s.app_env = AppEnv::kDevelopment;
    } else if (env == "production") {
      s.app_env = AppEnv::kProduction;
    } else {
      l.Error("APP_ENV: must be development or production");
    }
  }
  l.Bool("DEBUG", s.debug);
  if (s.debug && !s.development()) {
    l.Error("DEBUG: must not be true in production");
  }
  s.data_dir = l.String("DATA_DIR", s.data_dir);
}

void LoadHttp(Loader& l, Settings& s) {
  HttpSettings& h = s.http;
  h.host = l.String("HOST", h.host);
  if (!IsIpAddress(h.host) && !IsHostName(h.host)) {
    l.Error("HOST: must be an IP address or a host name");
  }
  l.Int("PORT", h.port, 0, 65535);
  l.Int("IO_THREADS", h.io_threads, 1, 64);
  h.worker_threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 2, 256);
  l.Int("WORKER_THREADS", h.worker_threads, 1, 256);
  l.Int("WORKER_QUEUE_PER_THREAD", h.queue_per_worker, 1, 4096);
  constexpr long long kMaxBody = 256LL * 1024 * 1024;
  l.Int("MAX_BODY_BYTES", h.max_body_bytes, 1024, kMaxBody);
  l.Int("AVATAR_MAX_BODY_BYTES", h.avatar_max_body_bytes, 1024, kMaxBody);
  l.Int("AVATAR_MAX_BYTES", h.avatar_max_bytes, 1024, kMaxBody);
  if (h.avatar_max_bytes > h.avatar_max_body_bytes) {
    l.Error("AVATAR_MAX_BYTES: must not exceed AVATAR_MAX_BODY_BYTES");
  }
  l.Int("MAX_HEADER_BYTES", h.max_header_bytes, 1024, 1024 * 1024);
  l.Int("READ_TIMEOUT_SECONDS", h.read_timeout_seconds, 1, 3600);
  l.Int("IDLE_TIMEOUT_SECONDS", h.idle_timeout_seconds, 1, 3600);
  l.Int("MAX_CONNECTIONS", h.max_connections, 1, 1000000);
  l.Int("SHUTDOWN_TIMEOUT_SECONDS", h.shutdown_timeout_seconds, 0, 3600);
  l.Bool("TRUST_AWS_REMAPPED_AUTH", h.trust_aws_remapped_auth);

  h.tls_cert_file = l.String("TLS_CERT_FILE", "");
  h.tls_key_file = l.String("TLS_KEY_FILE", "");
  if (h.tls_cert_file.empty() != h.tls_key_file.empty()) {
    l.Error(std::string(h.tls_cert_file.empty() ? "TLS_KEY_FILE" : "TLS_CERT_FILE") +
            ": TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  } else if (!h.tls_cert_file.empty()) {
    l.Error("TLS_CERT_FILE: native TLS is not supported by this build yet");
  }

  if (auto v = l.Lookup("TRUSTED_PROXIES")) {
    for (std::string& entry : SplitList(v->text)) {
      if (IsCidrOrAddress(entry)) {
        h.trusted_proxies.push_back(std::move(entry));
      } else {
        l.Error("TRUSTED_PROXIES: \"" + entry + "\" is not an IP address or CIDR range");
      }
    }
  }
}

void LoadLog(Loader& l, Settings& s) {
  if (auto v = l.Lookup("LOG_FORMAT")) {
    std::string f = ToLowerAscii(v->text);
    if (f == "text") {
      s.log.format = LogFormat::kText;
    } else if (f == "json") {
      s.log.format = LogFormat::kJson;
    } else {
      l.Error("LOG_FORMAT: must be text or json");
    }
  }
  if (auto v = l.Lookup("LOG_LEVEL")) {
    std::string level = ToLowerAscii(v->text);
    if (level == "debug" || level == "info" || level == "warning" || level == "error") {
      s.log.level = level;
    } else {
      l.Error("LOG_LEVEL: must be debug, info, warning or error");
    }
  }
}

void LoadDatabase(Loader& l, Settings& s) {
  std::string default_url = "sqlite:///" + (fs::path(s.data_dir) / "clockko.db").string();
  std::string url = l.String("DATABASE_URL", default_url);
  s.db.url = Secret(url);
  std::string lower = ToLowerAscii(url.substr(0, std::min<std::size_t>(url.size(), 16)));
  if (lower.starts_with("sqlite:///")) {
    std::string path = url.substr(10);
    if (path.empty()) {
      l.Error("DATABASE_URL: the SQLite file path is missing");
    } else if (path.find_first_of("?#") != std::string::npos) {
      l.Error("DATABASE_URL: query parameters are not supported for SQLite");
    } else {
      s.db.sqlite_path = path;
    }
  } else if (lower.starts_with("postgresql://") || lower.starts_with("postgres://")) {
    l.Error("DATABASE_URL: PostgreSQL is not supported by this build yet");
  } else {
    l.Error("DATABASE_URL: must be sqlite:///path or postgresql://user:pass@host:port/db");
  }
  l.Int("SQLITE_BUSY_TIMEOUT_MS", s.db.busy_timeout_ms, 0, 600000);

  if (auto v = l.Lookup("REDIS_URL")) {
    s.redis.url = Secret(v->text);
    std::string scheme = ToLowerAscii(v->text.substr(0, v->text.find(':')));
    if ((scheme != "redis" && scheme != "rediss") || !IsAbsoluteUrl(v->text)) {
      l.Error("REDIS_URL: must be a redis:// or rediss:// URL");
    } else {
      l.Error("REDIS_URL: Redis is not supported by this build yet");
    }
  }
}

void LoadAwsSecretNames(Loader& l, Settings& s) {
  for (std::string_view name : kAwsSecretNameVariables) {
    std::string value = l.String(std::string(name), "");
    if (value.empty()) {
      continue;
    }
    if (name == "DB_URL_SECRET_NAME") {
      s.db.url_secret_name = value;
    } else if (name == "DB_CREDS_SECRET_NAME") {
      s.db.creds_secret_name = value;
    } else if (name == "JWT_SECRET_NAME") {
      s.jwt.secret_name = value;
    } else if (name == "GOOGLE_OAUTH_SECRET_NAME") {
      s.google.oauth_secret_name = value;
    } else {
      s.smtp.secret_name = value;
    }
    l.Error(std::string(name) + ": AWS Secrets Manager is not supported by this build yet");
  }
  if (auto v = l.Lookup("AWS_REGION")) {
    s.aws.region = v->text;
  } else if (auto d = l.Lookup("AWS_DEFAULT_REGION")) {
    s.aws.region = d->text;
  }
  if (auto v = l.Lookup("AWS_ENDPOINT_URL_SECRETS_MANAGER")) {
    if (!ParseHttpUrl(v->text)) {
      l.Error("AWS_ENDPOINT_URL_SECRETS_MANAGER: must be an http:// or https:// URL");
    } else {
      s.aws.secrets_endpoint = v->text;
    }
  }
  l.Int("SECRETS_REFRESH_SECONDS", s.aws.secrets_refresh_seconds, 0, 86400);
}

// Production refusals for one JWT key (current or previous). `what` names it in messages.
void CheckJwtKey(Loader& l, const std::string& key, const std::string& what, bool production) {
  if (key.size() < kMinJwtKeyBytes) {
    if (production) {
      l.Error(what + ": must be at least 32 bytes in production");
    } else {
      l.Warning(what + ": shorter than 32 bytes (refused in production)");
    }
  } else if (IsPlaceholderKey(key)) {
    if (production) {
      l.Error(what + ": is a known placeholder value; set a random key");
    } else {
      l.Warning(what + ": is a known placeholder value (refused in production)");
    }
  }
}

void LoadJwt(Loader& l, Settings& s) {
  bool production = !s.development();
  if (auto v = l.Lookup("SECRET_KEY")) {
    s.jwt.secret_key = Secret(v->text);
    CheckJwtKey(l, v->text, "SECRET_KEY", production);
  } else if (production && s.jwt.secret_name.empty()) {
    l.Error("SECRET_KEY: required in production");
  }
  if (auto v = l.Lookup("SECRET_KEY_PREVIOUS")) {
    std::vector<std::string> keys = SplitList(v->text);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      CheckJwtKey(l, keys[i], "SECRET_KEY_PREVIOUS entry " + std::to_string(i + 1), production);
      s.jwt.previous_keys.emplace_back(std::move(keys[i]));
    }
  }
  l.Int("ACCESS_TOKEN_EXPIRE_MINUTES", s.jwt.access_token_expire_minutes, 1, 1440);
  l.Int("JWT_LEEWAY_SECONDS", s.jwt.leeway_seconds, 0, 300);
}

void LoadAuth(Loader& l, Settings& s) {
  if (auto v = l.Lookup("PASSWORD_HASH")) {
    std::string algorithm = ToLowerAscii(v->text);
    if (algorithm == "bcrypt" || algorithm == "argon2id") {
      s.password.algorithm = algorithm;
    } else {
      l.Error("PASSWORD_HASH: must be bcrypt or argon2id");
    }
  }
  l.Int("BCRYPT_COST", s.password.bcrypt_cost, 10, 31);
  l.Int("PASSWORD_MIN_LENGTH", s.password.min_length, 8, 64);
  l.Int("OTP_EXPIRE_MINUTES", s.otp.expire_minutes, 1, 10);
  l.Int("OTP_MAX_ATTEMPTS", s.otp.max_attempts, 1, 20);
  l.Int("OTP_RESEND_SECONDS", s.otp.resend_seconds, 0, 3600);
  l.Int("EMAIL_LINK_EXPIRE_HOURS", s.otp.email_link_expire_hours, 1, 168);
  l.Int("REAUTH_WINDOW_MINUTES", s.auth.reauth_window_minutes, 1, 60);
  l.Bool("REQUIRE_VERIFIED_EMAIL", s.auth.require_verified_email);
  l.Bool("REGISTER_HIDE_EXISTING", s.auth.register_hide_existing);
}

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(std::move(value));
  }
}

void LoadUrls(Loader& l, Settings& s) {
  std::vector<std::string> frontend_origins;
  if (auto v = l.Lookup("FRONTEND_URL")) {
    std::vector<std::string> urls;
    std::vector<std::string> entries = SplitList(v->text);
    if (entries.empty()) {
      l.Error("FRONTEND_URL: no URL given");
    }
    for (std::string& entry : entries) {
      std::optional<std::string> origin = ParseHttpUrl(entry);
      if (!origin) {
        l.Error("FRONTEND_URL: \"" + entry + "\" is not an http:// or https:// URL");
        continue;
      }
      AddUnique(frontend_origins, *origin);
      urls.push_back(std::move(entry));
    }
    if (!urls.empty()) {
      s.urls.frontend_urls = std::move(urls);
    }
  } else {
    for (const std::string& url : s.urls.frontend_urls) {
      if (auto origin = ParseHttpUrl(url)) {
        AddUnique(frontend_origins, *origin);
      }
    }
  }
  if (!s.urls.frontend_urls.empty()) {
    std::string base = s.urls.frontend_urls.front();
    while (base.ends_with('/')) {
      base.pop_back();
    }
    s.urls.frontend_url_base = base;
  }

  if (auto v = l.Lookup("CORS_ALLOWED_ORIGINS")) {
    for (const std::string& entry : SplitList(v->text)) {
      if (entry == "*") {
        if (s.development()) {
          s.http.cors_allow_any = true;
        } else {
          l.Error("CORS_ALLOWED_ORIGINS: \"*\" is not allowed in production");
        }
      } else if (ToLowerAscii(entry) == "null") {
        l.Error("CORS_ALLOWED_ORIGINS: \"null\" is never an allowed origin");
      } else if (auto origin = ParseOrigin(entry)) {
        AddUnique(s.http.cors_allowed_origins, *origin);
      } else {
        l.Error("CORS_ALLOWED_ORIGINS: \"" + entry +
                "\" is not an exact origin (scheme://host[:port], no path)");
      }
    }
  } else {
    s.http.cors_allowed_origins = frontend_origins;
    if (s.development()) {
      AddUnique(s.http.cors_allowed_origins, "http://localhost:5173");
      AddUnique(s.http.cors_allowed_origins, "http://localhost:3000");
    }
  }

  if (auto v = l.Lookup("PUBLIC_BASE_URL")) {
    std::string url = v->text;
    while (url.ends_with('/')) {
      url.pop_back();
    }
    if (!ParseHttpUrl(url) || url.find_first_of("?#") != std::string::npos) {
      l.Error("PUBLIC_BASE_URL: must be an http:// or https:// URL without query or fragment");
    } else {
      s.urls.public_base_url = url;
    }
  } else if (s.development()) {
    s.urls.public_base_url =
        "http://" + HostForUrl(s.http.host) + ":" + std::to_string(s.http.port);
  }
}

void LoadGoogle(Loader& l, Settings& s) {
  if (auto v = l.Lookup("GOOGLE_CLIENT_ID")) {
    for (std::string& id : SplitList(v->text)) {
      if (HasControlCharacters(id) || id.find(' ') != std::string::npos) {
        l.Error("GOOGLE_CLIENT_ID: an entry contains spaces or control characters");
      } else {
        s.google.client_ids.push_back(std::move(id));
      }
    }
    if (!s.google.client_ids.empty()) {
      s.google.client_id_source = SecretSource::kEnv;
    }
  }
  if (auto v = l.Lookup("GOOGLE_ALLOWED_HD")) {
    for (const std::string& hd : SplitList(v->text)) {
      if (IsHostName(hd)) {
        s.google.allowed_hd.push_back(ToLowerAscii(hd));
      } else {
        l.Error("GOOGLE_ALLOWED_HD: \"" + hd + "\" is not a domain name");
      }
    }
  }
  l.Bool("GOOGLE_REQUIRE_NONCE", s.google.require_nonce);
  if (auto v = l.Lookup("GOOGLE_CERTS_URL")) {
    if (ParseHttpUrl(v->text)) {
      s.google.certs_url = v->text;
    } else {
      l.Error("GOOGLE_CERTS_URL: must be an http:// or https:// URL");
    }
  }
}

void LoadTwoFactor(Loader& l, Settings& s) {
  auto v = l.Lookup("TWO_FACTOR_ENCRYPTION_KEY");
  if (!v) {
    return;
  }
  std::optional<std::string> key;
  if (v->text.size() == 64) {
    key = HexDecode(v->text);
  }
  if (!key) {
    key = Base64Decode(v->text);
  }
  if (!key || key->size() != 32) {
    l.Error("TWO_FACTOR_ENCRYPTION_KEY: must be 32 bytes as base64 or 64 hex digits");
    return;
  }
  s.two_factor.encryption_key = Secret(std::move(*key));
}

void LoadSmtp(Loader& l, Settings& s) {
  SmtpSettings& m = s.smtp;
  m.host = l.String("SMTP_HOST", "");
  if (!m.host.empty() && !IsIpAddress(m.host) && !IsHostName(m.host)) {
    l.Error("SMTP_HOST: must be a host name or an IP address");
  }
  m.user = Secret(l.String("SMTP_USER", ""));
  m.password = Secret(l.String("SMTP_PASSWORD", ""));
  if (!m.password.empty() && m.user.empty()) {
    l.Error("SMTP_PASSWORD: set without SMTP_USER");
  }
  m.security = m.user.empty() ? SmtpSecurity::kNone : SmtpSecurity::kStartTls;
  bool security_set = false;
  if (auto v = l.Lookup("SMTP_SECURITY")) {
    std::string sec = ToLowerAscii(v->text);
    security_set = true;
    if (sec == "starttls") {
      m.security = SmtpSecurity::kStartTls;
    } else if (sec == "tls") {
      m.security = SmtpSecurity::kTls;
    } else if (sec == "none") {
      m.security = SmtpSecurity::kNone;
    } else {
      l.Error("SMTP_SECURITY: must be starttls, tls or none");
      security_set = false;
    }
  }
  if (security_set && m.security == SmtpSecurity::kTls) {
    m.port = 465;  // implicit TLS; an explicit SMTP_PORT below still wins
  }
  l.Int("SMTP_PORT", m.port, 1, 65535);
  bool has_credentials = !m.user.empty() || !m.password.empty();
  if (has_credentials && m.security == SmtpSecurity::kNone) {
    if (!s.development()) {
      l.Error("SMTP_SECURITY: none is not allowed with SMTP credentials in production");
    } else {
      l.Warning("SMTP_SECURITY: none with SMTP credentials (refused in production)");
    }
  } else if (m.security == SmtpSecurity::kNone && !m.host.empty() && !IsLoopbackHost(m.host) &&
             !s.development() && (security_set || !l.Lookup("SMTP_SECURITY"))) {
    l.Error("SMTP_SECURITY: none is only allowed for a loopback host or in development");
  }
  m.ca_file = l.String("SMTP_CA_FILE", "");
  l.Int("SMTP_TIMEOUT_SECONDS", m.timeout_seconds, 1, 300);
  l.Int("MAIL_RETRY_BASE_SECONDS", m.retry_base_seconds, 1, 3600);

  if (auto v = l.Lookup("SMTP_FROM")) {
    if (v->text.find_first_of("\r\n") != std::string::npos) {
      l.Error("SMTP_FROM: must not contain CR or LF");
    } else if (auto email = Email::Parse(v->text, "SMTP_FROM")) {
      m.from = email->value();
    } else {
      l.Error("SMTP_FROM: not a valid email address");
    }
  }
  if (auto v = l.Lookup("SMTP_FROM_NAME")) {
    if (v->text.find_first_of("\r\n") != std::string::npos) {
      l.Error("SMTP_FROM_NAME: must not contain CR or LF");
    } else if (HasControlCharacters(v->text) || !IsValidUtf8(v->text)) {
      l.Error("SMTP_FROM_NAME: must be UTF-8 text without control characters");
    } else {
      m.from_name = v->text;
    }
  }
  bool from_given = l.Lookup("SMTP_FROM").has_value();
  if (!m.host.empty() && !from_given) {
    l.Error("SMTP_FROM: required when SMTP_HOST is set");
  }
  if (ToLowerAscii(m.host) == "smtp.gmail.com" && !m.from.empty() &&
      ToLowerAscii(m.from) != ToLowerAscii(m.user.value())) {
    l.Error("SMTP_FROM: must equal SMTP_USER for smtp.gmail.com");
  }
  m.mail_dir = (fs::path(s.data_dir) / "mail").string();
}

}  // namespace

tl::expected<Settings, std::vector<std::string>> Load(const Environment& env,
                                                      const LoadOptions& opts,
                                                      clockko::Random& random) {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;

  Environment dotenv;
  if (!opts.dotenv_path.empty()) {
    std::error_code ec;
    if (fs::exists(opts.dotenv_path, ec)) {
      std::optional<std::string> text = ReadWholeFile(opts.dotenv_path);
      if (!text) {
        errors.push_back(".env: cannot read \"" + opts.dotenv_path + "\"");
      } else if (auto parsed = ParseDotenv(*text)) {
        dotenv = std::move(*parsed);
      } else {
        errors.push_back(parsed.error().public_message);
      }
    }
  }

  Loader loader(env, dotenv, errors, warnings);
  Settings s;
  LoadEnvironmentKind(loader, s);
  LoadHttp(loader, s);
  LoadLog(loader, s);
  LoadDatabase(loader, s);
  LoadAwsSecretNames(loader, s);
  LoadJwt(loader, s);
  LoadAuth(loader, s);
  LoadUrls(loader, s);
  LoadGoogle(loader, s);
  LoadTwoFactor(loader, s);
  LoadSmtp(loader, s);

  // Last, so a broken configuration leaves no files behind.
  if (errors.empty() && s.development() && s.jwt.secret_key.empty() && s.jwt.secret_name.empty()) {
    if (auto key = LoadOrCreateDevKey(s.data_dir, random, loader)) {
      s.jwt.secret_key = Secret(std::move(*key));
      s.jwt.generated_dev_key = true;
    }
  }

  if (!errors.empty()) {
    return tl::unexpected(std::move(errors));
  }
  s.warnings = std::move(warnings);
  return s;
}

}  // namespace clockko::config
