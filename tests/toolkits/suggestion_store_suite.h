// suggestion_store_suite.h: one behavioural suite for every SuggestionStore (suggestion_store.h),
// run against SQLite (suggestion_store_test.cc) and PostgreSQL (postgres_store_test.cc).
//
//   RunSuggestionStoreSuite([] { return OpenAFreshStore(); });
#pragma once

#include <functional>
#include <memory>

#include "toolkits/suggestion_store.h"

namespace ch::test {

using SuggestionStoreFactory = std::function<std::unique_ptr<SuggestionStore>()>;

// Each check opens its own fresh store through `open` (ADD_FAILURE when it returns null).
void CheckSuggestionStoreKeepsEveryField(const SuggestionStoreFactory& open);
void CheckSuggestionStoreListsNewestFirstByStatus(const SuggestionStoreFactory& open);
// Regression: a fresh-clone CI run listed two suggestions made in the same millisecond by their
// random ids; the later insert must come first.
void CheckSuggestionStoreListsOneMillisecondByInsertOrder(const SuggestionStoreFactory& open);
void CheckSuggestionStoreRefusesAStaleVersion(const SuggestionStoreFactory& open);

}  // namespace ch::test
