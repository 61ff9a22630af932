#include "api/json_body.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <set>
#include <string>
#include <vector>

namespace clockko::api {
namespace {

constexpr std::size_t kMaxDepth = 32;

tl::unexpected<Error> Malformed() {
  return Fail(Errc::kInvalidArgument, "malformed_json", "Malformed JSON body");
}

// A validating SAX handler for boost::json::basic_parser: rejects duplicate object keys (which
// boost::json::parse would silently merge) and nesting deeper than kMaxDepth.
class StrictnessHandler {
 public:
  constexpr static std::size_t max_object_size = std::size_t(-1);
  constexpr static std::size_t max_array_size = std::size_t(-1);
  constexpr static std::size_t max_key_size = std::size_t(-1);
  constexpr static std::size_t max_string_size = std::size_t(-1);

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code& ec) {
    keys_.emplace_back();
    return Enter(ec);
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    keys_.pop_back();
    --depth_;
    return true;
  }
  bool on_array_begin(boost::system::error_code& ec) { return Enter(ec); }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    --depth_;
    return true;
  }
  bool on_key_part(std::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, boost::system::error_code& ec) {
    key_.append(s);
    const bool inserted = keys_.back().insert(std::move(key_)).second;
    key_.clear();
    if (!inserted) {
      ec = boost::json::error::syntax;
      return false;
    }
    return true;
  }
  bool on_string_part(std::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(std::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, boost::system::error_code&) { return true; }
  bool on_uint64(std::uint64_t, std::string_view, boost::system::error_code&) { return true; }
  bool on_double(double, std::string_view, boost::system::error_code&) { return true; }
  bool on_bool(bool, boost::system::error_code&) { return true; }
  bool on_null(boost::system::error_code&) { return true; }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

 private:
  bool Enter(boost::system::error_code& ec) {
    if (++depth_ > kMaxDepth) {
      ec = boost::json::error::too_deep;
      return false;
    }
    return true;
  }

  std::size_t depth_ = 0;
  std::vector<std::set<std::string>> keys_;
  std::string key_;
};

bool IsJsonContentType(std::string_view value) {
  // "application/json", optionally followed by parameters such as "; charset=utf-8".
  constexpr std::string_view kJson = "application/json";
  if (value.size() < kJson.size()) {
    return false;
  }
  for (std::size_t i = 0; i < kJson.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kJson[i]) {
      return false;
    }
  }
  const std::string_view rest = value.substr(kJson.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ';
}

}  // namespace

Result<boost::json::object> ParseJsonObjectText(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return boost::json::object{};
  }
  boost::json::basic_parser<StrictnessHandler> validator{boost::json::parse_options{}};
  boost::system::error_code ec;
  validator.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    return Malformed();
  }
  boost::json::parse_options options;
  options.max_depth = kMaxDepth + 1;
  boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec) {
    return Malformed();
  }
  if (!value.is_object()) {
    return Fail(Errc::kInvalidArgument, "validation_error", "body: must be a JSON object");
  }
  return std::move(value.as_object());
}

Result<boost::json::object> ParseJsonObject(const http::Request& request) {
  const std::string& body = request.body();
  if (!body.empty()) {
    const auto content_type = request[boost::beast::http::field::content_type];
    if (!IsJsonContentType(std::string_view(content_type.data(), content_type.size()))) {
      return Fail(Errc::kInvalidArgument, "unsupported_media_type",
                  "Content-Type must be application/json");
    }
  }
  return ParseJsonObjectText(body);
}

}  // namespace clockko::api
