#include "mail/smtp_probe.hpp"

#include <memory>
#include <string>
#include <string_view>

#include "mail/smtp_errors.hpp"

namespace clockko::mail {
namespace {

// What the session showed, read from libcurl's protocol trace. Only command verbs and reply codes
// are looked at; AUTH arguments (credentials) are never copied.
struct Trace {
  bool auth_sent = false;
  bool auth_accepted = false;  // a 235 reply
};

int OnDebug(CURL* /*curl*/, curl_infotype type, char* data, size_t size, void* userdata) {
  auto* trace = static_cast<Trace*>(userdata);
  const std::string_view line(data, size);
  if (type == CURLINFO_HEADER_OUT && line.substr(0, 5) == "AUTH ") {
    trace->auth_sent = true;
  } else if (type == CURLINFO_HEADER_IN && line.substr(0, 4) == "235 ") {
    trace->auth_accepted = true;
  }
  return 0;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

}  // namespace

Result<> ProbeSmtp(const SmtpTransportOptions& options) {
  if (Result<> valid = ValidateSmtpOptions(options); !valid) {
    return valid;
  }
  InitCurlOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    return Unavailable("EmailSendError: curl_easy_init failed (transient)");
  }
  char error_buffer[CURL_ERROR_SIZE];
  ConfigureSmtpHandle(curl.get(), options, error_buffer);
  Trace trace;
  // The trace goes to OnDebug only (CURLOPT_VERBOSE is needed for the callback); nothing printed.
  curl_easy_setopt(curl.get(), CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(curl.get(), CURLOPT_DEBUGDATA, &trace);
  curl_easy_setopt(curl.get(), CURLOPT_VERBOSE, 1L);
  // Without MAIL_FROM/MAIL_RCPT libcurl runs the custom command after connect + TLS + AUTH.
  curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, "NOOP");

  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    long reply = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply);
    SmtpError error = ClassifyCurlResult(rc, reply);
    const std::string text = SafeCurlErrorText(error_buffer, options.password);
    if (!text.empty()) {
      error.detail += ": " + text;
    }
    return ToMailError(error);
  }
  if (!options.username.empty() && !(trace.auth_sent && trace.auth_accepted)) {
    return ToMailError(SmtpError{SmtpFailure::kAuth, false,
                                 "SMTPAuthError: the server did not offer AUTH, so the "
                                 "configured SMTP_USER was not used (permanent)"});
  }
  return {};
}

}  // namespace clockko::mail
