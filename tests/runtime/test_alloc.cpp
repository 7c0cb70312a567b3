// tests/runtime/test_alloc.cpp: the allocation funnel's pools (runtime/gc.cpp): blocks of
// every pooled size class stay disjoint through scrambled frees and reuse, a pool whose
// blocks are all freed serves another class, and realloc keeps contents across classes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include "runtime/gc.h"

namespace gilpy::rt {
namespace {

struct Block {
  unsigned char* p;
  size_t size;
  unsigned char fill;
};

bool intact(const Block& b) {
  for (size_t i = 0; i < b.size; i++)
    if (b.p[i] != b.fill) return false;
  return true;
}

TEST(Alloc, BlocksStayDisjointThroughScrambledFreesAndReuse) {
  std::mt19937 rng(7);
  std::vector<Block> live;
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 20000; i++) {
      size_t size = 1 + rng() % 600;  // pooled classes and a few malloc'd ones
      auto fill = static_cast<unsigned char>(rng());
      auto* p = static_cast<unsigned char*>(mem_alloc(size));
      std::memset(p, fill, size);
      live.push_back({p, size, fill});
    }
    std::shuffle(live.begin(), live.end(), rng);
    for (size_t i = 0; i < live.size() / 2; i++) {
      ASSERT_TRUE(intact(live.back()));
      mem_free(live.back().p, live.back().size);
      live.pop_back();
    }
  }
  for (const Block& b : live) {
    ASSERT_TRUE(intact(b));
    mem_free(b.p, b.size);
  }
}

TEST(Alloc, AnEmptiedPoolServesAnotherClass) {
  // 4,000 blocks of 48 bytes fill many pools; freed, those pools are empty and the next
  // 4,000 blocks of 96 bytes come from them rather than from new memory.
  std::vector<void*> small;
  for (int i = 0; i < 4000; i++) small.push_back(mem_alloc(48));
  auto lo = reinterpret_cast<uintptr_t>(*std::min_element(small.begin(), small.end()));
  auto hi = reinterpret_cast<uintptr_t>(*std::max_element(small.begin(), small.end()));
  for (void* p : small) mem_free(p, 48);
  int reused = 0;
  std::vector<void*> big;
  for (int i = 0; i < 4000; i++) {
    void* p = mem_alloc(96);
    auto a = reinterpret_cast<uintptr_t>(p);
    reused += a >= lo && a <= hi;
    big.push_back(p);
  }
  for (void* p : big) mem_free(p, 96);
#ifndef GILPY_SANITIZER_BUILD
  EXPECT_GT(reused, 1000);
#else
  (void)reused;  // sanitizer builds allocate with malloc
#endif
}

TEST(Alloc, ReallocKeepsContentsAcrossClasses) {
  auto* p = static_cast<unsigned char*>(mem_alloc(20));
  for (int i = 0; i < 20; i++) p[i] = static_cast<unsigned char>(i);
  p = static_cast<unsigned char*>(mem_realloc(p, 20, 300));
  for (int i = 0; i < 20; i++) ASSERT_EQ(p[i], i);
  p = static_cast<unsigned char*>(mem_realloc(p, 300, 4000));
  for (int i = 0; i < 20; i++) ASSERT_EQ(p[i], i);
  p = static_cast<unsigned char*>(mem_realloc(p, 4000, 10));
  for (int i = 0; i < 10; i++) ASSERT_EQ(p[i], i);
  mem_free(p, 10);
}

}  // namespace
}  // namespace gilpy::rt
