#pragma once
// EmlFileTransport: the development MailTransport used without SMTP_HOST (API.md §13). Each mail
// becomes "<dir>/<unix-time>-<pid>-<counter>.eml", written atomically (temporary file in the same
// directory, fsync, rename without replacing), so a reader never sees a partial file. The directory
// is created with mode 0700 on first use; files are 0600. Thread-safe. Errors: kUnavailable for
// any file-system failure (the worker retries).
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "mail/transport.hpp"

namespace clockko::mail {

class EmlFileTransport final : public MailTransport {
 public:
  explicit EmlFileTransport(std::string dir);
  // `clock` names the files; it must outlive the transport.
  EmlFileTransport(std::string dir, const Clock& clock);
  EmlFileTransport(const EmlFileTransport&) = delete;
  EmlFileTransport& operator=(const EmlFileTransport&) = delete;

  Result<> Send(const MailMessage& msg, std::string_view mime) override;

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  SystemClock system_clock_;
  const Clock& clock_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace clockko::mail
