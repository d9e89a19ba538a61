#include "export/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <streambuf>
#include <system_error>
#include <thread>
#include <vector>

namespace newsgraph::exporters {
namespace {

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

std::string ErrnoText(int err) { return std::strerror(err); }

// Makes a growing file durable while it is written, on a thread of its own: past every
// kSyncBytes written it calls fdatasync(2), so that the fsync that commits the file (Commit)
// waits for the last few megabytes rather than for the whole file. On a virtual disk the
// fsync's wait grows with the data the host still holds unflushed (its own cache, flushed by
// the sync): a 124 MB JSON-LD file took 55 ms to sync at the end, after the writeback hints of
// FdStreamBuf, against ~10 ms with the data synced as it came. The thread only waits on the
// disk (a few milliseconds of CPU for such a file) and starts only once a file passes
// kSyncBytes. A sync that fails is remembered: the errno of a failed writeback is reported
// to one sync call only, so the final fsync would not see it again.
class BackgroundSync {
 public:
  explicit BackgroundSync(int fd) : fd_(fd) {}
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;
  ~BackgroundSync() { Stop(); }

  // The file holds `written` bytes now. Called by one thread at a time (the writing one).
  void Written(off_t written) {
    if (written - requested_ < kSyncBytes) return;
    requested_ = written;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return;
      pending_ = true;
    }
    if (!thread_.joinable()) {
      try {
        thread_ = std::thread([this] { Run(); });
      } catch (const std::system_error&) {
        // No thread to be had: the final fsync does all the work, as without this class.
        return;
      }
    }
    cv_.notify_one();
  }

  // Ends the thread (after the sync it is in, if any; a requested one not yet begun is left to
  // the caller's fsync) and returns the errno of the first sync that failed, or 0. Must be
  // called before the descriptor is closed.
  int Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  static constexpr off_t kSyncBytes = off_t{16} << 20;

  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return pending_ || stop_; });
      if (stop_) return;
      pending_ = false;
      lock.unlock();
      const int err = ::fdatasync(fd_) == 0 ? 0 : errno;
      lock.lock();
      // EINTR syncs nothing and reports no data lost: the final fsync does it.
      if (err != 0 && err != EINTR && error_ == 0) error_ = err;
    }
  }

  const int fd_;
  off_t requested_ = 0;  // the size last handed to the thread (the writing thread's own)
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;  // a sync is asked for; under mu_
  bool stop_ = false;     // under mu_
  int error_ = 0;         // the first failed sync's errno; under mu_ until the thread ends
  std::thread thread_;
};

// A std::streambuf over a POSIX file descriptor. std::ofstream hides the errno of a failed
// write(2), and the Status must say "No space left on device", so the first error is kept.
class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd), buf_(1 << 16) {
    setp(buf_.data(), buf_.data() + buf_.size());
  }
  ~FdStreamBuf() override = default;

  int error() const { return error_; }
  // Ends the background sync (BackgroundSync::Stop) and returns its first errno, or 0.
  int StopSync() { return sync_.Stop(); }

 protected:
  int_type overflow(int_type ch) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return Drain() ? 0 : -1; }

  // The JSON-LD writer hands over whole chunks of many kilobytes: a piece that does not fit in
  // the free part of the buffer goes straight to the fd (after what is pending), instead of
  // being copied through the buffer one buffer-full at a time. Small pieces are buffered.
  std::streamsize xsputn(const char* s, std::streamsize count) override {
    const auto n = static_cast<std::size_t>(count);
    if (n > static_cast<std::size_t>(epptr() - pptr())) {
      if (!Drain()) return 0;
      if (n >= buf_.size()) return WriteAll(s, n) ? count : 0;
    }
    std::memcpy(pptr(), s, n);
    pbump(static_cast<int>(count));
    return count;
  }

 private:
  // Writes the pending buffer and empties it.
  bool Drain() {
    if (!WriteAll(pbase(), static_cast<std::size_t>(pptr() - pbase()))) return false;
    setp(buf_.data(), buf_.data() + buf_.size());
    return true;
  }

  // Writes `left` bytes at `p`, through short writes and EINTR; keeps the first errno.
  bool WriteAll(const char* p, std::size_t left) {
    if (error_ != 0) return false;
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
      written_ += n;
    }
    StartWriteback();
    sync_.Written(written_);
    return true;
  }

  // Every kWritebackBytes, asks the kernel to start writing the new bytes to the disk (Linux),
  // as the file grows, so that no sync (BackgroundSync's, then Commit's fsync) finds them all
  // still to be written. Only a hint, which changes no byte: a real I/O error is reported by a
  // sync.
  void StartWriteback() {
#ifdef __linux__
    constexpr off_t kWritebackBytes = off_t{4} << 20;
    if (written_ - writeback_from_ < kWritebackBytes) return;
    (void)::sync_file_range(fd_, writeback_from_, written_ - writeback_from_,
                            SYNC_FILE_RANGE_WRITE);
    writeback_from_ = written_;
#endif
  }

  int fd_;
  off_t written_ = 0;         // bytes written to fd_
  off_t writeback_from_ = 0;  // the first of them not yet handed to StartWriteback's hint
  std::vector<char> buf_;
  int error_ = 0;
  BackgroundSync sync_{fd_};
};

std::string TempPathFor(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

std::string DirOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Checks that `path` may be replaced: it does not exist yet or is a regular file. Renaming over
// a device (/dev/full), a directory or a FIFO would destroy something that is not ours.
// On success `mode` holds the permissions the new file should keep (0 when there is no file).
Status CheckTarget(const std::string& path, mode_t& mode) {
  mode = 0;
  if (path.empty()) return Status::Error("cannot write a file with an empty name");
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return Status::Error("cannot write " + Quoted(path) +
                           ": it is a directory; give a file name");
    if (!S_ISREG(st.st_mode))
      return Status::Error("cannot write " + Quoted(path) +
                           ": not a regular file (device, FIFO or socket); refusing to replace it, "
                           "write to a regular file instead");
    mode = st.st_mode & 07777;
    return Status::Ok();
  }
  const int err = errno;
  if (err != ENOENT) return Status::Error("cannot write " + Quoted(path) + ": " + ErrnoText(err));
  const std::string dir = DirOf(path);
  if (::stat(dir.c_str(), &st) != 0)
    return Status::Error("cannot write " + Quoted(path) + ": directory " + Quoted(dir) + ": " +
                         ErrnoText(errno) + "; create the directory first");
  if (!S_ISDIR(st.st_mode))
    return Status::Error("cannot write " + Quoted(path) + ": " + Quoted(dir) +
                         " is not a directory");
  return Status::Ok();
}

// Makes the temporary file durable and puts it in place of `path`. `sync_error` is the errno of
// a sync that already failed on the file (BackgroundSync), or 0: it fails the commit as the
// final fsync's own error would.
Status Commit(const std::string& tmp, const std::string& path, int fd, mode_t mode,
              int sync_error = 0) {
  if (mode != 0 && ::fchmod(fd, mode) != 0) {
    return Status::Error("cannot write " + Quoted(path) + ": chmod of " + Quoted(tmp) + ": " +
                         ErrnoText(errno));
  }
  if (sync_error == 0 && ::fsync(fd) != 0) sync_error = errno;
  if (sync_error != 0) {
    return Status::Error("cannot write " + Quoted(path) + ": " + ErrnoText(sync_error) +
                         " (while syncing " + Quoted(tmp) + ")");
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::Error("cannot write " + Quoted(path) + ": rename from " + Quoted(tmp) + ": " +
                         ErrnoText(errno));
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write) {
  mode_t mode = 0;
  if (Status s = CheckTarget(path, mode); !s.ok()) return s;
  const std::string tmp = TempPathFor(path);
  // O_NOFOLLOW: a symlink planted at the temporary name must not redirect the write.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) {
    return Status::Error("cannot write " + Quoted(path) + ": cannot create temporary file " +
                         Quoted(tmp) + ": " + ErrnoText(errno));
  }
  Status result;
  int sync_error = 0;  // of the background sync (BackgroundSync), for Commit
  {
    FdStreamBuf buf(fd);
    std::ostream os(&buf);
    try {
      result = write(os);
      // A writer that stops at the first stream error reports it without the cause; the
      // errno (ENOSPC, EFBIG) is the message the user needs.
      if (!result.ok() && buf.error() != 0) {
        result = Status::Error("cannot write " + Quoted(path) + ": " + ErrnoText(buf.error()));
      }
    } catch (...) {
      // Not ours to handle, but never leave the temporary file or the descriptor behind.
      buf.StopSync();
      ::close(fd);
      ::unlink(tmp.c_str());
      throw;
    }
    if (result.ok()) {
      os.flush();
      if (buf.error() != 0) {
        result = Status::Error("cannot write " + Quoted(path) + ": " + ErrnoText(buf.error()));
      } else if (!os) {
        result = Status::Error("cannot write " + Quoted(path) +
                               ": the output stream failed while writing " + Quoted(tmp));
      }
    }
    sync_error = buf.StopSync();
  }
  if (result.ok()) result = Commit(tmp, path, fd, mode, sync_error);
  if (::close(fd) != 0 && result.ok()) {
    // The rename already happened; a close error after fsync cannot lose data on Linux, but
    // report it rather than hide it.
    return Status::Error("cannot write " + Quoted(path) + ": close: " + ErrnoText(errno));
  }
  if (!result.ok()) ::unlink(tmp.c_str());
  return result;
}

Status WriteFileAtomicallyWithPath(
    const std::string& path, const std::function<Status(const std::string& tmp_path)>& write) {
  mode_t mode = 0;
  if (Status s = CheckTarget(path, mode); !s.ok()) return s;
  const std::string tmp = TempPathFor(path);
  ::unlink(tmp.c_str());  // a leftover from a crashed run with the same pid
  Status result;
  try {
    result = write(tmp);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (result.ok()) {
    int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0) {
      result = Status::Error("cannot write " + Quoted(path) + ": the writer did not produce " +
                             Quoted(tmp) + ": " + ErrnoText(errno));
    } else if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      result = Status::Error("cannot write " + Quoted(path) + ": " + Quoted(tmp) +
                             " is not a regular file");
    } else {
      result = Commit(tmp, path, fd, mode);
    }
    if (fd >= 0) ::close(fd);
  }
  if (!result.ok()) ::unlink(tmp.c_str());
  return result;
}

}  // namespace newsgraph::exporters
