#pragma once
// Router<H>: maps (method, path) to a handler H, with `{name}` path parameters. Used by api/ to
// dispatch requests; knows nothing about HTTP status codes beyond "not found" / "method not
// allowed". Not thread-safe for Add(); Match() is const and safe to call concurrently once all
// routes are added (the usual "build at startup, then read" pattern).
#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clockko::http {

using PathParams = std::map<std::string, std::string, std::less<>>;

enum class MatchStatus { kFound, kNotFound, kMethodNotAllowed };

template <class H>
struct RouteMatch {
  MatchStatus status = MatchStatus::kNotFound;
  const H* handler = nullptr;        // set when kFound; points into the Router
  PathParams params;                 // set when kFound; raw (not percent-decoded) segments
  std::vector<std::string> allowed;  // set when kMethodNotAllowed: sorted registered methods

  bool found() const { return status == MatchStatus::kFound; }
};

// Routing rules:
//   * `path` must be the bare path (the caller strips "?query"); segments are compared raw.
//   * Matching is exact: "/a/" and "/a" are different paths; a `{param}` matches exactly one
//     non-empty segment.
//   * When several patterns match, the most specific wins: at the first segment where they
//     differ, a literal beats a parameter ("/users/me" beats "/users/{id}").
//   * Methods are compared case-sensitively ("GET"); HEAD is not mapped to GET and OPTIONS is
//     not added automatically; the caller decides both.
template <class H>
class Router {
 public:
  // Registers `handler` for `method` + `pattern`. Throws std::invalid_argument (a startup-time
  // programming error) for a pattern not starting with '/', an empty or malformed `{}` segment,
  // or a duplicate method + pattern.
  void Add(std::string_view method, std::string_view pattern, H handler) {
    if (pattern.empty() || pattern.front() != '/') {
      throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
    }
    Route route{std::string(method), std::string(pattern), {}, std::move(handler)};
    for (std::string_view seg : Split(pattern)) {
      Segment s;
      if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
        s.is_param = true;
        s.text = std::string(seg.substr(1, seg.size() - 2));
        if (s.text.empty() || s.text.find_first_of("{}/") != std::string::npos) {
          throw std::invalid_argument("bad route parameter in: " + std::string(pattern));
        }
      } else if (seg.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("bad route segment in: " + std::string(pattern));
      } else {
        s.text = std::string(seg);
      }
      route.segments.push_back(std::move(s));
    }
    for (const Route& r : routes_) {
      if (r.method == route.method && SameShape(r, route)) {
        throw std::invalid_argument("duplicate route: " + route.method + " " + route.pattern);
      }
    }
    routes_.push_back(std::move(route));
  }

  RouteMatch<H> Match(std::string_view method, std::string_view path) const {
    RouteMatch<H> result;
    const std::vector<std::string_view> segs = Split(path);
    const Route* best = nullptr;
    bool path_known = false;
    for (const Route& r : routes_) {
      if (!Matches(r, segs)) {
        continue;
      }
      path_known = true;
      if (r.method == method && (best == nullptr || MoreSpecific(r, *best))) {
        best = &r;
      }
    }
    if (best != nullptr) {
      result.status = MatchStatus::kFound;
      result.handler = &best->handler;
      for (std::size_t i = 0; i < segs.size(); ++i) {
        if (best->segments[i].is_param) {
          result.params.emplace(best->segments[i].text, std::string(segs[i]));
        }
      }
    } else if (path_known) {
      result.status = MatchStatus::kMethodNotAllowed;
      result.allowed = AllowedMethods(path);
    }
    return result;
  }

  // The registered methods of every pattern matching `path`, sorted and unique; empty when the
  // path is unknown.
  std::vector<std::string> AllowedMethods(std::string_view path) const {
    const std::vector<std::string_view> segs = Split(path);
    std::vector<std::string> methods;
    for (const Route& r : routes_) {
      if (Matches(r, segs)) {
        methods.push_back(r.method);
      }
    }
    std::sort(methods.begin(), methods.end());
    methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
    return methods;
  }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    H handler;
  };

  // "/a/b/" -> {"a", "b", ""}; "/" -> {""}. Leading '/' dropped (callers guarantee it).
  static std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path.front() != '/') {
      return out;  // matches nothing: every pattern has at least one segment
    }
    path.remove_prefix(1);
    for (;;) {
      const std::size_t slash = path.find('/');
      out.push_back(path.substr(0, slash));
      if (slash == std::string_view::npos) {
        break;
      }
      path.remove_prefix(slash + 1);
    }
    return out;
  }

  static bool Matches(const Route& r, const std::vector<std::string_view>& segs) {
    if (segs.size() != r.segments.size()) {
      return false;
    }
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const Segment& s = r.segments[i];
      if (s.is_param ? segs[i].empty() : s.text != segs[i]) {
        return false;
      }
    }
    return true;
  }

  static bool MoreSpecific(const Route& a, const Route& b) {
    for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
      if (a.segments[i].is_param != b.segments[i].is_param) {
        return !a.segments[i].is_param;
      }
    }
    return false;
  }

  static bool SameShape(const Route& a, const Route& b) {
    if (a.segments.size() != b.segments.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
      if (a.segments[i].is_param != b.segments[i].is_param ||
          (!a.segments[i].is_param && a.segments[i].text != b.segments[i].text)) {
        return false;
      }
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace clockko::http
