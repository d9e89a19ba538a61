#include "graph/shared_string.h"

#include <cstring>
#include <new>
#include <ostream>

namespace newsgraph {

// One allocation per string: the count and size, then the bytes.
SharedString::SharedString(std::string_view s) {
  if (s.empty()) return;
  void* p = ::operator new(sizeof(Rep) + s.size());
  rep_ = new (p) Rep{{1}, s.size()};
  std::memcpy(rep_->data(), s.data(), s.size());
}

void SharedString::Free(Rep* rep) noexcept {
  rep->~Rep();
  ::operator delete(rep);
}

std::ostream& operator<<(std::ostream& os, const SharedString& s) { return os << s.view(); }

}  // namespace newsgraph
