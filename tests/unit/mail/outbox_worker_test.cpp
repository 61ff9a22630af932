#include "mail/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "fake_outbox_database.hpp"
#include "mail_test_support.hpp"

namespace clockko::mail {
namespace {

using testing::CountingRandom;
using testing::FakeOutboxDatabase;
using testing::SettableClock;

constexpr std::int64_t kT0 = 1796312820;

// Records every Send; answers from a script of results (success once the script is empty).
class FakeTransport final : public MailTransport {
 public:
  struct Sent {
    MailMessage msg;
    std::string mime;
  };

  Result<> Send(const MailMessage& msg, std::string_view mime) override {
    std::lock_guard lock(mu_);
    sent_.push_back({msg, std::string(mime)});
    cv_.notify_all();
    if (script_.empty()) {
      return {};
    }
    Result<> r = script_.front();
    script_.pop_front();
    return r;
  }

  void Script(Result<> r) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(r));
  }
  std::vector<Sent> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  // For the threaded test only: waits (bounded) until `n` sends happened.
  bool WaitForSends(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return sent_.size() >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Result<>> script_;
  std::vector<Sent> sent_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  OutboxWorkerOptions Options() {
    OutboxWorkerOptions o;
    o.from_address = "noreply@clockko.example";
    o.from_name = "ClockKo Team";
    o.batch = 20;
    o.max_age_seconds = 3600;
    o.base_backoff_seconds = 30;
    return o;
  }

  std::int64_t Enqueue(std::string recipient, std::optional<std::int64_t> expires_in = {},
                       std::int64_t created_ago = 0) {
    store::OutboxMail m;
    m.kind = "welcome";
    m.recipient = std::move(recipient);
    m.subject = "Welcome to ClockKo! Please verify your email";
    m.text_body = "Your code: 123456";
    m.html_body = "<p>Your code: <b>123456</b></p>";
    m.created_at = clock_.Now().PlusSeconds(-created_ago);
    m.next_attempt_at = clock_.Now();
    if (expires_in) {
      m.expires_at = clock_.Now().PlusSeconds(*expires_in);
    }
    std::int64_t id = 0;
    EXPECT_TRUE(db_.Run(store::TxMode::kWrite,
                        [&](store::Transaction& tx) -> Result<> {
                          Result<std::int64_t> r = tx.outbox().Enqueue(m);
                          if (!r) {
                            return Forward(r.error());
                          }
                          id = *r;
                          return {};
                        })
                    .has_value());
    return id;
  }

  static tl::unexpected<Error> Transient() {
    return Fail(Errc::kUnavailable, "smtp_connect_failed", "unavailable", "connection refused");
  }

  FakeOutboxDatabase db_;
  FakeTransport transport_;
  SettableClock clock_{kT0};
  CountingRandom random_;
};

TEST_F(OutboxWorkerTest, DeliversOnceAndRemovesTheRow) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("ann@example.com");

  EXPECT_EQ(worker.RunOnce(), 1u);
  ASSERT_EQ(transport_.sent().size(), 1u);
  const FakeTransport::Sent s = transport_.sent()[0];
  EXPECT_EQ(s.msg.to, "ann@example.com");
  EXPECT_EQ(s.msg.from_address, "noreply@clockko.example");
  const testing::ParsedMime p = testing::ParseMime(s.mime);
  EXPECT_EQ(p.headers.at("To"), "ann@example.com");
  EXPECT_EQ(p.headers.at("From"), "\"ClockKo Team\" <noreply@clockko.example>");
  EXPECT_EQ(p.headers.at("Subject"), "Welcome to ClockKo! Please verify your email");
  EXPECT_EQ(p.text_body, "Your code: 123456");
  EXPECT_EQ(p.html_body, "<p>Your code: <b>123456</b></p>");
  EXPECT_TRUE(db_.Rows().empty());
  EXPECT_FALSE(db_.read_tx_wrote);

  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_EQ(transport_.sent().size(), 1u);
}

TEST_F(OutboxWorkerTest, NothingIsSentTwiceAcrossPasses) {
  OutboxWorkerOptions o = Options();
  o.batch = 2;
  OutboxWorker worker(db_, transport_, clock_, random_, o);
  Enqueue("a@example.com");
  Enqueue("b@example.com");
  Enqueue("c@example.com");

  EXPECT_EQ(worker.RunOnce(), 2u);
  EXPECT_EQ(worker.RunOnce(), 1u);
  EXPECT_EQ(worker.RunOnce(), 0u);
  clock_.Advance(3600);
  EXPECT_EQ(worker.RunOnce(), 0u);
  std::vector<std::string> to;
  for (const auto& s : transport_.sent()) {
    to.push_back(s.msg.to);
  }
  EXPECT_EQ(to, (std::vector<std::string>{"a@example.com", "b@example.com", "c@example.com"}));
  const std::string id_a = testing::ParseMime(transport_.sent()[0].mime).headers.at("Message-ID");
  const std::string id_b = testing::ParseMime(transport_.sent()[1].mime).headers.at("Message-ID");
  EXPECT_NE(id_a, id_b);
}

TEST_F(OutboxWorkerTest, TransientFailureIsRescheduledWithGrowingBackoffThenDelivered) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  const std::int64_t id = Enqueue("ann@example.com");
  transport_.Script(Transient());
  transport_.Script(Transient());
  transport_.Script(Transient());

  EXPECT_EQ(worker.RunOnce(), 0u);
  auto row = db_.Rows().at(id);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, Timestamp::FromUnixSeconds(kT0 + 30));
  EXPECT_EQ(row.last_error, "smtp_connect_failed");  // the class, not the server's text

  EXPECT_EQ(worker.RunOnce(), 0u);  // not due yet: no second attempt
  EXPECT_EQ(transport_.sent().size(), 1u);

  clock_.Advance(30);
  EXPECT_EQ(worker.RunOnce(), 0u);
  row = db_.Rows().at(id);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(row.next_attempt_at, clock_.Now().PlusSeconds(60));

  clock_.Advance(60);
  EXPECT_EQ(worker.RunOnce(), 0u);
  row = db_.Rows().at(id);
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.next_attempt_at, clock_.Now().PlusSeconds(120));

  clock_.Advance(119);
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_EQ(transport_.sent().size(), 3u);
  clock_.Advance(1);
  EXPECT_EQ(worker.RunOnce(), 1u);
  EXPECT_EQ(transport_.sent().size(), 4u);
  EXPECT_TRUE(db_.Rows().empty());
}

TEST_F(OutboxWorkerTest, BackoffIsCappedAtFifteenMinutes) {
  OutboxWorkerOptions o = Options();
  o.max_age_seconds = 1'000'000;
  OutboxWorker worker(db_, transport_, clock_, random_, o);
  const std::int64_t id = Enqueue("ann@example.com");
  for (int i = 0; i < 40; ++i) {
    transport_.Script(Transient());
  }
  std::int64_t last_delay = 0;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(worker.RunOnce(), 0u);
    const auto row = db_.Rows().at(id);
    const std::int64_t delay = row.next_attempt_at.unix_seconds() - clock_.Now().unix_seconds();
    EXPECT_GE(delay, last_delay);
    EXPECT_LE(delay, 900);
    last_delay = delay;
    clock_.Advance(delay);
  }
  EXPECT_EQ(last_delay, 900);
}

TEST_F(OutboxWorkerTest, TransientFailureAfterMaxAgeAbandonsTheMail) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  const std::int64_t young = Enqueue("young@example.com", {}, 3600);  // exactly max age: retried
  Enqueue("old@example.com", {}, 3601);
  transport_.Script(Transient());
  transport_.Script(Transient());

  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_EQ(transport_.sent().size(), 2u);
  const auto rows = db_.Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.begin()->first, young);
  EXPECT_EQ(rows.begin()->second.attempts, 1);

  clock_.Advance(30);  // now the young one is too old as well
  transport_.Script(Transient());
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_TRUE(db_.Rows().empty());
  EXPECT_EQ(transport_.sent().size(), 3u);
}

TEST_F(OutboxWorkerTest, PermanentFailureRemovesWithoutRetry) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("ann@example.com");
  transport_.Script(Fail(Errc::kInvalidArgument, "smtp_rejected", "rejected", "550 no such user"));

  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_TRUE(db_.Rows().empty());
  clock_.Advance(3600);
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_EQ(transport_.sent().size(), 1u);
}

TEST_F(OutboxWorkerTest, UnrenderableMailIsRemovedWithoutSending) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("not an address");
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_TRUE(transport_.sent().empty());
  EXPECT_TRUE(db_.Rows().empty());
}

TEST_F(OutboxWorkerTest, ExpiredMailIsDroppedWithoutSending) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("expired@example.com", -1);
  Enqueue("edge@example.com", 0);  // expires exactly now: still sent
  Enqueue("later@example.com", 300);

  EXPECT_EQ(worker.RunOnce(), 2u);
  ASSERT_EQ(transport_.sent().size(), 2u);
  EXPECT_EQ(transport_.sent()[0].msg.to, "edge@example.com");
  EXPECT_EQ(transport_.sent()[1].msg.to, "later@example.com");
  EXPECT_TRUE(db_.Rows().empty());
}

TEST_F(OutboxWorkerTest, MailThatExpiresWhileWaitingForRetryIsDropped) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("ann@example.com", 20);
  transport_.Script(Transient());
  EXPECT_EQ(worker.RunOnce(), 0u);
  clock_.Advance(30);
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_EQ(transport_.sent().size(), 1u);
  EXPECT_TRUE(db_.Rows().empty());
}

TEST_F(OutboxWorkerTest, FailedRemoveAfterSendDoesNotResend) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("ann@example.com");
  db_.repo().fail_removes = 1;

  EXPECT_EQ(worker.RunOnce(), 1u);
  EXPECT_EQ(db_.Rows().size(), 1u);  // removal failed; row still there

  EXPECT_EQ(worker.RunOnce(), 0u);  // removal retried, no second send
  EXPECT_EQ(transport_.sent().size(), 1u);
  EXPECT_TRUE(db_.Rows().empty());
}

TEST_F(OutboxWorkerTest, RemoveFailingForAWhileStillSendsOnlyOnce) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("ann@example.com");
  db_.repo().fail_removes = 3;
  EXPECT_EQ(worker.RunOnce(), 1u);  // send ok, remove fails (1)
  EXPECT_EQ(worker.RunOnce(), 0u);  // remove fails (2), row skipped
  EXPECT_EQ(worker.RunOnce(), 0u);  // remove fails (3), row skipped
  EXPECT_EQ(db_.Rows().size(), 1u);
  EXPECT_EQ(worker.RunOnce(), 0u);  // remove succeeds
  EXPECT_TRUE(db_.Rows().empty());
  EXPECT_EQ(transport_.sent().size(), 1u);
}

TEST_F(OutboxWorkerTest, DatabaseFailureSendsNothing) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  Enqueue("ann@example.com");
  db_.repo().fail_due = true;
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_TRUE(transport_.sent().empty());
  db_.repo().fail_due = false;
  EXPECT_EQ(worker.RunOnce(), 1u);
}

TEST_F(OutboxWorkerTest, DueIsReadInAReadTransaction) {
  OutboxWorker worker(db_, transport_, clock_, random_, Options());
  const int writes_before = db_.write_txs;
  EXPECT_EQ(worker.RunOnce(), 0u);
  EXPECT_EQ(db_.read_txs, 1);
  EXPECT_EQ(db_.write_txs, writes_before);
}

TEST_F(OutboxWorkerTest, BackgroundThreadDeliversOnStartAndOnNotify) {
  OutboxWorkerOptions o = Options();
  o.poll_interval = std::chrono::hours(1);  // only Start and Notify can wake it in time
  OutboxWorker worker(db_, transport_, clock_, random_, o);
  Enqueue("first@example.com");
  worker.Start();
  worker.Start();  // no-op
  ASSERT_TRUE(transport_.WaitForSends(1));

  Enqueue("second@example.com");
  worker.Notify();
  ASSERT_TRUE(transport_.WaitForSends(2));

  worker.Stop();
  worker.Stop();  // idempotent
  EXPECT_EQ(transport_.sent().size(), 2u);
  EXPECT_EQ(transport_.sent()[1].msg.to, "second@example.com");
}

TEST_F(OutboxWorkerTest, StopWithoutStartAndDestructorAreSafe) {
  {
    OutboxWorker worker(db_, transport_, clock_, random_, Options());
    worker.Stop();
  }
  {
    OutboxWorker worker(db_, transport_, clock_, random_, Options());
    worker.Start();
  }  // destructor stops and joins
  SUCCEED();
}

}  // namespace
}  // namespace clockko::mail
