#pragma once
// Success responses with a JSON body.
#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>

#include "http/application.hpp"

namespace clockko::api {

http::Response JsonResponse(boost::beast::http::status status, const boost::json::value& body);
http::Response EmptyResponse(boost::beast::http::status status);  // e.g. 204

}  // namespace clockko::api
