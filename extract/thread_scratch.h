// ThreadScratch: the scratch storage (per-token vectors, the tagger's caches and the like) a
// run keeps on its thread from one document to the next, so that a document allocates none of
// it once an earlier one on the thread was as long. Used by the entity, quote and relation
// extractors' runs and by the tagger. ReleaseIdleThreadScratch() frees what every thread keeps,
// for a program that is done extracting (the Pipeline's destructor calls it).
#pragma once

#include <mutex>
#include <optional>

namespace newsgraph::extract {

// Replaces every thread's scratch object (of every ThreadScratch type) that is not on loan with
// a fresh one, freeing what it held: the threads that extracted keep their objects until they
// exit, and a tagger's caches alone take megabytes per thread. Objects on loan are left alone
// (their runs still use them). Thread-safe; any thread.
void ReleaseIdleThreadScratch();

namespace internal {
// A thread's scratch object as the registry behind ReleaseIdleThreadScratch() sees it. `lent`
// is read and written under `mu`: by its thread when a loan starts and ends, by the releasing
// thread when it resets the object.
class ScratchSlotBase {
 public:
  ScratchSlotBase(const ScratchSlotBase&) = delete;
  ScratchSlotBase& operator=(const ScratchSlotBase&) = delete;
  std::mutex mu;
  bool lent = false;
  // Makes the object a fresh one; called under `mu`, when not lent.
  virtual void Reset() = 0;

 protected:
  ScratchSlotBase() = default;
  ~ScratchSlotBase() = default;
};
// Adds a slot to what ReleaseIdleThreadScratch() resets, or takes it out: from the constructor
// and destructor of the most derived slot, so that it is never reset half made or half gone.
void RegisterScratchSlot(ScratchSlotBase* slot);
void UnregisterScratchSlot(ScratchSlotBase* slot);
}  // namespace internal

// Lends, for its lifetime, this thread's T: the one object of type T the thread keeps for all
// the ThreadScratch<T> made on it, left between loans in whatever state the last borrower left
// it (resetting it for the next run is the borrower's job), or made fresh again by
// ReleaseIdleThreadScratch(). When the thread's T is on loan
// already (a run under way on this thread calls back into another run: a tagger that runs an
// extractor), it lends a fresh T of its own instead, destroyed with it. The loan ends with the
// ThreadScratch, also when an exception unwinds it (a borrower whose constructor throws).
// T must be default-constructible. Belongs to the thread that made it; not copyable.
template <typename T>
class ThreadScratch {
 public:
  ThreadScratch() {
    Slot& slot = ThisThread();
    {
      // Uncontended but for a ReleaseIdleThreadScratch() under way.
      const std::lock_guard<std::mutex> lock(slot.mu);
      if (!slot.lent) {
        slot.lent = true;
        lent_ = &slot;
        value_ = &slot.value;
        return;
      }
    }
    own_.emplace();
    value_ = &*own_;
  }
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() {
    if (lent_) {
      const std::lock_guard<std::mutex> lock(lent_->mu);
      lent_->lent = false;
    }
  }

  T& operator*() const { return *value_; }
  T* operator->() const { return value_; }
  // Whether it lends the thread's T (false: a T of its own, the thread's being on loan).
  bool thread_owned() const { return lent_ != nullptr; }

 private:
  struct Slot final : internal::ScratchSlotBase {
    Slot() { internal::RegisterScratchSlot(this); }
    ~Slot() { internal::UnregisterScratchSlot(this); }
    T value;
    void Reset() override { value = T(); }
  };
  static Slot& ThisThread() {
    thread_local Slot slot;
    return slot;
  }

  T* value_ = nullptr;
  Slot* lent_ = nullptr;  // the thread's Slot, when the thread's T is the one lent
  std::optional<T> own_;
};

}  // namespace newsgraph::extract
