// What the programs' allocator (cli/allocator.cc) found when the program started: how long the
// first touch of a 4 KiB page took and whether that made it take 2 MiB pages from the start.
#pragma once

namespace newsgraph::cli {

struct PageProbe {
  long first_touch_ns = -1;  // -1: no probe ran (MIMALLOC_LARGE_OS_PAGES was set)
  bool huge_pages_from_start = false;
};

// The probe's result in this process.
PageProbe LastPageProbe();

// Whether a first touch of `first_touch_ns` per 4 KiB page is slow enough that 2 MiB pages cost
// less from the start (a negative time, no probe, says no).
bool HugePagesFromStart(long first_touch_ns);

}  // namespace newsgraph::cli
