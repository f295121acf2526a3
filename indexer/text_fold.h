// text_fold.h: accent and punctuation folding shared by indexing and searching.
//
//   FoldAccents("Café “crime” — résumé")  ->  "Cafe \"crime\" - resume"
//
// Latin letters with diacritics (U+00C0-U+017F) become their ASCII base letters (ß -> ss, æ -> ae,
// œ -> oe), curly quotes and primes become ASCII quotes, en and em dashes a hyphen, and a no-break
// space a space. A Greek letter standing among Latin letters (a symbol: "TNF-α", "β-cells", not a
// Greek word) becomes its name ("TNF-alpha", "beta-cells"), except mu ("μg" is a unit). Every
// other byte, valid UTF-8 or not, is copied unchanged, so the output is valid
// UTF-8 when the input is. The indexer folds the text it indexes and the search folds the query,
// so "cafe" and "café" find each other. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ch {

std::string FoldAccents(std::string_view text);

}  // namespace ch
