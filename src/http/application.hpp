#pragma once
// The seam between the transport (http/) and the endpoints (api/). http::Server owns sockets,
// parsing, limits, timeouts and keep-alive; it knows nothing about users, tokens or error bodies.
// An Application implementation (api::ApiApplication) answers requests.
//
// Threading contract:
//   * BodyLimit() and Reject() are called on I/O threads: they must be cheap and never block.
//   * Handle() is called on a worker-pool thread: it may block (bcrypt, SQL).
#include <boost/beast/http.hpp>
#include <cstddef>
#include <string>

namespace clockko::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using RequestHeader = boost::beast::http::request_header<>;

// What the transport knows about the connection a request came on.
struct ConnectionInfo {
  std::string peer_ip;  // the socket peer, textual ("127.0.0.1", "::1")
  bool tls = false;     // came over native TLS
};

// Why the transport answered without calling Handle().
enum class Rejection {
  kBadRequest,       // malformed request line, header or chunked body (400)
  kBodyTooLarge,     // Content-Length or body over BodyLimit() (413)
  kHeadersTooLarge,  // header block over the limit (431)
  kServerBusy,       // worker queue full (503 + Retry-After)
  kShuttingDown,     // server draining (503)
};

// Which worker pool runs a request. Deliberately slow work (password hashing) gets its own pool
// and queue, so a burst of logins never delays cheap requests such as health checks or the
// current-user check.
enum class Lane { kDefault, kSlow };

class Application {
 public:
  virtual ~Application() = default;

  // The pool for this request, decided from its header. Runs on an I/O thread; must not block.
  virtual Lane LaneFor(const RequestHeader& /*header*/) const { return Lane::kDefault; }

  // The largest body accepted for this request, decided from its header (method + target).
  virtual std::size_t BodyLimit(const RequestHeader& header) const = 0;

  // Answers a complete request. Runs on a worker thread. Must not throw for expected outcomes;
  // an exception is turned into Reject-like 500 by the server's safety net (InternalError()).
  virtual Response Handle(Request& request, const ConnectionInfo& conn) = 0;

  // Builds the response for a request the transport refused. `header` is as much of the request
  // header as was parsed (may be empty for kBadRequest / kHeadersTooLarge). Runs on an I/O thread.
  virtual Response Reject(Rejection why, const RequestHeader& header,
                          const ConnectionInfo& conn) = 0;

  // The 500 answer for an exception that escaped Handle(). Runs on an I/O thread.
  virtual Response InternalError(const RequestHeader& header, const ConnectionInfo& conn) = 0;
};

}  // namespace clockko::http
