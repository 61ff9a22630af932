#include "mail/smtp_options.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace clockko::mail {
namespace {

tl::unexpected<Error> Invalid(std::string why) {
  return Fail(Errc::kInvalidArgument, "invalid_smtp_options", "Invalid SMTP configuration",
              "SMTPConnectionError: " + std::move(why));
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == ':' || c == '_';
}

size_t DiscardWrite(char* /*ptr*/, size_t size, size_t nmemb, void* /*userdata*/) {
  return size * nmemb;
}

}  // namespace

SmtpTransportOptions SmtpOptionsFromSettings(const config::SmtpSettings& s) {
  SmtpTransportOptions o;
  o.host = s.host;
  o.port = s.port;
  o.security = s.security;
  o.username = s.user.value();
  o.password = s.password.value();
  o.ca_file = s.ca_file;
  o.timeout_seconds = s.timeout_seconds;
  return o;
}

Result<> ValidateSmtpOptions(const SmtpTransportOptions& o) {
  if (o.host.empty() || o.host.size() > 253 ||
      !std::all_of(o.host.begin(), o.host.end(), IsHostChar)) {
    return Invalid("SMTP host must be a host name or an IP address");
  }
  if (o.port == 0) {
    return Invalid("SMTP port must be 1-65535");
  }
  if (o.timeout_seconds < 1 || o.timeout_seconds > 300) {
    return Invalid("SMTP timeout must be 1-300 seconds");
  }
  if (!o.password.empty() && o.username.empty()) {
    return Invalid("SMTP password set without a user name");
  }
  if (!o.username.empty() && o.security == SmtpSecurity::kNone) {
    return Invalid("SMTP credentials are never sent without TLS (SMTP_SECURITY=none)");
  }
  return {};
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

std::string SmtpUrl(const SmtpTransportOptions& o) {
  std::string url = o.security == SmtpSecurity::kTls ? "smtps://" : "smtp://";
  if (o.host.find(':') != std::string::npos) {
    url += "[" + o.host + "]";
  } else {
    url += o.host;
  }
  url += ":" + std::to_string(o.port);
  return url;
}

void ConfigureSmtpHandle(CURL* curl, const SmtpTransportOptions& o, char* error_buffer) {
  error_buffer[0] = '\0';
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_URL, SmtpUrl(o).c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // ignore *_proxy environment variables
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardWrite);  // never to stdout

  // TLS: verification is always on; STARTTLS is mandatory (CURLUSESSL_ALL never falls back).
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   o.security == SmtpSecurity::kNone ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  if (!o.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, o.ca_file.c_str());
  }

  // SMTP_TIMEOUT_SECONDS bounds the connect, every server reply and a stalled upload; the whole
  // session (about six round trips) is capped at six times that.
  const long timeout = o.timeout_seconds;
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, timeout);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout * 6);

  if (!o.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, o.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, o.password.c_str());
  }
}

std::string SafeCurlErrorText(const char* error_buffer, const std::string& password) {
  std::string text(error_buffer);
  if (!password.empty()) {
    for (std::size_t pos = text.find(password); pos != std::string::npos;
         pos = text.find(password, pos)) {
      text.replace(pos, password.size(), "***");
    }
  }
  if (text.size() > 200) {
    text.resize(200);
  }
  return text;
}

}  // namespace clockko::mail
