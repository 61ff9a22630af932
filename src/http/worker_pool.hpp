#pragma once
// WorkerPool: a fixed set of threads for blocking work (bcrypt, SQL) with a bounded backlog, so
// that overload turns into fast 503s instead of an ever-growing queue. RunOnPool() lets an Asio
// coroutine hand a function to the pool and resume on its own executor with the result.
//
// Thread-safety: every WorkerPool method may be called from any thread.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace clockko::http {

// Runs submitted tasks on `threads` threads. At most `threads + max_queued` tasks are accepted at
// once (running + waiting); beyond that TrySubmit() refuses. After Stop() no task is accepted,
// but every task already accepted still runs; Join() waits for that.
class WorkerPool {
 public:
  // REQUIRES: threads >= 1.
  WorkerPool(int threads, std::size_t max_queued);
  ~WorkerPool();  // Stop() + Join()

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. Returns false (and drops it) when the pool is full or stopped. A task that
  // throws has its exception swallowed (tasks report their own failures).
  bool TrySubmit(std::function<void()> task);

  // Stops accepting tasks; already accepted tasks still run. Idempotent.
  void Stop();
  // Waits until every thread has finished (call Stop() first, or it waits forever). Idempotent.
  void Join();

  std::size_t queued() const;     // tasks waiting for a thread (for metrics)
  std::size_t in_flight() const;  // waiting + running
  std::size_t capacity() const { return capacity_; }

 private:
  void WorkerLoop();

  const std::size_t capacity_;  // threads + max_queued
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  std::size_t running_ = 0;                  // guarded by mu_
  bool stopped_ = false;                     // guarded by mu_
  std::mutex join_mu_;                       // serialises Join()
  std::vector<std::thread> threads_;
};

namespace detail {

// Holds the move-only completion handler so the task can live in a copyable std::function.
template <class Handler, class T>
struct PoolCompletion {
  explicit PoolCompletion(Handler&& h)
      : handler(std::move(h)),
        work(boost::asio::make_work_guard(boost::asio::get_associated_executor(handler))) {}

  void Complete(std::exception_ptr error, std::optional<T> result) {
    auto executor = work.get_executor();
    // Always post: the handler must resume on the caller's executor, never on a pool thread
    // and never inline inside the initiating function.
    boost::asio::post(executor, [h = std::move(handler), error, r = std::move(result)]() mutable {
      std::move(h)(error, std::move(r));
    });
    work.reset();
  }

  Handler handler;
  boost::asio::executor_work_guard<boost::asio::associated_executor_t<Handler>> work;
};

}  // namespace detail

// Runs `fn` on `pool` and resumes the calling coroutine on its own executor with fn's result.
// Returns nullopt at once (without running fn) when the pool is full or stopped. An exception
// thrown by fn is rethrown in the coroutine. fn is moved into the task, so anything it captures
// must stay valid until the task ends even if the coroutine is destroyed meanwhile (capture
// shared_ptrs, not references into the coroutine frame).
// Deliberately not a coroutine itself: it returns the awaitable of the async operation, which
// avoids g++ 12 bugs with by-value coroutine parameters (observed as a double release under ASan).
template <class F, class T = std::invoke_result_t<F&>>
boost::asio::awaitable<std::optional<T>> RunOnPool(WorkerPool& pool, F fn) {
  auto initiation = [&pool](auto handler, std::shared_ptr<F> shared_fn) {
    using Handler = decltype(handler);
    auto completion = std::make_shared<detail::PoolCompletion<Handler, T>>(std::move(handler));
    bool accepted = pool.TrySubmit([completion, shared_fn] {
      std::optional<T> result;
      std::exception_ptr error;
      try {
        result.emplace((*shared_fn)());
      } catch (...) {
        error = std::current_exception();
      }
      completion->Complete(error, std::move(result));
    });
    if (!accepted) {
      completion->Complete(nullptr, std::nullopt);
    }
  };
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                     void(std::exception_ptr, std::optional<T>)>(
      std::move(initiation), boost::asio::use_awaitable, std::make_shared<F>(std::move(fn)));
}

}  // namespace clockko::http
