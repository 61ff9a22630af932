#pragma once
// SmtpTransportOptions: how to reach the SMTP server (API.md §14.2 SMTP_*), their validation, and
// the libcurl easy-handle setup shared by SmtpTransport and ProbeSmtp. Security rules that no
// option can turn off: certificates are always verified (SMTP_CA_FILE only adds a private CA),
// STARTTLS is required when chosen (never a plaintext fallback), TLS ≥ 1.2, and credentials are
// never sent without TLS. Functions are thread-safe once InitCurlOnce() has run.
#include <curl/curl.h>

#include <cstdint>
#include <string>

#include "config/settings.hpp"
#include "core/result.hpp"

namespace clockko::mail {

using SmtpSecurity = config::SmtpSecurity;

struct SmtpTransportOptions {
  std::string host;                                 // SMTP_HOST: a host name or an IP address
  std::uint16_t port = 587;                         // SMTP_PORT
  SmtpSecurity security = SmtpSecurity::kStartTls;  // SMTP_SECURITY
  std::string username;                             // SMTP_USER; empty = no AUTH
  std::string password;                             // SMTP_PASSWORD
  std::string ca_file;                              // SMTP_CA_FILE; empty = the system store
  int timeout_seconds = 10;                         // SMTP_TIMEOUT_SECONDS: connect and per reply
};

// The transport options of `s` (host, port, security, credentials, CA file, timeout).
SmtpTransportOptions SmtpOptionsFromSettings(const config::SmtpSettings& s);

// kInvalidArgument / "invalid_smtp_options" (detail starts with "SMTPConnectionError: ") when the
// host is empty or not a plain host name / IP address, the port is 0, the timeout is outside
// 1–300, a password is set without a username, or credentials are combined with kNone.
Result<> ValidateSmtpOptions(const SmtpTransportOptions& o);

// curl_global_init(CURL_GLOBAL_DEFAULT) exactly once per process (std::call_once). Called by the
// SmtpTransport constructor and ProbeSmtp; call it early in main() when other threads use OpenSSL.
void InitCurlOnce();

// "smtp://host:port" or "smtps://host:port" (IPv6 literals in brackets).
std::string SmtpUrl(const SmtpTransportOptions& o);

// Applies URL, TLS policy, CA file, timeouts, credentials and the no-output defaults to `curl`.
// `error_buffer` must have CURL_ERROR_SIZE bytes and outlive the transfer.
// REQUIRES: ValidateSmtpOptions(o) succeeded.
void ConfigureSmtpHandle(CURL* curl, const SmtpTransportOptions& o, char* error_buffer);

// The libcurl error text of a failed transfer, cut to 200 bytes, with `password` (if non-empty)
// masked, for the detail of an SmtpError.
std::string SafeCurlErrorText(const char* error_buffer, const std::string& password);

}  // namespace clockko::mail
