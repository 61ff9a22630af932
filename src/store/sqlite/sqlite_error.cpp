#include "store/sqlite/sqlite_error.hpp"

#include <string>

namespace clockko::store::sqlite {

bool IsUnavailableCode(int rc) {
  switch (rc & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

Error MakeSqliteError(sqlite3* db, int rc, std::string_view what) {
  // sqlite3_errmsg describes the most recent failure on `db`; when the caller's rc is not that
  // failure (e.g. a step error reported after a reset), fall back to the generic text for rc.
  const char* message = nullptr;
  if (db != nullptr && (sqlite3_extended_errcode(db) == rc || sqlite3_errcode(db) == rc)) {
    message = sqlite3_errmsg(db);
  } else {
    message = sqlite3_errstr(rc);
  }
  std::string detail = "sqlite ";
  detail.append(what);
  detail += ": ";
  detail += message != nullptr ? message : "unknown error";
  detail += " (code " + std::to_string(rc) + ")";
  if (IsUnavailableCode(rc)) {
    return Unavailable(std::move(detail)).value();
  }
  return Internal(std::move(detail)).value();
}

}  // namespace clockko::store::sqlite
