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

// Query side only: the Snowball English list and the filler of everyday English speech, which
// people put in questions but which says nothing of what they ask: indefinite pronouns
// ("anyone", "somebody", "nothing"), hedges and intensifiers ("really", "actually", "even",
// "ever", "still", "maybe"; not "lot", which is also the empty lot), vague nouns ("thing",
// "stuff", "guys"), contractions typed without their apostrophe ("dont", "whats", "arent";
// Snowball lists "don't", and LayPhraseKey folds both alike), greetings ("hi", "thanks"), and
// "us" ("tell us", "help us"; Snowball leaves it out for the country). A professional's text uses
// them rarely, so each one that a resource happens to hold weighed like a rare word
// (benchmarks/RESULTS.md, issue 12, ninth round). Light verbs ("get", "got", "keep") are not
// here: measured, they were neutral or cost the development set.
const Xapian::SimpleStopper& EnglishFillerStopper();

}  // namespace ch
