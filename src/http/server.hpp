#pragma once
// Server: the HTTP/1.1 transport. Owns the listening socket, one coroutine per connection,
// parsing limits, timeouts, keep-alive/pipelining, the worker pool and graceful shutdown; every
// complete request is answered by Application::Handle() on a worker thread (never an I/O thread).
//
// Thread-safety: Start() and Run() are called once each, from one thread, in that order.
// Shutdown() may be called from any thread, any number of times, before or during Run().
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "http/application.hpp"

namespace clockko::http {

struct ServerOptions {
  std::string host = "0.0.0.0";          // listen address (IPv4 or IPv6 literal, "::" = dual stack)
  std::uint16_t port = 8000;             // 0 = ephemeral; Start() returns the actual port
  int io_threads = 2;                    // threads running socket I/O and parsing
  int worker_threads = 2;                // threads running Application::Handle() (default lane)
  int slow_worker_threads = 0;           // threads of the Lane::kSlow pool; 0 = use the default
  std::size_t queue_per_worker = 16;     // waiting requests per worker thread before 503
  std::size_t max_header_bytes = 16384;  // larger header block -> 431
  std::chrono::seconds read_timeout{15};      // whole request (header + body) from its first byte;
                                              // also bounds writing the response
  std::chrono::seconds idle_timeout{60};      // keep-alive idle limit between requests
  int max_connections = 1024;                 // more are closed at once after accept
  std::chrono::seconds shutdown_timeout{10};  // drain deadline, then connections are closed
  bool handle_signals = true;                 // Run() turns SIGTERM/SIGINT into Shutdown()
};

class Server {
 public:
  // `app` must outlive the Server.
  Server(ServerOptions options, Application& app);
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws std::system_error when the address is
  // invalid or cannot be bound (a startup failure).
  std::uint16_t Start();

  // Serves on io_threads threads (the calling thread is one of them) until a shutdown has
  // completed: no connections left, the worker pool drained.
  void Run();

  // Graceful stop: stop accepting; close idle keep-alive connections; let requests in flight
  // finish and answer them with "Connection: close"; after shutdown_timeout close every
  // connection. Thread-safe and idempotent; returns at once (Run() returns when done).
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clockko::http
