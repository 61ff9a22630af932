#include "api/json_response.hpp"

#include <boost/json/serialize.hpp>

namespace clockko::api {

http::Response JsonResponse(boost::beast::http::status status, const boost::json::value& body) {
  http::Response res{status, 11};
  res.set(boost::beast::http::field::content_type, "application/json");
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

http::Response EmptyResponse(boost::beast::http::status status) {
  http::Response res{status, 11};
  res.prepare_payload();
  return res;
}

http::Response RedirectResponse(std::string_view location) {
  http::Response res{boost::beast::http::status::see_other, 11};
  res.set(boost::beast::http::field::location, location);
  res.prepare_payload();
  return res;
}

}  // namespace clockko::api
