// ThreadScratch: the scratch storage (per-token vectors and the like) an extractor's run keeps
// on its thread from one document to the next, so that a document allocates none of it once an
// earlier one on the thread was as long. Used by the entity and quote extractors' runs.
// Header-only.
#pragma once

#include <optional>

namespace newsgraph::extract {

// Lends, for its lifetime, this thread's T: the one object of type T the thread keeps for all
// the ThreadScratch<T> made on it, left between loans in whatever state the last borrower left
// it (resetting it for the next run is the borrower's job). When the thread's T is on loan
// already (a run under way on this thread calls back into another run: a tagger that runs an
// extractor), it lends a fresh T of its own instead, destroyed with it. The loan ends with the
// ThreadScratch, also when an exception unwinds it (a borrower whose constructor throws).
// T must be default-constructible. Belongs to the thread that made it; not copyable.
template <typename T>
class ThreadScratch {
 public:
  ThreadScratch() {
    Slot& slot = ThisThread();
    if (slot.lent) {
      own_.emplace();
      value_ = &*own_;
    } else {
      slot.lent = true;
      lent_ = &slot.lent;
      value_ = &slot.value;
    }
  }
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() {
    if (lent_) *lent_ = false;
  }

  T& operator*() const { return *value_; }
  T* operator->() const { return value_; }
  // Whether it lends the thread's T (false: a T of its own, the thread's being on loan).
  bool thread_owned() const { return lent_ != nullptr; }

 private:
  struct Slot {
    bool lent = false;
    T value;
  };
  static Slot& ThisThread() {
    thread_local Slot slot;
    return slot;
  }

  T* value_ = nullptr;
  bool* lent_ = nullptr;  // the thread's Slot::lent, when the thread's T is the one lent
  std::optional<T> own_;
};

}  // namespace newsgraph::extract
