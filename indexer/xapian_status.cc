#include "indexer/xapian_status.h"

#include <string_view>

namespace ch {

Status StatusFromXapian(const Xapian::Error& e, const std::string& what) {
  std::string_view type = e.get_type();
  std::string message = what + ": " + std::string(type) + ": " + e.get_msg();
  if (type == "DatabaseLockError") {
    return Status::Unavailable(message + " (another process is writing this index)");
  }
  if (type == "DatabaseModifiedError") return Status::Unavailable(message);
  if (type == "DatabaseCorruptError") return Status::Corruption(message);
  if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
    return Status::NotFound(message);
  }
  return Status::IOError(message);
}

}  // namespace ch
