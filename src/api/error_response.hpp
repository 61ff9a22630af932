#pragma once
// The only place that turns an Error into an HTTP status and body (API.md §1.2):
// {"detail": <public message>, "code": <code>, "message": <same text>}. 401s from token and login
// checks carry WWW-Authenticate: Bearer; 429s and 503s carry Retry-After. kInternal and
// kUnavailable details are logged under the request id, never sent.
#include <boost/beast/http/status.hpp>
#include <string>

#include "core/result.hpp"
#include "http/application.hpp"

namespace clockko::api {

struct ErrorRenderOptions {
  bool debug = false;  // development + DEBUG: add a "debug" string (never a secret)
};

boost::beast::http::status HttpStatusFor(const Error& error);

http::Response ErrorResponse(const Error& error, const std::string& request_id,
                             const ErrorRenderOptions& options = {});

}  // namespace clockko::api
