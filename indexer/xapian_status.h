// xapian_status.h: converts Xapian exceptions into Status values at the adapter boundary.
//
//   try { db.commit(); } catch (const Xapian::Error& e) { return StatusFromXapian(e, "commit"); }
//
// DatabaseLockError -> Unavailable, DatabaseCorruptError -> Corruption,
// DatabaseModifiedError -> Unavailable (the caller should reopen and retry),
// DatabaseOpeningError and DatabaseNotFoundError -> NotFound, anything else -> IOError.
#pragma once

#include <string>

#include <xapian.h>

#include "base/status.h"

namespace ch {

Status StatusFromXapian(const Xapian::Error& e, const std::string& what);

}  // namespace ch
