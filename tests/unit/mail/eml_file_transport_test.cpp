#include "mail/eml_file_transport.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "mail_test_support.hpp"

namespace clockko::mail {
namespace {

namespace fs = std::filesystem;

class EmlFileTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "/mail_eml_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::vector<fs::path> Entries(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) {
      out.push_back(e.path());
    }
    return out;
  }

  static std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  static std::string Mime() {
    const MailMessage m{
        "noreply@clockko.example", "ClockKo Team", "ann@example.com", "Hi", "Hello Ann",
        "<p>Hello Ann</p>"};
    Result<std::string> r = RenderMime(m, Timestamp::FromUnixSeconds(1796312820), "id1");
    EXPECT_TRUE(r.has_value());
    return r ? *r : std::string();
  }

  fs::path root_;
  testing::SettableClock clock_{1796312820};
};

TEST_F(EmlFileTransportTest, CreatesPrivateDirectoryAndWritesParseableFile) {
  const fs::path dir = root_ / "data" / "mail";
  EmlFileTransport transport(dir.string(), clock_);
  const std::string mime = Mime();
  ASSERT_TRUE(transport.Send(MailMessage{}, mime).has_value());

  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  const std::vector<fs::path> files = Entries(dir);
  ASSERT_EQ(files.size(), 1u);
  const std::string name = files[0].filename().string();
  EXPECT_TRUE(std::regex_match(name, std::regex(R"(1796312820-\d+-\d+\.eml)"))) << name;
  ASSERT_EQ(::stat(files[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const std::string content = ReadFile(files[0]);
  EXPECT_EQ(content, mime);
  const testing::ParsedMime p = testing::ParseMime(content);
  EXPECT_EQ(p.headers.at("To"), "ann@example.com");
  EXPECT_EQ(p.text_body, "Hello Ann");
  EXPECT_EQ(p.html_body, "<p>Hello Ann</p>");
}

TEST_F(EmlFileTransportTest, EachSendGetsItsOwnFileAndNoTemporariesRemain) {
  EmlFileTransport a(root_.string(), clock_);
  EmlFileTransport b(root_.string(), clock_);  // same dir, same second, same pid
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(a.Send(MailMessage{}, "mail a" + std::to_string(i)).has_value());
    ASSERT_TRUE(b.Send(MailMessage{}, "mail b" + std::to_string(i)).has_value());
  }
  const std::vector<fs::path> files = Entries(root_);
  ASSERT_EQ(files.size(), 6u);
  std::vector<std::string> contents;
  for (const fs::path& f : files) {
    EXPECT_EQ(f.extension(), ".eml") << f;
    contents.push_back(ReadFile(f));
  }
  std::sort(contents.begin(), contents.end());
  EXPECT_EQ(contents, (std::vector<std::string>{"mail a0", "mail a1", "mail a2", "mail b0",
                                                "mail b1", "mail b2"}));
}

TEST_F(EmlFileTransportTest, DiskErrorsAreTransient) {
  const fs::path file = root_ / "plain-file";
  std::ofstream(file) << "x";
  EmlFileTransport under_file((file / "mail").string(), clock_);
  Result<> r = under_file.Send(MailMessage{}, "x");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kUnavailable);

  EmlFileTransport is_file(file.string(), clock_);
  r = is_file.Send(MailMessage{}, "x");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kUnavailable);

  EmlFileTransport empty("", clock_);
  r = empty.Send(MailMessage{}, "x");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kUnavailable);
}

}  // namespace
}  // namespace clockko::mail
