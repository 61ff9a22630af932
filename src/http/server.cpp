#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "http/worker_pool.hpp"

namespace clockko::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
// After refusing a request we drain what the client is still sending for a moment before closing:
// closing with unread data makes the kernel send RST, which can destroy our error response
// before the client reads it.
constexpr std::chrono::seconds kLingerTime{1};
constexpr std::size_t kLingerBytes = 64 * 1024;
constexpr std::chrono::milliseconds kAcceptBackoff{50};

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool idle = false;  // waiting for the first byte of a request; touched only on stream's strand
};

// Connection bookkeeping shared with the connection coroutines (they hold a shared_ptr), so a
// coroutine frame destroyed late, together with the io_context, never touches a dead Server.
struct Registry {
  std::mutex mu;
  std::unordered_set<std::shared_ptr<Connection>> conns;  // guarded by mu
  bool stopping = false;                                  // guarded by mu
  bool detached = false;  // guarded by mu; the Server is being destroyed, call nothing back
  std::function<void()> on_drained;  // called (outside mu) when stopping and conns empty
};

// Removes a connection from the registry however its coroutine ends (return, throw, destroy).
class RegistryGuard {
 public:
  RegistryGuard(std::shared_ptr<Registry> registry, std::shared_ptr<Connection> conn)
      : registry_(std::move(registry)), conn_(std::move(conn)) {}
  RegistryGuard(const RegistryGuard&) = delete;
  RegistryGuard& operator=(const RegistryGuard&) = delete;
  ~RegistryGuard() {
    std::function<void()> notify;
    {
      std::lock_guard lock(registry_->mu);
      registry_->conns.erase(conn_);
      if (registry_->stopping && !registry_->detached && registry_->conns.empty()) {
        notify = registry_->on_drained;
      }
    }
    if (notify) {
      notify();
    }
  }

 private:
  std::shared_ptr<Registry> registry_;
  std::shared_ptr<Connection> conn_;
};

std::string PeerIp(const tcp::socket& socket) {
  error_code ec;
  const tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) {
    return {};
  }
  asio::ip::address addr = ep.address();
  // Dual-stack listeners report IPv4 clients as ::ffff:a.b.c.d; show them as IPv4.
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
  }
  return addr.to_string();
}

// What a pool task reports back: the response, or that Handle() threw.
struct HandleOutcome {
  Response response;
  bool threw = false;
};

// True for errors meaning "the bytes were not valid HTTP" (as opposed to I/O outcomes such as
// EOF, reset or timeout, after which there is nobody to answer).
bool IsProtocolError(const error_code& ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return false;
  }
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::need_buffer;
}

// Request framing that cannot be misread by a proxy in front of us (RFC 9112 §6.1, §6.3, §3.2):
// a Transfer-Encoding must be exactly "chunked" (anything else, e.g. "gzip" or "gzip, chunked",
// would let the body be read as the next request: smuggling), never together with a
// Content-Length, and an HTTP/1.1 request needs a Host header.
bool HasAcceptableFraming(const RequestHeader& header) {
  const auto te = header[bhttp::field::transfer_encoding];
  if (!te.empty()) {
    std::string_view value(te.data(), te.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
      value.remove_suffix(1);
    }
    if (!beast::iequals(value, "chunked") || header.count(bhttp::field::transfer_encoding) > 1 ||
        header.count(bhttp::field::content_length) > 0) {
      return false;
    }
  }
  if (header.count(bhttp::field::content_length) > 1) {
    return false;
  }
  return header.version() < 11 || header.count(bhttp::field::host) == 1;
}

std::size_t PoolThreads(int threads) { return threads < 1 ? 1 : static_cast<std::size_t>(threads); }
std::size_t PoolQueue(int threads, std::size_t per_worker) {
  return PoolThreads(threads) * per_worker;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Application& app)
      : opt_(std::move(options)),
        app_(app),
        ioc_(opt_.io_threads < 1 ? 1 : opt_.io_threads),
        control_(asio::make_strand(ioc_)),
        acceptor_(control_),
        signals_(control_),
        shutdown_timer_(ioc_),
        pool_(static_cast<int>(PoolThreads(opt_.worker_threads)),
              PoolQueue(opt_.worker_threads, opt_.queue_per_worker)),
        slow_pool_(static_cast<int>(PoolThreads(opt_.slow_worker_threads)),
                   PoolQueue(opt_.slow_worker_threads, opt_.queue_per_worker)),
        registry_(std::make_shared<Registry>()) {
    registry_->on_drained = [this] { asio::post(control_, [this] { shutdown_timer_.cancel(); }); };
  }

  ~Impl() {
    {
      std::lock_guard lock(registry_->mu);
      registry_->detached = true;
    }
    pool_.Stop();
    slow_pool_.Stop();
    pool_.Join();
    slow_pool_.Join();
  }

  std::uint16_t Start() {
    const tcp::endpoint endpoint(asio::ip::make_address(opt_.host), opt_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(control_, AcceptLoop(), [](std::exception_ptr) {});
    return acceptor_.local_endpoint().port();
  }

  void Run() {
    if (opt_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](const error_code& ec, int) {
        if (!ec) {
          Shutdown();
        }
      });
    }
    std::vector<std::thread> threads;
    for (int i = 1; i < opt_.io_threads; ++i) {
      threads.emplace_back([this] { ioc_.run(); });
    }
    ioc_.run();
    for (auto& t : threads) {
      t.join();
    }
    // Every connection coroutine has ended, so no task can be submitted any more; wait for the
    // ones still running (forcibly closed connections whose handler had not returned yet).
    pool_.Stop();
    slow_pool_.Stop();
    pool_.Join();
    slow_pool_.Join();
  }

  void Shutdown() {
    if (shutdown_requested_.exchange(true)) {
      return;
    }
    asio::post(control_, [this] { BeginShutdown(); });
  }

 private:
  // Runs on control_.
  void BeginShutdown() {
    stopping_ = true;
    error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    std::vector<std::shared_ptr<Connection>> conns;
    {
      std::lock_guard lock(registry_->mu);
      registry_->stopping = true;
      conns.assign(registry_->conns.begin(), registry_->conns.end());
    }
    for (auto& c : conns) {
      // Only connections waiting for a new request are closed now; the others finish the
      // request in progress and close after the response (stopping_ forces Connection: close).
      asio::post(c->stream.get_executor(), [c] {
        if (c->idle) {
          c->stream.cancel();
        }
      });
    }
    if (conns.empty()) {
      return;
    }
    shutdown_timer_.expires_after(opt_.shutdown_timeout);
    shutdown_timer_.async_wait([this](const error_code& wait_ec) {
      if (!wait_ec) {
        asio::post(control_, [this] { ForceCloseAll(); });
      }
    });
  }

  // Runs on control_ when shutdown_timeout has passed with connections still open.
  void ForceCloseAll() {
    std::vector<std::shared_ptr<Connection>> conns;
    {
      std::lock_guard lock(registry_->mu);
      conns.assign(registry_->conns.begin(), registry_->conns.end());
    }
    for (auto& c : conns) {
      asio::post(c->stream.get_executor(), [c] { c->stream.close(); });
    }
  }

  asio::awaitable<void> AcceptLoop() {
    for (;;) {
      auto [ec, strand_socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), kTuple);
      if (stopping_ || ec == asio::error::operation_aborted) {
        break;
      }
      if (ec) {
        // E.g. EMFILE: back off instead of spinning on an error that will repeat at once.
        asio::steady_timer backoff(control_, kAcceptBackoff);
        co_await backoff.async_wait(kTuple);
        continue;
      }
      tcp::socket socket(std::move(strand_socket));  // keeps its strand as any_io_executor
      std::string peer = PeerIp(socket);
      auto conn = std::make_shared<Connection>(std::move(socket));
      bool admitted = false;
      {
        std::lock_guard lock(registry_->mu);
        if (registry_->conns.size() < static_cast<std::size_t>(std::max(opt_.max_connections, 0))) {
          registry_->conns.insert(conn);
          admitted = true;
        }
      }
      if (!admitted) {
        conn->stream.close();  // over max_connections: refuse without reading a byte
        continue;
      }
      auto executor = conn->stream.get_executor();
      asio::co_spawn(executor, Session(conn, std::move(peer)), [](std::exception_ptr) {
        // A bug or bad_alloc in one session must not take the server down; the connection is
        // closed by the Connection's destructor.
      });
    }
  }

  asio::awaitable<void> Session(std::shared_ptr<Connection> conn, std::string peer) {
    RegistryGuard guard(registry_, conn);
    const ConnectionInfo info{std::move(peer), false};
    beast::flat_buffer buffer;
    bool keep_going = true;
    while (keep_going && !stopping_) {
      if (buffer.size() == 0) {
        conn->idle = true;
        conn->stream.expires_after(opt_.idle_timeout);
        auto [ec, n] = co_await conn->stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
        conn->idle = false;
        if (ec) {
          break;  // peer closed, idle timeout, or cancelled by shutdown
        }
        buffer.commit(n);
      }
      // Slowloris defence: one deadline for the whole request from its first byte, not per
      // read, so trickling bytes does not keep the connection alive.
      conn->stream.expires_after(opt_.read_timeout);
      keep_going = co_await ServeOne(*conn, buffer, info);
    }
    error_code ec;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn->stream.close();
  }

  // Reads, answers and writes one request. Returns whether the connection may carry another.
  asio::awaitable<bool> ServeOne(Connection& conn, beast::flat_buffer& buffer,
                                 const ConnectionInfo& info) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(opt_.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // The body limit depends on the route, so it is decided after the header. Without this the
    // parser would apply its 1 MB default to Content-Length while reading the header.
    parser.body_limit(boost::none);

    auto [header_ec, header_n] =
        co_await bhttp::async_read_header(conn.stream, buffer, parser, kTuple);
    if (header_ec) {
      if (header_ec == bhttp::error::header_limit) {
        co_return co_await Refuse(conn, Rejection::kHeadersTooLarge, parser.get().base(), info);
      }
      if (IsProtocolError(header_ec)) {
        co_return co_await Refuse(conn, Rejection::kBadRequest, parser.get().base(), info);
      }
      co_return false;  // timeout, EOF or reset: nobody to answer
    }

    // The parser's own header limit is applied per read, so a header block arriving in pieces can
    // exceed it; the total consumed is checked here as well.
    if (header_n > opt_.max_header_bytes) {
      co_return co_await Refuse(conn, Rejection::kHeadersTooLarge, parser.get().base(), info);
    }
    if (!HasAcceptableFraming(parser.get().base())) {
      co_return co_await Refuse(conn, Rejection::kBadRequest, parser.get().base(), info);
    }

    const std::size_t limit = app_.BodyLimit(parser.get().base());
    // Refuse an announced oversized body before reading any of it.
    if (auto length = parser.content_length(); length && *length > limit) {
      co_return co_await Refuse(conn, Rejection::kBodyTooLarge, parser.get().base(), info);
    }
    parser.body_limit(limit);  // also bounds chunked bodies while they are read

    if (!parser.is_done()) {
      if (parser.get().version() >= 11 &&
          beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        auto [cont_ec, cont_n] = co_await bhttp::async_write(conn.stream, cont, kTuple);
        if (cont_ec) {
          co_return false;
        }
      }
      auto [body_ec, body_n] = co_await bhttp::async_read(conn.stream, buffer, parser, kTuple);
      if (body_ec) {
        if (body_ec == bhttp::error::body_limit) {
          co_return co_await Refuse(conn, Rejection::kBodyTooLarge, parser.get().base(), info);
        }
        if (IsProtocolError(body_ec)) {
          co_return co_await Refuse(conn, Rejection::kBadRequest, parser.get().base(), info);
        }
        co_return false;
      }
    }

    // The request is shared with the pool task: if the connection is torn down while Handle()
    // runs, the task must not be left holding references into this coroutine frame.
    auto request = std::make_shared<Request>(parser.release());
    auto conn_info = std::make_shared<ConnectionInfo>(info);
    Application* app = &app_;
    // Exceptions are caught inside the task rather than around the co_await (g++ 12 miscompiles
    // some co_await-in-try patterns).
    auto task = [app, request, conn_info]() -> HandleOutcome {
      HandleOutcome outcome;
      try {
        outcome.response = app->Handle(*request, *conn_info);
      } catch (...) {
        outcome.threw = true;
      }
      return outcome;
    };
    WorkerPool& pool =
        (opt_.slow_worker_threads > 0 && app_.LaneFor(request->base()) == Lane::kSlow) ? slow_pool_
                                                                                       : pool_;
    std::optional<HandleOutcome> outcome = co_await RunOnPool(pool, std::move(task));
    Response response;
    if (!outcome) {
      response = app_.Reject(stopping_ ? Rejection::kShuttingDown : Rejection::kServerBusy,
                             request->base(), info);
    } else if (outcome->threw) {
      response = app_.InternalError(request->base(), info);
    } else {
      response = std::move(outcome->response);
    }
    const bool keep_alive = request->keep_alive() && response.keep_alive() && !stopping_;
    const bool written = co_await Write(conn, response, request->version(), keep_alive);
    co_return written&& keep_alive;
  }

  // Answers a request the transport refused, then ends the connection: after a refusal the
  // rest of the byte stream (an unread body, a broken header) cannot be parsed reliably.
  asio::awaitable<bool> Refuse(Connection& conn, Rejection why, const RequestHeader& header,
                               const ConnectionInfo& info) {
    Response response = app_.Reject(why, header, info);
    const unsigned version = header.version() == 10 ? 10 : 11;
    if (co_await Write(conn, response, version, false)) {
      error_code ec;
      conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      conn.stream.expires_after(kLingerTime);
      std::size_t drained = 0;
      std::array<char, 4096> sink;
      while (drained < kLingerBytes) {
        auto [read_ec, n] = co_await conn.stream.async_read_some(asio::buffer(sink), kTuple);
        if (read_ec) {
          break;
        }
        drained += n;
      }
    }
    co_return false;
  }

  // Writes `response` with the connection's keep-alive decision; returns whether it was sent.
  asio::awaitable<bool> Write(Connection& conn, Response& response, unsigned request_version,
                              bool keep_alive) {
    response.version(request_version == 10 ? 10 : 11);
    response.keep_alive(keep_alive);
    if (!response.has_content_length() && !response.chunked()) {
      response.prepare_payload();
    }
    // A client that does not read its response gets the same budget as for sending a request.
    conn.stream.expires_after(opt_.read_timeout);
    auto [ec, n] = co_await bhttp::async_write(conn.stream, response, kTuple);
    co_return !ec;
  }

  const ServerOptions opt_;
  Application& app_;
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals, shutdown
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  // Touched only on control_, but bound to the plain io_context: its handler only posts to
  // control_. (A strand-bound version hung Run() in testing, before an unrelated miscompile was
  // fixed; this form is simpler either way.)
  asio::steady_timer shutdown_timer_;
  WorkerPool pool_;
  WorkerPool slow_pool_;  // Lane::kSlow; idle (one parked thread) when slow_worker_threads == 0
  std::shared_ptr<Registry> registry_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> shutdown_requested_{false};
};

Server::Server(ServerOptions options, Application& app)
    : impl_(std::make_unique<Impl>(std::move(options), app)) {}

Server::~Server() = default;

std::uint16_t Server::Start() { return impl_->Start(); }

void Server::Run() { impl_->Run(); }

void Server::Shutdown() { impl_->Shutdown(); }

}  // namespace clockko::http
