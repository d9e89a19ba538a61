// The project's lexicons (data/), loaded once per test binary and shared by the extractor tests.
#pragma once

#include <gtest/gtest.h>

#include <utility>

#include "extract/lexicon.h"

namespace newsgraph::extract::test_support {

inline const Lexicon& Lex() {
  static const Lexicon* lex = [] {
    auto l = Lexicon::Load(NEWSGRAPH_DATA_DIR);
    EXPECT_TRUE(l.ok()) << l.status().message();
    return new Lexicon(std::move(l).value());
  }();
  return *lex;
}

}  // namespace newsgraph::extract::test_support
