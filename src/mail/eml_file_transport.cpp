#include "mail/eml_file_transport.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace clockko::mail {
namespace {

tl::unexpected<Error> DiskError(std::string_view what, const std::string& path, int err) {
  return Unavailable("eml transport: " + std::string(what) + " " + path + ": " +
                     std::strerror(err));
}

// mkdir -p with mode 0700 for every directory it creates (existing ones are left as they are).
Result<> MakeDirs(const std::string& dir) {
  if (dir.empty()) {
    return Unavailable("eml transport: empty mail directory");
  }
  for (std::size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') {
      continue;
    }
    const std::string prefix = dir.substr(0, pos);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return DiskError("mkdir", prefix, errno);
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return DiskError("stat", dir, errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return DiskError("not a directory:", dir, ENOTDIR);
  }
  return {};
}

Result<> WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return DiskError("write", path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// rename() that refuses to replace an existing file, so two writers can never clobber each other.
// Returns errno (0 on success).
int RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return 0;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    return errno;
  }
  // The file system lacks RENAME_NOREPLACE: a hard link fails with EEXIST just the same.
  if (::link(from.c_str(), to.c_str()) != 0) {
    return errno;
  }
  ::unlink(from.c_str());
  return 0;
}

}  // namespace

EmlFileTransport::EmlFileTransport(std::string dir) : dir_(std::move(dir)), clock_(system_clock_) {}

EmlFileTransport::EmlFileTransport(std::string dir, const Clock& clock)
    : dir_(std::move(dir)), clock_(clock) {}

Result<> EmlFileTransport::Send(const MailMessage& /*msg*/, std::string_view mime) {
  if (Result<> r = MakeDirs(dir_); !r) {
    return r;
  }
  const std::string base = dir_ + "/" + std::to_string(clock_.Now().unix_seconds()) + "-" +
                           std::to_string(::getpid()) + "-";
  // O_EXCL: another transport instance on the same directory may be using the same counter.
  std::uint64_t n = 0;
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    n = counter_.fetch_add(1);
    // A leading dot keeps half-written files out of "*.eml" globs.
    tmp = dir_ + "/.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(n) + ".eml.part";
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
      return DiskError("open", tmp, errno);
    }
  }
  if (fd < 0) {
    return DiskError("open", tmp, EEXIST);
  }
  Result<> written = WriteAll(fd, mime, tmp);
  if (written && ::fsync(fd) != 0) {
    written = DiskError("fsync", tmp, errno);
  }
  if (::close(fd) != 0 && written) {
    written = DiskError("close", tmp, errno);
  }
  if (!written) {
    ::unlink(tmp.c_str());
    return written;
  }

  // The counter makes names unique within this process; retrying with a suffix covers a name
  // left by an earlier process that happened to have the same pid in the same second.
  std::string final_path = base + std::to_string(n) + ".eml";
  int err = RenameNoReplace(tmp, final_path);
  for (int attempt = 1; err == EEXIST && attempt < 100; ++attempt) {
    final_path = base + std::to_string(n) + "-" + std::to_string(attempt) + ".eml";
    err = RenameNoReplace(tmp, final_path);
  }
  if (err != 0) {
    ::unlink(tmp.c_str());
    return DiskError("rename to", final_path, err);
  }
  // Make the new directory entry durable too.
  const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace clockko::mail
