#include "api/user_dto.hpp"

#include <boost/json/array.hpp>

namespace clockko::api {
namespace {

boost::json::value OptionalString(const std::optional<std::string>& value) {
  if (!value) {
    return nullptr;
  }
  return boost::json::string(*value);
}

}  // namespace

boost::json::object UserResponse(const store::UserRecord& user) {
  // `name` is the full name, else the username, else the e-mail (API.md §2).
  const std::string& name = !user.full_name.empty()  ? user.full_name
                            : !user.username.empty() ? user.username
                                                     : user.email;
  const bool has_password = user.password_hash && !user.password_hash->empty();
  boost::json::array providers;
  if (has_password) {
    providers.emplace_back("password");
  }
  boost::json::object out;
  out["id"] = user.id;
  out["name"] = name;
  out["email"] = user.email;
  out["phone_number"] = OptionalString(user.phone_number);
  out["avatar_url"] = OptionalString(user.avatar_url);
  out["created_at"] = user.created_at.ToIso8601();
  out["is_verified"] = user.is_verified;
  out["is_active"] = user.is_active;
  out["otp_verified"] = user.otp_verified;
  out["onboarding_completed"] = user.onboarding_completed;
  out["two_factor_enabled"] = user.two_factor_enabled;
  out["has_password"] = has_password;
  out["auth_providers"] = std::move(providers);
  return out;
}

}  // namespace clockko::api
