#include "auth/links.hpp"

#include "mail/html_escape.hpp"

namespace clockko::auth {

Links::Links(LinkOptions options) : options_(std::move(options)) {
  for (std::string* url : {&options_.public_base_url, &options_.frontend_base_url}) {
    while (!url->empty() && url->back() == '/') {
      url->pop_back();
    }
  }
}

std::string Links::VerifyEmail(std::string_view token) const {
  if (!has_api_links()) {
    return {};
  }
  return options_.public_base_url + "/api/auth/verify-email?token=" + mail::UrlEncode(token);
}

std::string Links::ResetPassword(std::string_view address, std::string_view token) const {
  return options_.frontend_base_url + "/reset-password-confirm?email=" + mail::UrlEncode(address) +
         "&token=" + mail::UrlEncode(token);
}

std::string Links::ConfirmDeletion(std::string_view token) const {
  if (!has_api_links()) {
    return {};
  }
  return options_.public_base_url + "/api/users/delete/confirm?token=" + mail::UrlEncode(token);
}

std::string Links::Frontend(std::string_view path) const {
  return options_.frontend_base_url + std::string(path);
}

}  // namespace clockko::auth
