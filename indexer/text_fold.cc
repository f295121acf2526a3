#include "indexer/text_fold.h"

namespace ch {
namespace {

// U+00C0-U+00FF; '\0' means "copy unchanged", '*' a two-letter fold handled below.
constexpr char kLatin1[] =
    "AAAAAA*CEEEEIIII"
    "DNOOOOO\0OUUUUY\0*"
    "aaaaaa*ceeeeiiii"
    "dnooooo\0ouuuuy\0y";
// U+0100-U+017F.
constexpr char kLatinExtendedA[] =
    "AaAaAaCcCcCcCcDd"
    "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi"
    "Ii**JjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo"
    "Oo**RrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu"
    "UuUuWwYyYZzZzZzs";

const char* TwoLetterFold(unsigned code) {
  switch (code) {
    case 0xC6:
      return "AE";
    case 0xDF:
      return "ss";
    case 0xE6:
      return "ae";
    case 0x132:
      return "IJ";
    case 0x133:
      return "ij";
    case 0x152:
      return "OE";
    case 0x153:
      return "oe";
  }
  return nullptr;
}

// The ASCII replacement of a punctuation code point, or nullptr.
const char* FoldPunctuation(unsigned code) {
  switch (code) {
    case 0xA0:
      return " ";
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0xAB:
    case 0xBB:
      return "\"";
    case 0x2013:
    case 0x2014:
      return "-";
  }
  return nullptr;
}

// The names of the Greek letters U+03B1-U+03C9 (lowercase; U+0391-U+03A9 are their capitals, and
// U+03C2 is the final sigma). Mu is left as written: "μg" and "μM" are units, not a letter name.
constexpr const char* kGreekNames[] = {
    "alpha", "beta",    "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    "iota",  "kappa",   "lambda", nullptr, "nu",     "xi",   "omicron", "pi",
    "rho",   "sigma",   "sigma", "tau",   "upsilon", "phi",  "chi", "psi",
    "omega"};

// The name of the Greek letter `code`, or nullptr.
const char* GreekName(unsigned code) {
  if (code >= 0x3B1 && code <= 0x3C9) return kGreekNames[code - 0x3B1];
  if (code >= 0x391 && code <= 0x3A9 && code != 0x3A2) return kGreekNames[code - 0x391];
  return nullptr;
}

// Whether the two bytes at `at` (if any) are a Greek or Coptic code point (U+0340-U+03FF).
bool IsGreekAt(std::string_view text, size_t at) {
  if (at + 1 >= text.size()) return false;
  const unsigned char lead = static_cast<unsigned char>(text[at]);
  return lead >= 0xCD && lead <= 0xCF && (static_cast<unsigned char>(text[at + 1]) & 0xC0) == 0x80;
}

// A Greek letter standing alone among Latin letters is a symbol ("TNF-α", "β-cells", "IFNγ"):
// folded to its name, as scientific writing also spells it ("TNF-alpha"). A Greek word (two
// Greek letters in a row) is left as written.
const char* GreekSymbol(std::string_view text, size_t i, unsigned code) {
  const char* name = GreekName(code);
  if (!name) return nullptr;
  const bool before = i >= 2 && IsGreekAt(text, i - 2);
  const bool after = IsGreekAt(text, i + 2);
  return before || after ? nullptr : name;
}

}  // namespace

std::string FoldAccents(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // Decode two- and three-byte sequences; anything else is copied byte by byte.
    unsigned code = 0;
    size_t len = 0;
    auto cont = [&](size_t k) {
      return i + k < text.size() && (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    };
    if ((c & 0xE0) == 0xC0 && cont(1)) {
      code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
      code = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
             (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      len = 3;
    }
    const char* replacement = nullptr;
    char single[2] = {0, 0};
    if (len > 0) {
      if ((replacement = TwoLetterFold(code)) == nullptr &&
          (replacement = FoldPunctuation(code)) == nullptr &&
          (len != 2 || (replacement = GreekSymbol(text, i, code)) == nullptr)) {
        if (code >= 0xC0 && code <= 0xFF) single[0] = kLatin1[code - 0xC0];
        if (code >= 0x100 && code <= 0x17F) single[0] = kLatinExtendedA[code - 0x100];
        if (single[0] != 0 && single[0] != '*') replacement = single;
      }
    }
    if (replacement) {
      out += replacement;
      i += len;
    } else {
      size_t n = len > 0 ? len : 1;
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace ch
