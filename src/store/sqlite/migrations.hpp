#pragma once
// The SQLite schema as an append-only list of numbered migrations. Never edit or reorder a
// migration that has shipped: add a new one. SqliteDatabase::Migrate applies the pending ones,
// each in its own transaction, and records them in schema_migrations.
#include <span>

namespace clockko::store::sqlite {

struct Migration {
  int version;       // 1, 2, ...: strictly increasing, no gaps
  const char* name;  // "0001_initial"
  const char* sql;   // constant DDL, possibly several statements
};

// All migrations, in version order.
std::span<const Migration> Migrations();

}  // namespace clockko::store::sqlite
