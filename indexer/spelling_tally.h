// spelling_tally.h: spelling data for a whole build, gathered in memory and written once.
//
// Xapian's TermGenerator::FLAG_SPELLING calls WritableDatabase::add_spelling once per word it
// indexes: a lookup in Xapian's change map per word written (58 million at 100k documents). A
// full build instead counts each document's unprefixed words here and, before its commit, adds
// each distinct word once with its total (160 thousand calls at 100k documents). The table that
// results is the one FLAG_SPELLING writes: a word's frequency is the number of times it was
// indexed as free text, that is its number of positions, whatever its wdf weight.
//
// Add() reads a built document's term list; it needs every unprefixed term to carry positions,
// as DocumentBuilder's free text does. Not thread-safe: one tally per thread, or hand it over.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>

namespace ch {

class SpellingTally {
 public:
  // Counts the unprefixed words of `doc` (terms not starting with a capital letter).
  void Add(const Xapian::Document& doc);

  // add_spelling(word, count) for every word counted; the tally is left as it was.
  void WriteTo(Xapian::WritableDatabase& db) const;

  size_t words() const { return counts_.size(); }

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

}  // namespace ch
