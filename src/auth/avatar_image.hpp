#pragma once
// Uploaded avatars arrive as data URLs (API.md §2.4):
// `data:image/(png|jpeg|webp|gif);base64,<data>`. DecodeAvatarDataUrl checks the media type, the
// size of the decoded bytes and that they start with that type's file signature (so a script or
// SVG can never be served as an image). Pure; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace clockko::auth {

struct AvatarImage {
  std::string content_type;  // "image/png", ...
  std::string bytes;
};

bool IsDataUrl(std::string_view value);

// Errors: kInvalidArgument "validation_error" `<field>: not an allowed URL` for anything but the
// four types with a valid base64 payload and signature; kInvalidArgument "payload_too_large"
// `Avatar image too large` when the decoded image is over `max_bytes`.
Result<AvatarImage> DecodeAvatarDataUrl(std::string_view value, std::size_t max_bytes,
                                        std::string_view field = "avatar_url");

}  // namespace clockko::auth
