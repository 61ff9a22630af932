#include "auth/profile_service.hpp"

#include "auth/avatar_image.hpp"
#include "auth/current_user.hpp"
#include "auth/profile_rules.hpp"
#include "crypto/hmac.hpp"

namespace clockko::auth {

namespace {

// Length of the content hash in avatar URLs: 64 bits is plenty to tell one user's uploads apart.
constexpr std::size_t kAvatarHashHexChars = 16;

}  // namespace

ProfileService::ProfileService(store::Database& db, AuditLog& audit, const Clock& clock,
                               ProfileOptions options)
    : db_(db), audit_(audit), clock_(clock), options_(options) {}

Result<store::UserRecord> ProfileService::Update(const std::string& user_id,
                                                 const ProfileUpdate& update,
                                                 const RequestMeta& meta) {
  std::optional<std::string> name;
  if (update.name) {
    Result<std::string> n = NormalizeName(*update.name);
    if (!n) {
      return Forward(std::move(n.error()));
    }
    name = std::move(*n);
  }
  std::optional<std::string> phone;
  if (update.phone_number) {
    Result<std::string> p = NormalizePhone(*update.phone_number);
    if (!p) {
      return Forward(std::move(p.error()));
    }
    phone = std::move(*p);
  }
  std::optional<std::optional<std::string>> avatar;
  std::optional<store::AvatarRecord> upload;
  if (update.avatar_url) {
    if (!*update.avatar_url) {
      avatar.emplace(std::nullopt);
    } else if (IsDataUrl(**update.avatar_url)) {
      Result<AvatarImage> image =
          DecodeAvatarDataUrl(**update.avatar_url, options_.avatar_max_bytes);
      if (!image) {
        return Forward(std::move(image.error()));
      }
      upload.emplace();
      upload->user_id = user_id;
      upload->hash = crypto::Sha256Hex(image->bytes).substr(0, kAvatarHashHexChars);
      upload->content_type = std::move(image->content_type);
      upload->data = std::move(image->bytes);
      upload->created_at = clock_.Now();
      avatar.emplace("/api/users/" + user_id + "/avatar/" + upload->hash);
    } else {
      Result<std::string> a = ValidateAvatarLink(**update.avatar_url);
      if (!a) {
        return Forward(std::move(a.error()));
      }
      avatar.emplace(std::move(*a));
    }
  }

  return store::Transact<store::UserRecord>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<store::UserRecord> {
        Result<store::UserRecord> found = CurrentUser(tx, user_id);
        if (!found) {
          return Forward(std::move(found.error()));
        }
        store::UserRecord user = std::move(*found);
        if (name) {
          user.full_name = *name;
        }
        if (phone) {
          user.phone_number = phone->empty() ? std::nullopt : std::optional<std::string>(*phone);
        }
        if (avatar) {
          user.avatar_url = *avatar;
          // Only the current upload is kept; a link or null frees the stored picture.
          Result<> stored = upload ? tx.avatars().Put(*upload) : tx.avatars().Remove(user.id);
          if (!stored) {
            return Forward(std::move(stored.error()));
          }
        }
        user.updated_at = clock_.Now();
        if (Result<> r = tx.users().Update(user); !r) {
          return Forward(std::move(r.error()));
        }
        if (Result<> r = audit_.Record(tx, Severity::kInfo, "profile_updated", user.id, meta, "");
            !r) {
          return Forward(std::move(r.error()));
        }
        return user;
      });
}

Result<store::AvatarRecord> ProfileService::FindAvatar(const std::string& user_id,
                                                       const std::string& hash) {
  return store::Transact<store::AvatarRecord>(
      db_, store::TxMode::kRead, [&](store::Transaction& tx) -> Result<store::AvatarRecord> {
        Result<std::optional<store::AvatarRecord>> found = tx.avatars().Find(user_id, hash);
        if (!found) {
          return Forward(std::move(found.error()));
        }
        if (!*found) {
          return Fail(Errc::kNotFound, "not_found", "Not Found");
        }
        return std::move(**found);
      });
}

}  // namespace clockko::auth
