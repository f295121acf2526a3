// synonyms.h: writes the taxonomy's concepts (concepts.h) into a database's synonym table.
//
// For every name of every concept the lowercase words of the name, joined by single spaces, become
// a synonym key whose synonyms are the concept terms ("XC" + key) of all concepts with that name;
// the plural/singular variant of the last word is added too. The query parser's
// FLAG_AUTO_SYNONYMS and FLAG_AUTO_MULTIWORD_SYNONYMS then expand "NIBIN" and "national integrated
// ballistic information network" alike to the concept term, which the documents using either
// name carry. A glossary group with a single name (a narrower subject with lay terms) writes no
// synonyms: its one name would only count the query's own words twice. An acronym that is also an
// ordinary word ("COPS": ConceptMatcher::IsCapitalsOnlyName) writes none, since the table cannot
// tell "COPS" from "cops"; the search adds its concept when it is written in capitals. Existing synonyms are
// replaced, so a changed taxonomy leaves no stale entries. Throws Xapian::Error (callers convert at
// their boundary).
#pragma once

#include <xapian.h>

#include "indexer/taxonomy.h"

namespace ch {

void WriteSynonyms(Xapian::WritableDatabase& db, const Taxonomy& taxonomy);

}  // namespace ch
