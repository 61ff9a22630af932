#include "mail/smtp_transport.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace clockko::mail {
namespace {

struct UploadSource {
  std::string_view data;
  std::size_t offset = 0;
};

size_t ReadMime(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* src = static_cast<UploadSource*>(userdata);
  const std::size_t n = std::min(size * nitems, src->data.size() - src->offset);
  std::memcpy(buffer, src->data.data() + src->offset, n);
  src->offset += n;
  return n;
}

// An envelope address goes inside <...> on a command line: refuse anything that could end or
// extend that line. The addresses come from validated settings and stored accounts, so this
// only guards against bugs.
bool IsSafeEnvelopeAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) {
    return false;
  }
  return std::none_of(a.begin(), a.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '<' || c == '>';
  });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

SmtpTransport::SmtpTransport(SmtpTransportOptions options) : options_(std::move(options)) {
  InitCurlOnce();
}

Result<> SmtpTransport::Send(const MailMessage& msg, std::string_view mime) {
  if (Result<> valid = ValidateSmtpOptions(options_); !valid) {
    return valid;
  }
  if (!IsSafeEnvelopeAddress(msg.from_address) || !IsSafeEnvelopeAddress(msg.to)) {
    return Fail(Errc::kInvalidArgument, "invalid_mail", "Invalid mail",
                "EmailSendError: envelope address contains forbidden characters (permanent)");
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    return Unavailable("EmailSendError: curl_easy_init failed (transient)");
  }
  char error_buffer[CURL_ERROR_SIZE];
  ConfigureSmtpHandle(curl.get(), options_, error_buffer);

  const std::string from = "<" + msg.from_address + ">";
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + msg.to + ">").c_str()));
  if (!rcpt) {
    return Unavailable("EmailSendError: out of memory (transient)");
  }
  UploadSource source{mime, 0};
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadMime);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &source);
  curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));

  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc == CURLE_OK) {
    return {};
  }
  long reply = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply);
  SmtpError error = ClassifyCurlResult(rc, reply);
  const std::string text = SafeCurlErrorText(error_buffer, options_.password);
  if (!text.empty()) {
    error.detail += ": " + text;
  }
  return ToMailError(error);
}

}  // namespace clockko::mail
