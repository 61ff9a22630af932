#include "auth/one_time_codes.hpp"

#include "core/encoding.hpp"
#include "core/text.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/hmac.hpp"

namespace clockko::auth {
namespace {

// Domain separation: the code key is derived from, never equal to, the JWT signing key.
constexpr std::string_view kCodeKeyLabel = "clockko one-time code hmac v1";
constexpr std::size_t kLinkTokenBytes = 32;  // 256 bits

}  // namespace

std::optional<std::string> NormalizeCode(std::string_view input) {
  const std::string_view code = TrimAscii(input);
  if (code.size() != 6) {
    return std::nullopt;
  }
  for (char c : code) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  return std::string(code);
}

OneTimeCodes::OneTimeCodes(const std::vector<std::string>& signing_keys, Random& random,
                           const Clock& clock, OneTimeCodeOptions options)
    : random_(random), clock_(clock), options_(options) {
  for (const std::string& key : signing_keys) {
    if (!key.empty()) {
      hmac_keys_.push_back(crypto::HmacSha256(key, kCodeKeyLabel));
    }
  }
}

std::string OneTimeCodes::CodeHmac(const std::string& key, std::string_view purpose,
                                   const std::string& user_id, std::string_view code) const {
  std::string message;
  message.append(purpose).append("|").append(user_id).append("|").append(code);
  return HexEncode(crypto::HmacSha256(key, message));
}

Result<std::string> OneTimeCodes::Issue(store::Transaction& tx, const std::string& user_id,
                                        std::string_view purpose, std::string_view target) {
  std::string code(6, '0');
  // One uniform draw in [0, 10^6) by rejection sampling: no modulo bias, leading zeros kept.
  std::uint32_t value = random_.Uniform(1000000);
  for (int i = 5; i >= 0; --i) {
    code[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  const Timestamp now = clock_.Now();
  store::OneTimeCode row;
  row.user_id = user_id;
  row.purpose = std::string(purpose);
  row.code_hmac = CodeHmac(hmac_keys_.front(), purpose, user_id, code);
  row.target = std::string(target);
  row.expires_at = now.PlusSeconds(static_cast<std::int64_t>(options_.expire_minutes) * 60);
  row.created_at = now;
  if (Result<> put = tx.one_time_codes().Put(row); !put) {
    return Forward(std::move(put.error()));
  }
  return code;
}

Result<CodeCheck> OneTimeCodes::Check(store::Transaction& tx, const std::string& user_id,
                                      std::string_view purpose, std::string_view input) {
  CodeCheck out;
  const std::string purpose_str(purpose);
  Result<std::optional<store::OneTimeCode>> found = tx.one_time_codes().Find(user_id, purpose_str);
  if (!found) {
    return Forward(std::move(found.error()));
  }
  if (!*found) {
    out.status = CodeStatus::kMissing;
    return out;
  }
  const store::OneTimeCode& pending = **found;
  out.target = pending.target;
  if (pending.attempts >= options_.max_attempts) {
    out.status = CodeStatus::kLocked;
    return out;
  }
  const std::optional<std::string> code = NormalizeCode(input);
  if (!code) {
    out.status = CodeStatus::kMalformed;
    return out;
  }
  // The code is compared first (API.md §6.3 lists "wrong code" before "expired").
  for (const std::string& key : hmac_keys_) {
    if (crypto::ConstantTimeEquals(CodeHmac(key, purpose, user_id, *code), pending.code_hmac)) {
      if (pending.expires_at <= clock_.Now()) {
        if (Result<> del = tx.one_time_codes().Delete(user_id, purpose_str); !del) {
          return Forward(std::move(del.error()));
        }
        out.status = CodeStatus::kExpired;
        return out;
      }
      out.status = CodeStatus::kValid;
      return out;
    }
  }
  Result<std::int32_t> attempts = tx.one_time_codes().RecordFailedAttempt(user_id, purpose_str);
  if (!attempts) {
    return Forward(std::move(attempts.error()));
  }
  if (*attempts >= options_.max_attempts) {
    out.status = CodeStatus::kNowVoid;
    return out;
  }
  out.status = CodeStatus::kWrong;
  return out;
}

Result<bool> OneTimeCodes::Consume(store::Transaction& tx, const std::string& user_id,
                                   std::string_view purpose, std::string_view input) {
  const std::optional<std::string> code = NormalizeCode(input);
  if (!code) {
    return false;
  }
  Result<std::optional<store::OneTimeCode>> found =
      tx.one_time_codes().Find(user_id, std::string(purpose));
  if (!found) {
    return Forward(std::move(found.error()));
  }
  if (!*found) {
    return false;
  }
  // Delete by the stored HMAC of whichever key matched (it may be a former key's).
  for (const std::string& key : hmac_keys_) {
    const std::string hmac = CodeHmac(key, purpose, user_id, *code);
    if (crypto::ConstantTimeEquals(hmac, (*found)->code_hmac)) {
      return tx.one_time_codes().Consume(user_id, std::string(purpose), hmac);
    }
  }
  return false;
}

Result<std::string> OneTimeCodes::IssueLink(store::Transaction& tx, const std::string& user_id,
                                            std::string_view purpose,
                                            std::int64_t lifetime_seconds) {
  std::string token = random_.Base64Url(kLinkTokenBytes);
  const Timestamp now = clock_.Now();
  store::LinkToken row;
  row.token_hash = crypto::Sha256Hex(token);
  row.user_id = user_id;
  row.purpose = std::string(purpose);
  row.expires_at = now.PlusSeconds(lifetime_seconds);
  row.created_at = now;
  if (Result<> put = tx.link_tokens().Put(row); !put) {
    return Forward(std::move(put.error()));
  }
  return token;
}

Result<std::optional<store::LinkToken>> OneTimeCodes::FindLink(store::Transaction& tx,
                                                               std::string_view token,
                                                               std::string_view purpose) {
  // A well-formed token is 43 base64url characters; anything else cannot have been issued.
  if (token.size() != 43 || !Base64UrlDecode(token)) {
    return std::optional<store::LinkToken>();
  }
  Result<std::optional<store::LinkToken>> found =
      tx.link_tokens().FindByHash(crypto::Sha256Hex(token));
  if (!found) {
    return found;
  }
  if (*found && (*found)->purpose != purpose) {
    return std::optional<store::LinkToken>();
  }
  return found;
}

Result<bool> OneTimeCodes::ConsumeLink(store::Transaction& tx, std::string_view token) {
  return tx.link_tokens().Consume(crypto::Sha256Hex(token));
}

}  // namespace clockko::auth
