// Tests of ThreadScratch (extract/thread_scratch.h), the per-thread storage the extractors' runs
// and the tagger reuse: a thread's loans share one object, a loan made while another is out
// (re-entrant use) gets an object of its own, a loan ends when an exception unwinds it, other
// threads have their own, and ReleaseIdleThreadScratch() frees the idle ones only.
#include "extract/thread_scratch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace newsgraph::extract {
namespace {

// One type per test, so that each starts with a fresh thread object on the test's thread.
template <int kTest>
struct Scratch {
  std::vector<int> v;
};

TEST(ThreadScratch, LoansOneAfterAnotherShareTheThreadsObject) {
  const int* first = nullptr;
  {
    const ThreadScratch<Scratch<0>> s;
    EXPECT_TRUE(s.thread_owned());
    EXPECT_TRUE(s->v.empty());
    s->v.assign(1000, 7);
    first = s->v.data();
  }
  const ThreadScratch<Scratch<0>> again;
  EXPECT_TRUE(again.thread_owned());
  // The same object, as the last loan left it: its storage was kept, not reallocated.
  ASSERT_EQ(again->v.size(), 1000u);
  EXPECT_EQ(again->v.data(), first);
}

TEST(ThreadScratch, ALoanWhileTheThreadsObjectIsOutGetsItsOwn) {
  const ThreadScratch<Scratch<1>> outer;
  outer->v = {1, 2, 3};
  {
    const ThreadScratch<Scratch<1>> inner;  // a run calling back into another on this thread
    EXPECT_FALSE(inner.thread_owned());
    EXPECT_NE(&*inner, &*outer);
    EXPECT_TRUE(inner->v.empty());
    inner->v = {9};
    {
      const ThreadScratch<Scratch<1>> innermost;
      EXPECT_FALSE(innermost.thread_owned());
      EXPECT_NE(&*innermost, &*inner);
    }
  }
  // The inner loans left the outer one's object alone, and did not end its loan.
  EXPECT_EQ(outer->v, (std::vector<int>{1, 2, 3}));
  const ThreadScratch<Scratch<1>> while_outer_is_out;
  EXPECT_FALSE(while_outer_is_out.thread_owned());
}

TEST(ThreadScratch, AnExceptionEndsTheLoan) {
  const Scratch<2>* lent = nullptr;
  try {
    const ThreadScratch<Scratch<2>> s;
    lent = &*s;
    throw std::runtime_error("a borrower's constructor failed");
  } catch (const std::runtime_error&) {
  }
  const ThreadScratch<Scratch<2>> after;
  EXPECT_TRUE(after.thread_owned());
  EXPECT_EQ(&*after, lent);
}

TEST(ThreadScratch, EachThreadHasItsOwnObject) {
  const ThreadScratch<Scratch<3>> here;
  here->v = {1};
  bool there_owned = false, there_empty = false;
  std::thread([&] {
    const ThreadScratch<Scratch<3>> s;  // this thread's object is free though main's is out
    there_owned = s.thread_owned();
    there_empty = s->v.empty();  // not main's, which holds {1}
  }).join();
  EXPECT_TRUE(there_owned);
  EXPECT_TRUE(there_empty);
  EXPECT_EQ(here->v, std::vector<int>{1});
}

// Releasing frees what a thread's idle object held (it is made fresh) and leaves an object on
// loan as it is, on this thread and on others.
TEST(ThreadScratch, ReleaseMakesIdleObjectsFreshAndLeavesLentOnesAlone) {
  {
    const ThreadScratch<Scratch<4>> s;
    s->v.assign(1000, 4);
  }
  const ThreadScratch<Scratch<5>> lent;
  lent->v = {5, 5};
  // Another thread's idle object, released while that thread waits (then checked by it).
  std::mutex mu;
  std::condition_variable cv;
  int step = 0;
  bool there_fresh = false;
  std::thread other([&] {
    {
      const ThreadScratch<Scratch<4>> s;
      s->v.assign(10, 4);
    }
    std::unique_lock<std::mutex> lock(mu);
    step = 1;
    cv.notify_all();
    cv.wait(lock, [&] { return step == 2; });
    const ThreadScratch<Scratch<4>> s;
    there_fresh = s->v.empty() && s->v.capacity() == 0;
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return step == 1; });
  }
  ReleaseIdleThreadScratch();
  {
    const std::lock_guard<std::mutex> lock(mu);
    step = 2;
  }
  cv.notify_all();
  other.join();
  EXPECT_TRUE(there_fresh);
  const ThreadScratch<Scratch<4>> again;
  EXPECT_TRUE(again.thread_owned());
  EXPECT_TRUE(again->v.empty());
  EXPECT_EQ(again->v.capacity(), 0u);  // its storage was freed, not only cleared
  EXPECT_EQ(lent->v, (std::vector<int>{5, 5}));
}

// Threads that end while others release: each object is unregistered as its thread ends, so a
// release never reaches a destroyed one (run under the sanitizers in CI).
TEST(ThreadScratch, ReleaseWhileThreadsComeAndGo) {
  std::atomic<bool> stop{false};
  std::thread releaser([&] {
    while (!stop.load()) {
      ReleaseIdleThreadScratch();
      std::this_thread::yield();  // lets the other threads take the registry's lock too
    }
  });
  for (int i = 0; i < 50; ++i) {
    std::thread([] {
      for (int k = 0; k < 20; ++k) {
        const ThreadScratch<Scratch<6>> s;
        s->v.assign(100, k);
        EXPECT_EQ(s->v.size(), 100u);  // never reset while lent
        EXPECT_EQ(s->v[99], k);
      }
    }).join();
  }
  stop.store(true);
  releaser.join();
}

}  // namespace
}  // namespace newsgraph::extract
