#include "config/environment.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace clockko::config {
namespace {

TEST(ProcessEnvironmentTest, CopiesVariablesSplittingAtFirstEquals) {
  ASSERT_EQ(::setenv("CLOCKKO_CONFIG_TEST_VAR", "a=b=c", 1), 0);
  ASSERT_EQ(::setenv("CLOCKKO_CONFIG_TEST_EMPTY", "", 1), 0);
  Environment env = ProcessEnvironment();
  ::unsetenv("CLOCKKO_CONFIG_TEST_VAR");
  ::unsetenv("CLOCKKO_CONFIG_TEST_EMPTY");
  ASSERT_TRUE(env.count("CLOCKKO_CONFIG_TEST_VAR"));
  EXPECT_EQ(env.at("CLOCKKO_CONFIG_TEST_VAR"), "a=b=c");
  ASSERT_TRUE(env.count("CLOCKKO_CONFIG_TEST_EMPTY"));
  EXPECT_EQ(env.at("CLOCKKO_CONFIG_TEST_EMPTY"), "");
  EXPECT_FALSE(ProcessEnvironment().count("CLOCKKO_CONFIG_TEST_VAR"));
}

}  // namespace
}  // namespace clockko::config
