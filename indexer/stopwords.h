// stopwords.h: the stop-word lists (English, Spanish) used at index and query time; languages.h
// says which language uses which.
//
// Stop words are still indexed (so phrases such as "hot spots of crime" match), but the query
// parser drops them from free-text queries unless they are inside a phrase or required with '+'.
#pragma once

#include <xapian.h>

namespace ch {

// A stopper with the Snowball English list. Immutable; one per thread or shared read-only.
const Xapian::SimpleStopper& EnglishStopper();
// The Snowball Spanish list, accent-folded ("mas", "tambien"), as queries and text are.
const Xapian::SimpleStopper& SpanishStopper();

}  // namespace ch
