// Atomic file output for every exporter: the content is written to a temporary file beside
// the target and renamed over it only once it was written, flushed and synced without error,
// so a failed export never leaves a half-written file or clobbers the previous one. A large file
// is synced as it grows, on a thread that waits on the disk, so the final sync has little left.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "graph/status.h"

namespace newsgraph::exporters {

// Writes `path` through `write`, which streams the whole content to the std::ostream it is
// given. The stream goes to `<path>.tmp.<pid>` in the same directory; when `write` returns OK
// and the stream reports no error after flush, close and fsync, the temporary file is renamed
// over `path`. On any failure (the callback's Status, a stream error such as ENOSPC, a missing
// directory, a target that is not a regular file such as /dev/full or a directory) the
// temporary file is removed, `path` is left exactly as it was, and the returned Status is one
// line naming the file and the problem (with the errno text when there is one).
// Thread-safety: safe for distinct paths; two concurrent writers of one path in one process
// share the temporary name and must be serialised by the caller.
Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write);

// The same contract for writers that need a file name rather than a stream (Graphviz renders
// to a file name or FILE*): `write` receives the temporary path, must create and fully write
// that file, and returns OK or why not. After OK, the file is synced and renamed over `path`.
Status WriteFileAtomicallyWithPath(const std::string& path,
                                   const std::function<Status(const std::string& tmp_path)>& write);

}  // namespace newsgraph::exporters
