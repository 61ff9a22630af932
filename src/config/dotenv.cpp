#include "config/dotenv.hpp"

#include <string>

namespace clockko::config {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) {
    s.remove_prefix(1);
  }
  return s;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && IsBlank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// What may follow a closing quote: nothing, whitespace, or a comment.
bool IsEmptyOrComment(std::string_view rest) {
  rest = TrimLeft(rest);
  return rest.empty() || rest.front() == '#';
}

tl::unexpected<Error> LineError(std::size_t line_number, std::string_view problem) {
  return Fail(Errc::kInvalidArgument, "config_invalid",
              ".env line " + std::to_string(line_number) + ": " + std::string(problem));
}

}  // namespace

Result<Environment> ParseDotenv(std::string_view text) {
  Environment env;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    ++line_number;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line = TrimLeft(line);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (line.starts_with("export") && line.size() > 6 && IsBlank(line[6])) {
      line = TrimLeft(line.substr(6));
    }

    std::size_t name_end = 0;
    if (line.empty() || !IsNameStart(line.front())) {
      return LineError(line_number, "expected NAME=value");
    }
    while (name_end < line.size() && IsNameChar(line[name_end])) {
      ++name_end;
    }
    std::string name(line.substr(0, name_end));
    std::string_view rest = TrimLeft(line.substr(name_end));
    if (rest.empty() || rest.front() != '=') {
      return LineError(line_number, "expected NAME=value");
    }
    rest = TrimLeft(rest.substr(1));

    std::string value;
    if (!rest.empty() && rest.front() == '\'') {
      std::size_t close = rest.find('\'', 1);
      if (close == std::string_view::npos) {
        return LineError(line_number, "unterminated single quote");
      }
      value = std::string(rest.substr(1, close - 1));
      if (!IsEmptyOrComment(rest.substr(close + 1))) {
        return LineError(line_number, "unexpected text after the closing quote");
      }
    } else if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      bool closed = false;
      while (i < rest.size()) {
        char c = rest[i];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i + 1 >= rest.size()) {
            break;
          }
          char e = rest[i + 1];
          if (e == 'n') {
            value.push_back('\n');
          } else if (e == '"' || e == '\\') {
            value.push_back(e);
          } else {
            return LineError(line_number, "unknown escape sequence in double quotes");
          }
          i += 2;
          continue;
        }
        value.push_back(c);
        ++i;
      }
      if (!closed) {
        return LineError(line_number, "unterminated double quote");
      }
      if (!IsEmptyOrComment(rest.substr(i + 1))) {
        return LineError(line_number, "unexpected text after the closing quote");
      }
    } else {
      // An inline comment needs whitespace before '#', so "a#b" stays a value.
      std::size_t comment = std::string_view::npos;
      for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '#' && (i == 0 || IsBlank(rest[i - 1]))) {
          comment = i;
          break;
        }
      }
      value = std::string(TrimRight(rest.substr(0, comment)));
    }
    env[std::move(name)] = std::move(value);
  }
  return env;
}

}  // namespace clockko::config
