#include "extract/thread_scratch.h"

#include <algorithm>
#include <vector>

namespace newsgraph::extract {
namespace {

// Every thread's scratch objects, of every type. Never destroyed: a thread may end, and
// unregister its objects, after the program's static objects are gone.
struct Registry {
  std::mutex mu;
  std::vector<internal::ScratchSlotBase*> slots;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;
  return *registry;
}

}  // namespace

namespace internal {

void RegisterScratchSlot(ScratchSlotBase* slot) {
  Registry& r = TheRegistry();
  const std::lock_guard<std::mutex> lock(r.mu);
  r.slots.push_back(slot);
}

void UnregisterScratchSlot(ScratchSlotBase* slot) {
  Registry& r = TheRegistry();
  const std::lock_guard<std::mutex> lock(r.mu);
  r.slots.erase(std::find(r.slots.begin(), r.slots.end(), slot));
}

}  // namespace internal

void ReleaseIdleThreadScratch() {
  Registry& r = TheRegistry();
  // Held throughout: a thread that ends meanwhile waits in its objects' destructors.
  const std::lock_guard<std::mutex> lock(r.mu);
  for (internal::ScratchSlotBase* slot : r.slots) {
    const std::lock_guard<std::mutex> slot_lock(slot->mu);
    if (!slot->lent) slot->Reset();
  }
}

}  // namespace newsgraph::extract
