#pragma once
// The audit table `security_events` (SECURITY.md "Errors and logs"). Values stored here follow the
// log rules: no passwords, codes, tokens or secrets; addresses masked. Errors: kUnavailable,
// kInternal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

struct SecurityEvent {
  std::int64_t id = 0;  // assigned by Append
  Timestamp at;
  std::string event;  // "login_succeeded", "login_failed", "token_rejected", ...
  std::optional<std::string> user_id;
  std::string client_ip;
  std::string request_id;
  std::string detail;  // short, safe text (masked address, reason)
};

class SecurityEventRepository {
 public:
  virtual ~SecurityEventRepository() = default;
  virtual Result<> Append(const SecurityEvent& event) = 0;
  // Newest first, at most `limit`, optionally only one user's.
  virtual Result<std::vector<SecurityEvent>> Recent(std::int32_t limit,
                                                    const std::optional<std::string>& user_id) = 0;
};

}  // namespace clockko::store
