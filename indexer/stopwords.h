// stopwords.h: the English stop-word list used at index and query time.
//
// Stop words are still indexed (so phrases such as "hot spots of crime" match), but the query
// parser drops them from free-text queries unless they are inside a phrase or required with '+'.
#pragma once

#include <xapian.h>

namespace ch {

// A stopper with the Snowball English list. Immutable; one per thread or shared read-only.
const Xapian::SimpleStopper& EnglishStopper();

}  // namespace ch
