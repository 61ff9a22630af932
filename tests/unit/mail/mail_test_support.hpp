#pragma once
// Test helpers for tests/unit/mail: a deterministic Random, a settable Clock and a small MIME
// reader that checks the structure RenderMime promises and decodes both parts.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"

namespace clockko::mail::testing {

class CountingRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) {
      b = next_++;
    }
  }

 private:
  std::uint8_t next_ = 1;
};

class SettableClock final : public Clock {
 public:
  explicit SettableClock(std::int64_t now) : now_(Timestamp::FromUnixSeconds(now)) {}
  Timestamp Now() const override { return now_; }
  void Advance(std::int64_t seconds) { now_ = now_.PlusSeconds(seconds); }

 private:
  Timestamp now_;
};

struct ParsedMime {
  std::map<std::string, std::string> headers;  // unfolded values, by exact header name
  std::vector<std::string> header_lines;       // raw physical lines of the header block
  std::string text_body;                       // decoded text/plain part
  std::string html_body;                       // decoded text/html part
};

inline std::vector<std::string> SplitCrlf(std::string_view s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = s.find("\r\n", start);
    if (end == std::string_view::npos) {
      lines.emplace_back(s.substr(start));
      break;
    }
    lines.emplace_back(s.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// Decodes one RFC 2047 "=?UTF-8?B?...?=" word sequence (words separated by folding whitespace).
inline std::optional<std::string> DecodeEncodedWords(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    if (value.empty()) {
      break;
    }
    if (!value.starts_with("=?UTF-8?B?")) {
      return std::nullopt;
    }
    value.remove_prefix(10);
    const std::size_t end = value.find("?=");
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    std::optional<std::string> part = Base64Decode(value.substr(0, end));
    if (!part) {
      return std::nullopt;
    }
    out += *part;
    value.remove_prefix(end + 2);
  }
  return out;
}

// Parses RenderMime's output; records a gtest failure (and returns what it could) on any
// structural problem.
inline ParsedMime ParseMime(std::string_view mime) {
  ParsedMime p;
  const std::size_t split = mime.find("\r\n\r\n");
  if (split == std::string_view::npos) {
    ADD_FAILURE() << "no header/body separator";
    return p;
  }
  p.header_lines = SplitCrlf(mime.substr(0, split));
  std::string current;
  for (const std::string& line : p.header_lines) {
    if (!line.empty() && line.front() == ' ') {
      p.headers[current] += line;  // folded continuation; keep the leading space
      continue;
    }
    const std::size_t colon = line.find(": ");
    if (colon == std::string::npos) {
      ADD_FAILURE() << "bad header line: " << line;
      continue;
    }
    current = line.substr(0, colon);
    p.headers[current] = line.substr(colon + 2);
  }
  const std::string& ct = p.headers["Content-Type"];
  const std::size_t b = ct.find("boundary=\"");
  if (b == std::string::npos) {
    ADD_FAILURE() << "no boundary in Content-Type: " << ct;
    return p;
  }
  const std::string boundary = ct.substr(b + 10, ct.find('"', b + 10) - (b + 10));
  const std::vector<std::string> body = SplitCrlf(mime.substr(split + 4));
  std::string* target = nullptr;
  bool in_part_headers = false;
  std::string b64;
  auto flush = [&] {
    if (target != nullptr) {
      std::optional<std::string> decoded = Base64Decode(b64);
      if (!decoded) {
        ADD_FAILURE() << "part is not valid base64";
      } else {
        *target = *decoded;
      }
    }
    b64.clear();
    target = nullptr;
  };
  bool closed = false;
  for (const std::string& line : body) {
    if (line == "--" + boundary || line == "--" + boundary + "--") {
      flush();
      in_part_headers = true;
      closed = line.ends_with("--");
      continue;
    }
    if (in_part_headers) {
      if (line.empty()) {
        in_part_headers = false;
      } else if (line == "Content-Type: text/plain; charset=UTF-8") {
        target = &p.text_body;
      } else if (line == "Content-Type: text/html; charset=UTF-8") {
        target = &p.html_body;
      } else if (line != "Content-Transfer-Encoding: base64") {
        ADD_FAILURE() << "unexpected part header: " << line;
      }
      continue;
    }
    if (target != nullptr) {
      EXPECT_LE(line.size(), 76u) << "base64 line too long";
      b64 += line;
    }
  }
  EXPECT_TRUE(closed) << "missing closing boundary";
  return p;
}

}  // namespace clockko::mail::testing
