#pragma once
// FakeSmtpServer: a scripted, plaintext SMTP server on 127.0.0.1 for SmtpTransport/ProbeSmtp unit
// tests. One background thread serves one connection at a time; replies are configurable per
// command; it records every command line and the (un-dot-stuffed) DATA of each message, plus the
// raw bytes on the wire. Thread-safe accessors. Not TLS: TLS paths are covered by tests/e2e with
// the aiosmtpd fixture.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace clockko::mail::testing {

struct FakeSmtpScript {
  bool greet = true;       // false: accept and stay silent (timeout tests)
  std::string ehlo_extra;  // extra EHLO lines, e.g. "250-STARTTLS\r\n"
  std::string mail_reply = "250 OK";
  std::string rcpt_reply = "250 OK";
  std::string data_final_reply = "250 Queued";
  std::string starttls_reply = "454 TLS not available";
};

class FakeSmtpServer {
 public:
  explicit FakeSmtpServer(FakeSmtpScript script = {}) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeSmtpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  FakeSmtpServer(const FakeSmtpServer&) = delete;
  FakeSmtpServer& operator=(const FakeSmtpServer&) = delete;

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_; }
  std::vector<std::string> commands() const {
    std::lock_guard lock(mu_);
    return commands_;
  }
  std::vector<std::string> messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }
  std::string wire() const {
    std::lock_guard lock(mu_);
    return wire_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        continue;
      }
      ++connections_;
      Session(fd);
      ::close(fd);
    }
  }

  // Reads one CRLF-terminated line (without CRLF); false on EOF, error or stop.
  bool ReadLine(int fd, std::string& line) {
    line.clear();
    while (!stop_) {
      const std::size_t eol = buffer_.find("\r\n");
      if (eol != std::string::npos) {
        line = buffer_.substr(0, eol);
        buffer_.erase(0, eol + 2);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) {
        return false;
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
      std::lock_guard lock(mu_);
      wire_.append(chunk, static_cast<std::size_t>(n));
    }
    return false;
  }

  static void Reply(int fd, const std::string& text) {
    const std::string out = text.ends_with("\r\n") ? text : text + "\r\n";
    ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
  }

  void Session(int fd) {
    buffer_.clear();
    if (!script_.greet) {
      std::string ignored;
      while (ReadLine(fd, ignored)) {
      }
      return;
    }
    Reply(fd, "220 fake.test ESMTP");
    std::string line;
    while (ReadLine(fd, line)) {
      {
        std::lock_guard lock(mu_);
        commands_.push_back(line);
      }
      const std::string verb = line.substr(0, line.find(' '));
      if (verb == "EHLO") {
        Reply(fd, "250-fake.test\r\n" + script_.ehlo_extra + "250 SIZE 1000000");
      } else if (verb == "MAIL") {
        Reply(fd, script_.mail_reply);
      } else if (verb == "RCPT") {
        Reply(fd, script_.rcpt_reply);
      } else if (verb == "DATA") {
        Reply(fd, "354 Go ahead");
        std::string data;
        std::string l;
        while (ReadLine(fd, l) && l != ".") {
          data += (l.starts_with(".") ? l.substr(1) : l) + "\r\n";  // undo dot-stuffing
        }
        {
          std::lock_guard lock(mu_);
          messages_.push_back(data);
        }
        Reply(fd, script_.data_final_reply);
      } else if (verb == "STARTTLS") {
        Reply(fd, script_.starttls_reply);
      } else if (verb == "NOOP" || verb == "RSET") {
        Reply(fd, "250 OK");
      } else if (verb == "QUIT") {
        Reply(fd, "221 Bye");
        return;
      } else {
        Reply(fd, "502 Not implemented");
      }
    }
  }

  const FakeSmtpScript script_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::string buffer_;  // serving thread only
  mutable std::mutex mu_;
  std::vector<std::string> commands_;
  std::vector<std::string> messages_;
  std::string wire_;
  std::thread thread_;
};

}  // namespace clockko::mail::testing
