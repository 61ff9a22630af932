#pragma once
// RequestMeta: what a domain service may know about the request that called it — for audit
// events and (later) rate-limit keys. Built by api/ from the RequestContext.
#include <string>

namespace clockko::auth {

struct RequestMeta {
  std::string client_ip;
  std::string request_id;
};

}  // namespace clockko::auth
