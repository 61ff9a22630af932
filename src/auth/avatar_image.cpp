#include "auth/avatar_image.hpp"

#include "core/encoding.hpp"

namespace clockko::auth {
namespace {

struct ImageType {
  std::string_view subtype;
  std::string_view content_type;
};

constexpr ImageType kTypes[] = {
    {"png", "image/png"}, {"jpeg", "image/jpeg"}, {"webp", "image/webp"}, {"gif", "image/gif"}};

bool HasSignature(std::string_view content_type, std::string_view bytes) {
  const auto starts = [&](std::string_view sig) { return bytes.substr(0, sig.size()) == sig; };
  if (content_type == "image/png") {
    return starts(std::string_view("\x89PNG\r\n\x1a\n", 8));
  }
  if (content_type == "image/jpeg") {
    return starts("\xFF\xD8\xFF");
  }
  if (content_type == "image/gif") {
    return starts("GIF87a") || starts("GIF89a");
  }
  if (content_type == "image/webp") {
    return bytes.size() >= 12 && starts("RIFF") && bytes.substr(8, 4) == "WEBP";
  }
  return false;
}

}  // namespace

bool IsDataUrl(std::string_view value) { return value.substr(0, 5) == "data:"; }

Result<AvatarImage> DecodeAvatarDataUrl(std::string_view value, std::size_t max_bytes,
                                        std::string_view field) {
  const auto not_allowed = [&] {
    return Fail(Errc::kInvalidArgument, "validation_error",
                std::string(field) + ": not an allowed URL");
  };
  constexpr std::string_view kPrefix = "data:image/";
  constexpr std::string_view kBase64 = ";base64,";
  if (value.substr(0, kPrefix.size()) != kPrefix) {
    return not_allowed();
  }
  const std::string_view rest = value.substr(kPrefix.size());
  const auto marker = rest.find(kBase64);
  if (marker == std::string_view::npos) {
    return not_allowed();
  }
  const std::string_view subtype = rest.substr(0, marker);
  std::string_view content_type;
  for (const ImageType& t : kTypes) {
    if (t.subtype == subtype) {
      content_type = t.content_type;
    }
  }
  if (content_type.empty()) {
    return not_allowed();
  }
  const std::string_view payload = rest.substr(marker + kBase64.size());
  // Cheap size check before decoding: 4 base64 characters carry 3 bytes.
  if (payload.size() / 4 * 3 > max_bytes + 3) {
    return Fail(Errc::kInvalidArgument, "payload_too_large", "Avatar image too large");
  }
  std::optional<std::string> bytes = Base64Decode(payload);
  if (!bytes || bytes->empty()) {
    return not_allowed();
  }
  if (bytes->size() > max_bytes) {
    return Fail(Errc::kInvalidArgument, "payload_too_large", "Avatar image too large");
  }
  if (!HasSignature(content_type, *bytes)) {
    return not_allowed();
  }
  return AvatarImage{std::string(content_type), std::move(*bytes)};
}

}  // namespace clockko::auth
