#include "api/avatar_handler.hpp"

#include "core/encoding.hpp"

namespace clockko::api {

http::Response AvatarHandler::Get(const http::Request&, RequestContext& ctx) {
  const auto id = ctx.params.find("id");
  const auto hash = ctx.params.find("hash");
  if (id == ctx.params.end() || hash == ctx.params.end() || !IsCanonicalUuid(id->second)) {
    return ErrorResponse(clockko::Error{Errc::kNotFound, "not_found", "Not Found", ""},
                         ctx.request_id, errors_);
  }
  Result<store::AvatarRecord> avatar = profiles_.FindAvatar(id->second, hash->second);
  if (!avatar) {
    return ErrorResponse(avatar.error(), ctx.request_id, errors_);
  }
  http::Response res{boost::beast::http::status::ok, 11};
  res.set(boost::beast::http::field::content_type, avatar->content_type);
  res.set(boost::beast::http::field::cache_control, "public, max-age=31536000, immutable");
  res.set("Content-Security-Policy", "default-src 'none'");
  res.body() = std::move(avatar->data);
  res.prepare_payload();
  return res;
}

}  // namespace clockko::api
