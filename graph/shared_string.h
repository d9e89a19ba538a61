// SharedString: an immutable string whose copies share one reference-counted buffer. The
// graph holds millions of provenance records (Evidence, the articles of an edge) that repeat a
// few strings: the id of their article and the sentence they were read in. Each record keeps a
// pointer-sized SharedString instead of its own std::string, so an article's id and each of its
// sentences are stored once however many edges cite them.
#pragma once

#include <absl/container/flat_hash_set.h>

#include <atomic>
#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace newsgraph {

// An immutable UTF-8 (or any bytes) string, the size of one pointer. Copying shares the text
// (an atomic reference count); comparisons and hashing are by content, like std::string.
// The empty string holds no buffer. Thread-safety as for std::shared_ptr<const std::string>:
// any number of threads may read, copy and destroy copies of the same SharedString.
class SharedString {
 public:
  SharedString() noexcept = default;
  explicit SharedString(std::string_view s);
  SharedString(const SharedString& o) noexcept : rep_(o.rep_) {
    if (rep_) rep_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  SharedString(SharedString&& o) noexcept : rep_(std::exchange(o.rep_, nullptr)) {}
  SharedString& operator=(const SharedString& o) noexcept {
    SharedString copy(o);
    std::swap(rep_, copy.rep_);
    return *this;
  }
  SharedString& operator=(SharedString&& o) noexcept {
    std::swap(rep_, o.rep_);
    return *this;
  }
  ~SharedString() {
    if (rep_ && rep_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) Free(rep_);
  }

  std::string_view view() const noexcept {
    return rep_ ? std::string_view(rep_->data(), rep_->size) : std::string_view();
  }
  operator std::string_view() const noexcept { return view(); }
  std::string str() const { return std::string(view()); }
  const char* data() const noexcept { return rep_ ? rep_->data() : ""; }
  std::size_t size() const noexcept { return rep_ ? rep_->size : 0; }
  bool empty() const noexcept { return rep_ == nullptr; }
  // True when both share one buffer (then they are equal); a cheap cache key.
  bool SameBuffer(const SharedString& o) const noexcept { return rep_ == o.rep_; }
  const void* buffer() const noexcept { return rep_; }

  friend bool operator==(const SharedString& a, const SharedString& b) noexcept {
    return a.rep_ == b.rep_ || a.view() == b.view();
  }
  friend std::strong_ordering operator<=>(const SharedString& a, const SharedString& b) noexcept {
    return a.view() <=> b.view();
  }
  friend bool operator==(const SharedString& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend std::strong_ordering operator<=>(const SharedString& a, std::string_view b) noexcept {
    return a.view() <=> b;
  }

 private:
  struct Rep {
    std::atomic<std::size_t> refs;
    std::size_t size;
    char* data() noexcept { return reinterpret_cast<char*>(this + 1); }
  };
  static void Free(Rep* rep) noexcept;

  Rep* rep_ = nullptr;
};

// Prints the text (for test failure messages and logs).
std::ostream& operator<<(std::ostream& os, const SharedString& s);

// Interns strings: equal strings come back as one shared buffer, so that a vocabulary repeated
// on millions of edges (predicates, roles, sentences) is stored once. Not thread-safe.
class StringPool {
 public:
  SharedString operator()(std::string_view s) {
    if (s.empty()) return {};
    return *strings_.lazy_emplace(s, [s](const auto& ctor) { ctor(SharedString(s)); });
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>()(s);
    }
  };
  // Open addressing (a reader interns every sentence and article id of a graph it loads).
  absl::flat_hash_set<SharedString, Hash, std::equal_to<>> strings_;
};

}  // namespace newsgraph

template <>
struct std::hash<newsgraph::SharedString> {
  std::size_t operator()(const newsgraph::SharedString& s) const noexcept {
    return std::hash<std::string_view>()(s.view());
  }
};
