#include "api/query_params.hpp"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace clockko::api {

std::optional<std::string> QueryParam(std::string_view query, std::string_view name) {
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) {
    return std::nullopt;
  }
  boost::urls::params_view params(*parsed);
  auto it = params.find(name);
  if (it == params.end()) {
    return std::nullopt;
  }
  return std::string((*it).value);
}

}  // namespace clockko::api
