// Tests of ThreadScratch (extract/thread_scratch.h), the per-thread storage the entity and
// quote extractors' runs reuse: a thread's loans share one object, a loan made while another
// is out (re-entrant use) gets an object of its own, a loan ends when an exception unwinds it,
// and other threads have their own.
#include "extract/thread_scratch.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace newsgraph::extract
