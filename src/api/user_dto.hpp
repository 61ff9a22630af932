#pragma once
// The UserResponse object of API.md §2, rendered from a stored user row.
#include <boost/json/object.hpp>

#include "store/user_repository.hpp"

namespace clockko::api {

boost::json::object UserResponse(const store::UserRecord& user);

}  // namespace clockko::api
