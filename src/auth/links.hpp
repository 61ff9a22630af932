#pragma once
// The URLs that mails and redirects point at (API.md §3.3, §13): built from PUBLIC_BASE_URL
// (this API) and FRONTEND_URL_BASE (the web app). Immutable; thread-safe.
#include <string>
#include <string_view>

namespace clockko::auth {

struct LinkOptions {
  std::string public_base_url;    // PUBLIC_BASE_URL, no trailing slash; empty = no API links
  std::string frontend_base_url;  // FRONTEND_URL_BASE, no trailing slash
};

class Links {
 public:
  explicit Links(LinkOptions options);

  bool has_api_links() const { return !options_.public_base_url.empty(); }
  // {API}/api/auth/verify-email?token=<t>; empty when PUBLIC_BASE_URL is empty.
  std::string VerifyEmail(std::string_view token) const;
  // {FRONTEND}/reset-password-confirm?email=<address>&token=<t> (both URL-encoded).
  std::string ResetPassword(std::string_view address, std::string_view token) const;
  // {API}/api/users/delete/confirm?token=<t>; empty when PUBLIC_BASE_URL is empty.
  std::string ConfirmDeletion(std::string_view token) const;
  // {FRONTEND}<path>, e.g. "/signin?verified=true".
  std::string Frontend(std::string_view path) const;

 private:
  LinkOptions options_;
};

}  // namespace clockko::auth
