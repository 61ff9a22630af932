#include "mail/smtp_errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.hpp"

namespace clockko::mail {
namespace {

using ::clockko::testing::FailsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

struct Row {
  CURLcode rc;
  long reply;
  SmtpFailure kind;
  bool transient;
};

void PrintTo(const Row& r, std::ostream* os) {
  *os << "curl " << static_cast<int>(r.rc) << " reply " << r.reply;
}

class ClassifyTable : public ::testing::TestWithParam<Row> {};

TEST_P(ClassifyTable, KindAndTransience) {
  const Row& row = GetParam();
  const SmtpError e = ClassifyCurlResult(row.rc, row.reply);
  EXPECT_EQ(e.kind, row.kind);
  EXPECT_EQ(e.transient, row.transient);
  EXPECT_THAT(e.detail, StartsWith(std::string(SmtpFailureName(row.kind)) + ": "));
  EXPECT_THAT(e.detail, HasSubstr(row.transient ? "transient" : "permanent"));
}

using enum SmtpFailure;
INSTANTIATE_TEST_SUITE_P(
    Table, ClassifyTable,
    ::testing::Values(
        // Network trouble: retry.
        Row{CURLE_COULDNT_RESOLVE_HOST, 0, kConnection, true},
        Row{CURLE_COULDNT_CONNECT, 0, kConnection, true},
        Row{CURLE_OPERATION_TIMEDOUT, 0, kConnection, true},
        Row{CURLE_OPERATION_TIMEDOUT, 250, kConnection, true},
        Row{CURLE_SSL_CONNECT_ERROR, 220, kConnection, true},
        Row{CURLE_GOT_NOTHING, 0, kConnection, true}, Row{CURLE_RECV_ERROR, 0, kConnection, true},
        Row{CURLE_SEND_ERROR, 250, kConnection, true},  // dropped after an earlier 250
        Row{CURLE_WEIRD_SERVER_REPLY, 421, kConnection, true},
        // Configuration problems: permanent.
        Row{CURLE_PEER_FAILED_VERIFICATION, 220, kConnection, false},
        Row{CURLE_SSL_CACERT_BADFILE, 0, kConnection, false},
        Row{CURLE_USE_SSL_FAILED, 250, kConnection, false},  // no STARTTLS offered
        Row{CURLE_USE_SSL_FAILED, 454, kConnection, false},  // STARTTLS refused
        Row{CURLE_URL_MALFORMAT, 0, kConnection, false},
        // Authentication: transient (credentials may be rotated).
        Row{CURLE_LOGIN_DENIED, 535, kAuth, true},
        Row{CURLE_LOGIN_DENIED, 250, kAuth, true},  // no common mechanism
        Row{CURLE_AUTH_ERROR, 0, kAuth, true},
        Row{CURLE_SEND_ERROR, 530, kAuth, true},  // MAIL refused: authentication required
        Row{CURLE_SEND_ERROR, 534, kAuth, true}, Row{CURLE_SEND_ERROR, 454, kAuth, true},
        // The message: 4xx transient, 5xx permanent.
        Row{CURLE_SEND_ERROR, 451, kSend, true}, Row{CURLE_SEND_ERROR, 452, kSend, true},
        Row{CURLE_WEIRD_SERVER_REPLY, 451, kSend, true},  // after the final dot
        Row{CURLE_SEND_ERROR, 550, kSend, false}, Row{CURLE_SEND_ERROR, 553, kSend, false},
        Row{CURLE_WEIRD_SERVER_REPLY, 554, kSend, false},
        Row{CURLE_WEIRD_SERVER_REPLY, 552, kSend, false},
        Row{CURLE_REMOTE_ACCESS_DENIED, 550, kSend, false},
        // Odd cases.
        Row{CURLE_OK, 250, kSend, false}, Row{CURLE_OUT_OF_MEMORY, 0, kSend, true},
        Row{CURLE_BAD_FUNCTION_ARGUMENT, 0, kSend, false}));

TEST(SmtpErrorsTest, Names) {
  EXPECT_EQ(SmtpFailureName(SmtpFailure::kConnection), "SMTPConnectionError");
  EXPECT_EQ(SmtpFailureName(SmtpFailure::kAuth), "SMTPAuthError");
  EXPECT_EQ(SmtpFailureName(SmtpFailure::kSend), "EmailSendError");
}

TEST(SmtpErrorsTest, DetailNamesCurlCodeAndReply) {
  const SmtpError e = ClassifyCurlResult(CURLE_SEND_ERROR, 550);
  EXPECT_THAT(e.detail, HasSubstr("curl 55"));
  EXPECT_THAT(e.detail, HasSubstr("SMTP reply 550"));
  EXPECT_THAT(ClassifyCurlResult(CURLE_COULDNT_CONNECT, 0).detail, Not(HasSubstr("SMTP reply")));
}

TEST(SmtpErrorsTest, ToMailErrorMapsTransience) {
  const SmtpError transient{SmtpFailure::kAuth, true, "SMTPAuthError: x"};
  Result<> r = ToMailError(transient);
  EXPECT_THAT(r, FailsWith(Errc::kUnavailable));
  EXPECT_EQ(r.error().detail, "SMTPAuthError: x");
  const SmtpError permanent{SmtpFailure::kSend, false, "EmailSendError: y"};
  r = ToMailError(permanent);
  EXPECT_THAT(r, FailsWith(Errc::kFailedPrecondition));
  EXPECT_EQ(r.error().detail, "EmailSendError: y");
}

}  // namespace
}  // namespace clockko::mail
