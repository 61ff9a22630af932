#pragma once
// Turns an SQLite result code into the project's Error (the store's error policy in one place):
// busy/locked past the busy timeout, disk full, I/O errors, cannot-open and read-only become
// kUnavailable (503 for the client); everything else is kInternal. `what` names the operation
// ("users.insert"), never SQL text or values; the SQLite message goes into `detail` only.
#include <sqlite3.h>

#include <string_view>

#include "core/result.hpp"

namespace clockko::store::sqlite {

// True for the result codes that mean "the database is unusable right now, retry later".
bool IsUnavailableCode(int rc);

// `db` may be null (the message then comes from sqlite3_errstr).
Error MakeSqliteError(sqlite3* db, int rc, std::string_view what);

}  // namespace clockko::store::sqlite
