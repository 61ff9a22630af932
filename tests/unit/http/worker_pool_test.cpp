#include "http/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <latch>
#include <stdexcept>
#include <thread>

namespace clockko::http {
namespace {

namespace asio = boost::asio;

TEST(WorkerPoolTest, RunsTasks) {
  WorkerPool pool(2, 4);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.TrySubmit([&] { ran.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(ran.get_future().get(), std::this_thread::get_id());
}

TEST(WorkerPoolTest, RefusesBeyondThreadsPlusQueue) {
  WorkerPool pool(1, 1);
  std::latch release(1);
  std::latch started(1);
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.count_down();
    release.wait();
  }));
  started.wait();
  EXPECT_TRUE(pool.TrySubmit([] {}));  // waits in the queue
  EXPECT_EQ(pool.queued(), 1u);
  EXPECT_EQ(pool.in_flight(), 2u);
  EXPECT_FALSE(pool.TrySubmit([] {}));  // full: back-pressure, not an unbounded queue
  release.count_down();
  pool.Stop();
  pool.Join();
  EXPECT_EQ(pool.in_flight(), 0u);
}

TEST(WorkerPoolTest, ZeroQueueAcceptsOnlyOnePerThread) {
  WorkerPool pool(1, 0);
  std::latch release(1);
  ASSERT_TRUE(pool.TrySubmit([&] { release.wait(); }));
  EXPECT_FALSE(pool.TrySubmit([] {}));
  release.count_down();
}

TEST(WorkerPoolTest, StopDrainsAcceptedTasksAndRefusesNewOnes) {
  WorkerPool pool(1, 8);
  std::latch release(1);
  std::atomic<int> done{0};
  ASSERT_TRUE(pool.TrySubmit([&] {
    release.wait();
    ++done;
  }));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(pool.TrySubmit([&] { ++done; }));
  }
  pool.Stop();
  EXPECT_FALSE(pool.TrySubmit([&] { ++done; }));
  release.count_down();
  pool.Join();
  EXPECT_EQ(done.load(), 4);
}

TEST(WorkerPoolTest, ThrowingTaskDoesNotKillTheWorker) {
  WorkerPool pool(1, 2);
  ASSERT_TRUE(pool.TrySubmit([] { throw std::runtime_error("boom"); }));
  std::promise<void> ran;
  ASSERT_TRUE(pool.TrySubmit([&] { ran.set_value(); }));
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(2)), std::future_status::ready);
}

TEST(RunOnPoolTest, ResumesOnCallerExecutorWithResult) {
  WorkerPool pool(1, 1);
  asio::io_context ioc;
  std::thread::id io_thread = std::this_thread::get_id();
  std::thread::id task_thread;
  std::thread::id resumed_thread;
  std::optional<int> result;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        result = co_await RunOnPool(pool, [&] {
          task_thread = std::this_thread::get_id();
          return 41 + 1;
        });
        resumed_thread = std::this_thread::get_id();
      },
      [](std::exception_ptr e) {
        if (e) {
          std::rethrow_exception(e);
        }
      });
  ioc.run();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 42);
  EXPECT_NE(task_thread, io_thread);
  EXPECT_EQ(resumed_thread, io_thread);
}

TEST(RunOnPoolTest, NulloptWhenFullWithoutRunningTheFunction) {
  WorkerPool pool(1, 0);
  std::latch release(1);
  ASSERT_TRUE(pool.TrySubmit([&] { release.wait(); }));
  asio::io_context ioc;
  bool ran = false;
  bool finished = false;
  std::optional<int> result = 7;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        result = co_await RunOnPool(pool, [&] {
          ran = true;
          return 1;
        });
        finished = true;
      },
      asio::detached);
  ioc.run();
  release.count_down();
  EXPECT_TRUE(finished);
  EXPECT_FALSE(result.has_value());
  EXPECT_FALSE(ran);
}

TEST(RunOnPoolTest, ExceptionIsRethrownInCoroutine) {
  WorkerPool pool(1, 1);
  asio::io_context ioc;
  std::string caught;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        try {
          co_await RunOnPool(pool, []() -> int { throw std::runtime_error("handler failed"); });
        } catch (const std::runtime_error& e) {
          caught = e.what();
        }
      },
      asio::detached);
  ioc.run();
  EXPECT_EQ(caught, "handler failed");
}

}  // namespace
}  // namespace clockko::http
