#include "core/email.hpp"

#include <gtest/gtest.h>

#include <string>

namespace clockko {
namespace {

void ExpectInvalid(std::string_view text, std::string_view field = "email") {
  const Result<Email> email = Email::Parse(text, field);
  ASSERT_FALSE(email.has_value()) << "accepted: " << text;
  EXPECT_EQ(email.error().errc, Errc::kInvalidArgument);
  EXPECT_EQ(email.error().code, "validation_error");
  EXPECT_EQ(email.error().public_message, std::string(field) + ": not a valid email address");
}

TEST(EmailTest, AcceptsPlainAddress) {
  const Result<Email> email = Email::Parse("ann@example.com");
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->value(), "ann@example.com");
  EXPECT_EQ(email->lower(), "ann@example.com");
  EXPECT_EQ(email->local_part(), "ann");
}

TEST(EmailTest, TrimsLowerCasesDomainKeepsLocalPart) {
  const Result<Email> email = Email::Parse("  Ann.Lee@Example.COM \t\r\n");
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->value(), "Ann.Lee@example.com");
  EXPECT_EQ(email->lower(), "ann.lee@example.com");
  EXPECT_EQ(email->local_part(), "Ann.Lee");
}

TEST(EmailTest, EqualityIsCaseInsensitive) {
  EXPECT_EQ(*Email::Parse("Ann@Example.com"), *Email::Parse("ann@example.com"));
  EXPECT_FALSE(*Email::Parse("ann@example.com") == *Email::Parse("ann@example.org"));
}

TEST(EmailTest, AcceptsAllowedSpecialsAndSubdomains) {
  EXPECT_TRUE(Email::Parse("a!#$%&'*+-/=?^_`{|}~.b@example.com").has_value());
  EXPECT_TRUE(Email::Parse("first.last+tag@mail.sub.example.co.uk").has_value());
  EXPECT_TRUE(Email::Parse("x@a-b.c0").has_value());
  EXPECT_TRUE(Email::Parse("1@2.3").has_value());
}

TEST(EmailTest, LengthLimits) {
  const std::string local64(64, 'a');
  EXPECT_TRUE(Email::Parse(local64 + "@example.com").has_value());
  ExpectInvalid(local64 + "a@example.com");
  const std::string label63(63, 'b');
  EXPECT_TRUE(Email::Parse("ann@" + label63 + ".com").has_value());
  ExpectInvalid("ann@" + label63 + "b.com");
  // 64 + 1 + 189 = 254 characters is the maximum.
  const std::string domain189 =
      std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(61, 'c');
  EXPECT_TRUE(Email::Parse(local64 + "@" + domain189).has_value());
  ExpectInvalid(local64 + "@" + domain189 + "c");
}

TEST(EmailTest, RejectsStructuralErrors) {
  ExpectInvalid("");
  ExpectInvalid("   ");
  ExpectInvalid("ann");
  ExpectInvalid("ann@");
  ExpectInvalid("@example.com");
  ExpectInvalid("ann@@example.com");
  ExpectInvalid("ann@lee@example.com");
}

TEST(EmailTest, RejectsBadLocalParts) {
  ExpectInvalid("ann lee@example.com");
  ExpectInvalid(".ann@example.com");
  ExpectInvalid("ann.@example.com");
  ExpectInvalid("an..n@example.com");
  ExpectInvalid("\"ann\"@example.com");
  ExpectInvalid("ann(comment)@example.com");
  ExpectInvalid("j\xc3\xb6rg@example.com");  // non-ASCII local part
  ExpectInvalid("ann\x01@example.com");
}

TEST(EmailTest, RejectsBadDomains) {
  ExpectInvalid("ann@example");       // one label
  ExpectInvalid("ann@example.com.");  // empty last label
  ExpectInvalid("ann@.example.com");
  ExpectInvalid("ann@example..com");
  ExpectInvalid("ann@-example.com");
  ExpectInvalid("ann@example-.com");
  ExpectInvalid("ann@exa_mple.com");
  ExpectInvalid("ann@exa mple.com");
  ExpectInvalid(
      "ann@b\xc3\xbc"
      "cher.de");  // non-ASCII: no IDNA
  ExpectInvalid("ann@[192.0.2.1]");
  ExpectInvalid("ann@example.com\x7f");
}

TEST(EmailTest, ErrorNamesTheField) { ExpectInvalid("nope", "new_email"); }

}  // namespace
}  // namespace clockko
