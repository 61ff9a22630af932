#include "http/worker_pool.hpp"

namespace clockko::http {

WorkerPool::WorkerPool(int threads, std::size_t max_queued)
    : capacity_(static_cast<std::size_t>(threads < 1 ? 1 : threads) + max_queued) {
  const int n = threads < 1 ? 1 : threads;
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
}

WorkerPool::~WorkerPool() {
  Stop();
  Join();
}

bool WorkerPool::TrySubmit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    // Back-pressure: count running tasks too, so "full" does not depend on how quickly an idle
    // thread happens to pick up the previous task.
    if (stopped_ || tasks_.size() + running_ >= capacity_) {
      return false;
    }
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

void WorkerPool::Join() {
  std::lock_guard lock(join_mu_);
  for (auto& t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mu_);
  return tasks_.size();
}

std::size_t WorkerPool::in_flight() const {
  std::lock_guard lock(mu_);
  return tasks_.size() + running_;
}

void WorkerPool::WorkerLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopped_ || !tasks_.empty(); });
    if (tasks_.empty()) {
      return;  // stopped and drained
    }
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    ++running_;
    lock.unlock();
    try {
      task();
    } catch (...) {
      // A task owns its error reporting; one bad task must not kill a worker thread.
    }
    task = nullptr;  // release captures before counting the slot free
    lock.lock();
    --running_;
  }
}

}  // namespace clockko::http
