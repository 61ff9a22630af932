#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace clockko::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

// Answers "<METHOD> <target> <body> from <peer>"; /throw throws; /block waits until released.
class TestApp : public Application {
 public:
  // Targets under /slow/ run on the slow lane.
  Lane LaneFor(const RequestHeader& header) const override {
    return header.target().starts_with("/slow/") ? Lane::kSlow : Lane::kDefault;
  }

  std::size_t BodyLimit(const RequestHeader&) const override {
    std::lock_guard lock(mu_);
    io_threads_.insert(std::this_thread::get_id());
    return 64;
  }

  Response Handle(Request& req, const ConnectionInfo& conn) override {
    {
      std::lock_guard lock(mu_);
      handle_threads_.insert(std::this_thread::get_id());
      ++handled_;
    }
    if (req.target() == "/throw") {
      throw std::runtime_error("handler bug");
    }
    if (req.target() == "/block" || req.target() == "/slow/block") {
      std::unique_lock lock(mu_);
      ++blocked_;
      cv_.notify_all();
      cv_.wait(lock, [this] { return released_; });
    }
    Response res{bhttp::status::ok, 11};
    res.body() = std::string(req.method_string()) + " " + std::string(req.target()) + " " +
                 req.body() + " from " + conn.peer_ip;
    return res;
  }

  Response Reject(Rejection why, const RequestHeader&, const ConnectionInfo&) override {
    std::lock_guard lock(mu_);
    io_threads_.insert(std::this_thread::get_id());
    Response res;
    switch (why) {
      case Rejection::kBadRequest:
        res.result(bhttp::status::bad_request);
        break;
      case Rejection::kBodyTooLarge:
        res.result(bhttp::status::payload_too_large);
        break;
      case Rejection::kHeadersTooLarge:
        res.result(431);
        break;
      case Rejection::kServerBusy:
        res.result(bhttp::status::service_unavailable);
        res.set(bhttp::field::retry_after, "1");
        break;
      case Rejection::kShuttingDown:
        res.result(bhttp::status::service_unavailable);
        break;
    }
    res.body() = "rejected";
    return res;
  }

  Response InternalError(const RequestHeader&, const ConnectionInfo&) override {
    Response res{bhttp::status::internal_server_error, 11};
    res.body() = "oops";
    return res;
  }

  void WaitBlocked(int n) {
    std::unique_lock lock(mu_);
    ASSERT_TRUE(cv_.wait_for(lock, 3s, [&] { return blocked_ >= n; }));
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  int handled() const {
    std::lock_guard lock(mu_);
    return handled_;
  }
  bool HandleRanOnIoThread() const {
    std::lock_guard lock(mu_);
    for (auto id : handle_threads_) {
      if (io_threads_.count(id) != 0) {
        return true;
      }
    }
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int blocked_ = 0;
  int handled_ = 0;
  bool released_ = false;
  mutable std::set<std::thread::id> io_threads_;
  std::set<std::thread::id> handle_threads_;
};

// A blocking-style test client built on async ops with deadlines, so no test can hang.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(ioc_) {
    stream_.socket().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  void Send(std::string_view data) { asio::write(stream_.socket(), asio::buffer(data)); }

  std::optional<bhttp::response<bhttp::string_body>> Read(std::chrono::seconds timeout = 3s) {
    bhttp::response_parser<bhttp::string_body> parser;
    error_code result;
    stream_.expires_after(timeout);
    bhttp::async_read(stream_, buffer_, parser,
                      [&](const error_code& ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    if (result) {
      return std::nullopt;
    }
    return parser.release();
  }

  // Waits for the server to close the connection; returns the read error (eof / reset) or
  // beast::error::timeout when it stayed open, or success if data arrived instead.
  error_code WaitClosed(std::chrono::seconds timeout = 3s) {
    error_code result;
    std::array<char, 512> sink;
    stream_.expires_after(timeout);
    stream_.async_read_some(asio::buffer(sink),
                            [&](const error_code& ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  beast::tcp_stream& stream() { return stream_; }
  asio::io_context& ioc() { return ioc_; }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

bool IsClosed(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerOptions Options() {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 2;
    o.queue_per_worker = 4;
    o.max_header_bytes = 1024;
    o.read_timeout = 1s;
    o.idle_timeout = 10s;
    o.max_connections = 16;
    o.shutdown_timeout = 2s;
    o.handle_signals = false;
    return o;
  }

  void StartServer(ServerOptions o) {
    server_ = std::make_unique<Server>(std::move(o), app_);
    port_ = server_->Start();
    ASSERT_NE(port_, 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (server_) {
      app_.Release();
      server_->Shutdown();
      if (thread_.joinable()) {
        thread_.join();
      }
    }
  }

  void TearDown() override { StopServer(); }

  TestApp app_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

constexpr const char* kGetHello = "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n";

TEST_F(ServerTest, SimpleGetWithKeepAlive) {
  StartServer(Options());
  Client c(port_);
  c.Send(kGetHello);
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_EQ(res->body(), "GET /hello  from 127.0.0.1");
  EXPECT_TRUE(res->keep_alive());
  EXPECT_EQ((*res)[bhttp::field::content_length], std::to_string(res->body().size()));
  c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
  res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "POST /echo hello from 127.0.0.1");
  EXPECT_FALSE(app_.HandleRanOnIoThread());
}

TEST_F(ServerTest, ContentLengthOverLimitIs413BeforeBody) {
  StartServer(Options());
  Client c(port_);
  c.Send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\n");
  auto res = c.Read();
  ASSERT_TRUE(res) << "the 413 must come without the body being sent";
  EXPECT_EQ(res->result_int(), 413);
  EXPECT_FALSE(res->keep_alive());
  EXPECT_TRUE(IsClosed(c.WaitClosed()));
  EXPECT_EQ(app_.handled(), 0);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  StartServer(Options());
  Client c(port_);
  std::string chunk(100, 'x');
  c.Send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + chunk +
         "\r\n0\r\n\r\n");
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 413);
  EXPECT_EQ(app_.handled(), 0);
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  StartServer(Options());
  Client c(port_);
  c.Send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 431);
  EXPECT_TRUE(IsClosed(c.WaitClosed()));
}

TEST_F(ServerTest, MalformedRequestLineIs400) {
  StartServer(Options());
  Client c(port_);
  c.Send("THIS IS NOT HTTP\r\n\r\n");
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 400);
  EXPECT_FALSE(res->keep_alive());
  EXPECT_TRUE(IsClosed(c.WaitClosed()));
}

TEST_F(ServerTest, SlowHeadersAreCutOffAfterReadTimeout) {
  StartServer(Options());  // read_timeout 1 s, idle_timeout 10 s
  Client c(port_);
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration closed_after{};
  error_code read_ec;
  asio::steady_timer timer(c.ioc());
  // Trickle one header byte every 200 ms: each read makes progress, so only a whole-request
  // deadline can stop it.
  asio::co_spawn(
      c.ioc(),
      [&]() -> asio::awaitable<void> {
        constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
        const std::string head = "GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for (char ch : head) {
          auto [w_ec, n] =
              co_await asio::async_write(c.stream().socket(), asio::buffer(&ch, 1), kTuple);
          if (w_ec) {
            co_return;
          }
          timer.expires_after(200ms);
          co_await timer.async_wait(kTuple);
        }
      },
      asio::detached);
  std::array<char, 64> sink;
  c.stream().socket().async_read_some(asio::buffer(sink), [&](const error_code& ec, std::size_t) {
    read_ec = ec;
    closed_after = std::chrono::steady_clock::now() - start;
    timer.cancel();
    c.stream().socket().close();
  });
  c.ioc().run_for(3s);
  EXPECT_TRUE(IsClosed(read_ec)) << read_ec.message();
  EXPECT_GE(closed_after, 900ms);
  EXPECT_LT(closed_after, 2500ms);
  EXPECT_EQ(app_.handled(), 0);
}

TEST_F(ServerTest, PipelinedRequestsAnsweredInOrder) {
  StartServer(Options());
  Client c(port_);
  c.Send(
      "GET /first HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi"
      "GET /third HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto a = c.Read();
  auto b = c.Read();
  auto d = c.Read();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->body(), "GET /first  from 127.0.0.1");
  EXPECT_EQ(b->body(), "POST /second hi from 127.0.0.1");
  EXPECT_EQ(d->body(), "GET /third  from 127.0.0.1");
  EXPECT_TRUE(a->keep_alive());
  EXPECT_FALSE(d->keep_alive());
  EXPECT_TRUE(IsClosed(c.WaitClosed()));
}

TEST_F(ServerTest, Http10ClosesAfterResponse) {
  StartServer(Options());
  Client c(port_);
  c.Send("GET /old HTTP/1.0\r\n\r\n");
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->version(), 10);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_TRUE(IsClosed(c.WaitClosed()));
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  StartServer(Options());
  Client c(port_);
  c.Send("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 500);
  EXPECT_EQ(res->body(), "oops");
  c.Send(kGetHello);  // the connection survives
  res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
}

TEST_F(ServerTest, FullWorkerQueueGives503AndKeepsConnection) {
  ServerOptions o = Options();
  o.worker_threads = 1;
  o.queue_per_worker = 0;
  StartServer(o);
  Client blocker(port_);
  blocker.Send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n");
  app_.WaitBlocked(1);

  Client c(port_);
  c.Send(kGetHello);
  auto busy = c.Read();
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->result_int(), 503);
  EXPECT_EQ((*busy)[bhttp::field::retry_after], "1");
  EXPECT_TRUE(busy->keep_alive());

  app_.Release();
  auto blocked = blocker.Read();
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->result_int(), 200);
  // The worker frees its slot just after posting the blocker's response, so the very next
  // request can still meet a full pool for a moment: retry briefly.
  std::optional<bhttp::response<bhttp::string_body>> ok;
  for (int attempt = 0; attempt < 50; ++attempt) {
    c.Send(kGetHello);
    ok = c.Read();
    ASSERT_TRUE(ok);
    if (ok->result_int() != 503) {
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(ok->result_int(), 200);
  EXPECT_EQ(app_.handled(), 2);  // refused requests never reached Handle()
}

TEST_F(ServerTest, AFullSlowLaneDoesNotDelayTheDefaultLane) {
  ServerOptions o = Options();
  o.worker_threads = 1;
  o.slow_worker_threads = 1;
  o.queue_per_worker = 0;
  StartServer(o);
  Client blocker(port_);
  blocker.Send("GET /slow/block HTTP/1.1\r\nHost: t\r\n\r\n");
  app_.WaitBlocked(1);

  Client c(port_);
  c.Send(kGetHello);  // default lane: free
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  c.Send("GET /slow/other HTTP/1.1\r\nHost: t\r\n\r\n");  // slow lane: full
  auto busy = c.Read();
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->result_int(), 503);
  app_.Release();
  auto unblocked = blocker.Read();
  ASSERT_TRUE(unblocked);
  EXPECT_EQ(unblocked->result_int(), 200);
}

TEST_F(ServerTest, AmbiguousFramingIs400) {
  StartServer(Options());
  for (const char* request :
       {"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
        "\r\n0\r\n\r\n",
        "GET /hello HTTP/1.1\r\n\r\n"}) {  // HTTP/1.1 without Host
    SCOPED_TRACE(request);
    Client c(port_);
    c.Send(request);
    auto res = c.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 400);
  }
  EXPECT_EQ(app_.handled(), 0);
}

TEST_F(ServerTest, ManySmallHeaderFieldsOverTheLimitAre431) {
  StartServer(Options());  // max_header_bytes = 1024
  std::string request = "GET /hello HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < 40; ++i) {
    request += "X-" + std::to_string(i) + ": " + std::string(40, 'a') + "\r\n";
  }
  request += "\r\n";
  Client c(port_);
  c.Send(request);
  auto res = c.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 431);
  EXPECT_EQ(app_.handled(), 0);
}

TEST_F(ServerTest, MaxConnectionsClosesExtraSockets) {
  ServerOptions o = Options();
  o.max_connections = 1;
  StartServer(o);
  Client first(port_);
  first.Send(kGetHello);
  ASSERT_TRUE(first.Read());
  Client second(port_);
  EXPECT_TRUE(IsClosed(second.WaitClosed()));
  first.Send(kGetHello);
  ASSERT_TRUE(first.Read());
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequest) {
  StartServer(Options());
  Client idle(port_);
  idle.Send(kGetHello);
  ASSERT_TRUE(idle.Read());
  Client busy(port_);
  busy.Send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n");
  app_.WaitBlocked(1);

  server_->Shutdown();
  EXPECT_TRUE(IsClosed(idle.WaitClosed())) << "idle keep-alive connections close at once";
  app_.Release();
  auto res = busy.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_FALSE(res->keep_alive());
  EXPECT_TRUE(IsClosed(busy.WaitClosed()));
  thread_.join();  // Run() returns once drained
  error_code ec;
  tcp::socket late(idle.ioc());
  late.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
  EXPECT_TRUE(ec) << "no longer accepting";
}

TEST_F(ServerTest, ShutdownTimeoutForcesClose) {
  ServerOptions o = Options();
  o.shutdown_timeout = 1s;
  StartServer(o);
  Client busy(port_);
  busy.Send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n");
  app_.WaitBlocked(1);
  const auto start = std::chrono::steady_clock::now();
  server_->Shutdown();
  EXPECT_TRUE(IsClosed(busy.WaitClosed()));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 2500ms);
  app_.Release();  // the stuck handler finishes; Run() then returns
  thread_.join();
}

}  // namespace
}  // namespace clockko::http
