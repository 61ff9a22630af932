#include "mail/smtp_transport.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "mail/smtp_probe.hpp"
#include "support/result_matchers.hpp"
#include "unit/mail/fake_smtp_server.hpp"

namespace clockko::mail {
namespace {

using ::clockko::mail::testing::FakeSmtpScript;
using ::clockko::mail::testing::FakeSmtpServer;
using ::clockko::testing::FailsWith;
using ::clockko::testing::Succeeds;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

MailMessage Envelope() {
  MailMessage m;
  m.from_address = "noreply@clockko.test";
  m.to = "ann@example.com";
  return m;
}

// A plaintext session to the fake server (SMTP_SECURITY=none on loopback, no credentials).
SmtpTransportOptions PlainTo(std::uint16_t port) {
  SmtpTransportOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.security = SmtpSecurity::kNone;
  o.timeout_seconds = 2;
  return o;
}

// A port that nothing listens on: bind, read the port, close.
std::uint16_t ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

const std::string kMime =
    "From: noreply@clockko.test\r\nTo: ann@example.com\r\nSubject: dots\r\n\r\n"
    "first\r\n.\r\n..two dots\r\n.leading dot\r\nlast line\r\n";

// ---- options ---------------------------------------------------------------------------------

TEST(SmtpOptionsTest, ValidOptionsPass) {
  SmtpTransportOptions o;
  o.host = "mail.example.com";
  o.username = "mailer";
  o.password = "pw";
  EXPECT_THAT(ValidateSmtpOptions(o), Succeeds());
  o.host = "::1";
  EXPECT_THAT(ValidateSmtpOptions(o), Succeeds());
  EXPECT_THAT(ValidateSmtpOptions(PlainTo(25)), Succeeds());
}

TEST(SmtpOptionsTest, BadOptionsAreRefused) {
  auto refused = [](auto mutate) {
    SmtpTransportOptions o;
    o.host = "mail.example.com";
    mutate(o);
    Result<> r = ValidateSmtpOptions(o);
    EXPECT_THAT(r, FailsWith(Errc::kInvalidArgument));
    if (!r) {
      EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
    }
  };
  refused([](SmtpTransportOptions& o) { o.host = ""; });
  refused([](SmtpTransportOptions& o) { o.host = "mail.example.com/path"; });
  refused([](SmtpTransportOptions& o) { o.host = "user@mail.example.com"; });
  refused([](SmtpTransportOptions& o) { o.host = "mail.example.com\r\nRCPT"; });
  refused([](SmtpTransportOptions& o) { o.port = 0; });
  refused([](SmtpTransportOptions& o) { o.timeout_seconds = 0; });
  refused([](SmtpTransportOptions& o) { o.timeout_seconds = 301; });
  refused([](SmtpTransportOptions& o) { o.password = "pw"; });
  refused([](SmtpTransportOptions& o) {  // credentials are never sent without TLS
    o.security = SmtpSecurity::kNone;
    o.username = "mailer";
    o.password = "pw";
  });
}

TEST(SmtpOptionsTest, Url) {
  SmtpTransportOptions o;
  o.host = "mail.example.com";
  o.port = 587;
  EXPECT_EQ(SmtpUrl(o), "smtp://mail.example.com:587");
  o.security = SmtpSecurity::kTls;
  o.port = 465;
  EXPECT_EQ(SmtpUrl(o), "smtps://mail.example.com:465");
  o.host = "::1";
  EXPECT_EQ(SmtpUrl(o), "smtps://[::1]:465");
}

TEST(SmtpOptionsTest, FromSettings) {
  config::SmtpSettings s;
  s.host = "mail.example.com";
  s.port = 2525;
  s.user = Secret("mailer");
  s.password = Secret("pw");
  s.security = SmtpSecurity::kTls;
  s.ca_file = "/etc/ca.pem";
  s.timeout_seconds = 7;
  const SmtpTransportOptions o = SmtpOptionsFromSettings(s);
  EXPECT_EQ(o.host, "mail.example.com");
  EXPECT_EQ(o.port, 2525);
  EXPECT_EQ(o.username, "mailer");
  EXPECT_EQ(o.password, "pw");
  EXPECT_EQ(o.security, SmtpSecurity::kTls);
  EXPECT_EQ(o.ca_file, "/etc/ca.pem");
  EXPECT_EQ(o.timeout_seconds, 7);
}

TEST(SmtpOptionsTest, SafeCurlErrorTextMasksPasswordAndTruncates) {
  EXPECT_EQ(SafeCurlErrorText("denied for s3cret and s3cret", "s3cret"), "denied for *** and ***");
  EXPECT_EQ(SafeCurlErrorText("plain", ""), "plain");
  EXPECT_EQ(SafeCurlErrorText(std::string(500, 'x').c_str(), "pw").size(), 200u);
}

// ---- delivery --------------------------------------------------------------------------------

TEST(SmtpTransportTest, DeliversEnvelopeAndExactMessage) {
  FakeSmtpServer server;
  SmtpTransport transport(PlainTo(server.port()));
  ASSERT_THAT(transport.Send(Envelope(), kMime), Succeeds());
  EXPECT_THAT(server.messages(), ElementsAre(kMime));
  const auto commands = server.commands();
  EXPECT_THAT(commands, Contains(StartsWith("MAIL FROM:<noreply@clockko.test>")));
  EXPECT_THAT(commands, Contains("RCPT TO:<ann@example.com>"));
  EXPECT_THAT(commands, Not(Contains(StartsWith("AUTH"))));
}

TEST(SmtpTransportTest, LoneDotLineIsStuffedAndDoesNotEndTheMessage) {
  FakeSmtpServer server;
  SmtpTransport transport(PlainTo(server.port()));
  ASSERT_THAT(transport.Send(Envelope(), kMime), Succeeds());
  const std::string wire = server.wire();
  EXPECT_THAT(wire, HasSubstr("\r\nfirst\r\n..\r\n...two dots\r\n..leading dot\r\nlast line\r\n"));
  // The only end-of-data marker is the one after the last line.
  EXPECT_EQ(wire.find("\r\n.\r\n"), wire.find("last line\r\n.\r\n") + 9);
  ASSERT_EQ(server.messages().size(), 1u);
  EXPECT_THAT(server.messages()[0], HasSubstr("last line"));
  // Nothing after the dot line was read as a command.
  EXPECT_THAT(server.commands(), Not(Contains(StartsWith(".."))));
}

TEST(SmtpTransportTest, RecipientRejected550IsPermanentEmailSendError) {
  FakeSmtpScript script;
  script.rcpt_reply = "550 5.1.1 No such user";
  FakeSmtpServer server(script);
  Result<> r = SmtpTransport(PlainTo(server.port())).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kFailedPrecondition));
  EXPECT_THAT(r.error().detail, StartsWith("EmailSendError: "));
  EXPECT_THAT(server.messages(), IsEmpty());
}

TEST(SmtpTransportTest, Deferred451IsTransientEmailSendError) {
  FakeSmtpScript script;
  script.data_final_reply = "451 4.3.0 Try later";
  FakeSmtpServer server(script);
  Result<> r = SmtpTransport(PlainTo(server.port())).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kUnavailable));
  EXPECT_THAT(r.error().detail, StartsWith("EmailSendError: "));
}

TEST(SmtpTransportTest, AuthenticationRequiredIsSmtpAuthError) {
  FakeSmtpScript script;
  script.mail_reply = "530 5.7.0 Authentication required";
  FakeSmtpServer server(script);
  Result<> r = SmtpTransport(PlainTo(server.port())).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kUnavailable));
  EXPECT_THAT(r.error().detail, StartsWith("SMTPAuthError: "));
}

TEST(SmtpTransportTest, UnreachableServerIsTransientConnectionError) {
  const auto start = std::chrono::steady_clock::now();
  Result<> r = SmtpTransport(PlainTo(ClosedPort())).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kUnavailable));
  EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(SmtpTransportTest, SilentServerTimesOut) {
  FakeSmtpScript script;
  script.greet = false;
  FakeSmtpServer server(script);
  SmtpTransportOptions o = PlainTo(server.port());
  o.timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  Result<> r = SmtpTransport(o).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kUnavailable));
  EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST(SmtpTransportTest, StartTlsRequiredButNotOfferedNeverSendsAuth) {
  FakeSmtpScript script;
  script.ehlo_extra = "250-AUTH PLAIN LOGIN\r\n";  // tempting: AUTH offered over plaintext
  FakeSmtpServer server(script);
  SmtpTransportOptions o = PlainTo(server.port());
  o.security = SmtpSecurity::kStartTls;
  o.username = "mailer";
  o.password = "s3cret-password";
  Result<> r = SmtpTransport(o).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kFailedPrecondition));
  EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
  EXPECT_THAT(r.error().detail, Not(HasSubstr("s3cret-password")));
  EXPECT_THAT(server.commands(), Not(Contains(StartsWith("AUTH"))));
  EXPECT_THAT(server.commands(), Not(Contains(StartsWith("MAIL"))));
  EXPECT_THAT(server.wire(), Not(HasSubstr("s3cret")));
}

TEST(SmtpTransportTest, StartTlsRefusedNeverFallsBackToPlaintext) {
  FakeSmtpScript script;
  script.ehlo_extra = "250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n";
  script.starttls_reply = "454 4.7.0 TLS not available";
  FakeSmtpServer server(script);
  SmtpTransportOptions o = PlainTo(server.port());
  o.security = SmtpSecurity::kStartTls;
  o.username = "mailer";
  o.password = "s3cret-password";
  Result<> r = SmtpTransport(o).Send(Envelope(), kMime);
  ASSERT_THAT(r, FailsWith(Errc::kFailedPrecondition));
  EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
  EXPECT_THAT(server.commands(), Contains("STARTTLS"));
  EXPECT_THAT(server.commands(), Not(Contains(StartsWith("AUTH"))));
  EXPECT_THAT(server.commands(), Not(Contains(StartsWith("MAIL"))));
}

TEST(SmtpTransportTest, InvalidOptionsFailEverySendWithoutConnecting) {
  FakeSmtpServer server;
  SmtpTransportOptions o = PlainTo(server.port());
  o.username = "mailer";  // with SMTP_SECURITY=none
  Result<> r = SmtpTransport(o).Send(Envelope(), kMime);
  EXPECT_THAT(r, FailsWith(Errc::kInvalidArgument));
  EXPECT_EQ(server.connections(), 0);
}

TEST(SmtpTransportTest, EnvelopeAddressWithLineBreakIsRefusedBeforeConnecting) {
  FakeSmtpServer server;
  SmtpTransport transport(PlainTo(server.port()));
  MailMessage m = Envelope();
  m.to = "ann@example.com>\r\nRCPT TO:<evil@example.com";
  EXPECT_THAT(transport.Send(m, kMime), FailsWith(Errc::kInvalidArgument));
  m = Envelope();
  m.from_address = "a b@example.com";
  EXPECT_THAT(transport.Send(m, kMime), FailsWith(Errc::kInvalidArgument));
  EXPECT_EQ(server.connections(), 0);
}

// ---- probe -----------------------------------------------------------------------------------

TEST(SmtpProbeTest, ConnectsAndSendsNoopWithoutMail) {
  FakeSmtpServer server;
  ASSERT_THAT(ProbeSmtp(PlainTo(server.port())), Succeeds());
  EXPECT_THAT(server.commands(), Contains("NOOP"));
  EXPECT_THAT(server.commands(), Not(Contains(StartsWith("MAIL"))));
  EXPECT_THAT(server.messages(), IsEmpty());
}

TEST(SmtpProbeTest, ReportsConnectionError) {
  Result<> r = ProbeSmtp(PlainTo(ClosedPort()));
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
}

TEST(SmtpProbeTest, ReportsMissingStartTls) {
  FakeSmtpServer server;
  SmtpTransportOptions o = PlainTo(server.port());
  o.security = SmtpSecurity::kStartTls;
  Result<> r = ProbeSmtp(o);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().detail, StartsWith("SMTPConnectionError: "));
  EXPECT_THAT(server.commands(), Not(Contains("NOOP")));
}

TEST(SmtpProbeTest, RefusesInvalidOptions) {
  SmtpTransportOptions o = PlainTo(25);
  o.host = "";
  EXPECT_THAT(ProbeSmtp(o), FailsWith(Errc::kInvalidArgument));
}

}  // namespace
}  // namespace clockko::mail
