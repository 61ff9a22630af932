#pragma once
// Success responses with a JSON body.
#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "http/application.hpp"

namespace clockko::api {

http::Response JsonResponse(boost::beast::http::status status, const boost::json::value& body);
http::Response EmptyResponse(boost::beast::http::status status);  // e.g. 204
// 303 See Other to `location` (the verify and delete-confirm links redirect to the frontend).
http::Response RedirectResponse(std::string_view location);

}  // namespace clockko::api
