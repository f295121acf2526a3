// FacetCounter (server/services/facet_counter.h): per-value document counts from multi-valued
// facet slots, checked against counts by hand on a small in-memory Xapian database.
#include "server/services/facet_counter.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "indexer/schema.h"

namespace ch {
namespace {

constexpr Xapian::valueno kSlot = schema::kSlotFacetTopic;

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += schema::kFacetSeparator;
    out += values[i];
  }
  return out;
}

class FacetCounterTest : public ::testing::Test {
 protected:
  FacetCounterTest() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    Add("even", {"drugs", "gangs"});
    Add("odd", {"drugs"});
    Add("even", {"gangs", "guns"});
    Add("odd", {});                   // no value in the slot
    Add("even", {"drugs", "gangs"});  // the same combination as the first
    Add("odd", {"guns"});
  }
  void Add(const std::string& term, const std::vector<std::string>& values) {
    Xapian::Document doc;
    doc.add_term(term);
    if (!values.empty()) doc.add_value(kSlot, Join(values));
    db_.add_document(doc);
  }
  std::map<std::string, uint64_t> Count(const Xapian::Query& query) {
    FacetCounter counter(kSlot);
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.add_matchspy(&counter.spy());
    enquire.get_mset(0, 1, db_.get_doccount());  // check every candidate: exact counts
    const auto& counts = counter.counts();
    EXPECT_EQ(&counter.counts(), &counts) << "counted once, on the first call";
    return {counts.begin(), counts.end()};
  }
  Xapian::WritableDatabase db_;
};

TEST_F(FacetCounterTest, CountsEachValueOfEveryMatchingDocument) {
  EXPECT_EQ(Count(Xapian::Query::MatchAll),
            (std::map<std::string, uint64_t>{{"drugs", 3}, {"gangs", 3}, {"guns", 2}}));
}

TEST_F(FacetCounterTest, CountsOnlyTheDocumentsTheQueryMatches) {
  EXPECT_EQ(Count(Xapian::Query("even")),
            (std::map<std::string, uint64_t>{{"drugs", 2}, {"gangs", 3}, {"guns", 1}}));
  EXPECT_EQ(Count(Xapian::Query("odd")),
            (std::map<std::string, uint64_t>{{"drugs", 1}, {"guns", 1}}));
  EXPECT_TRUE(Count(Xapian::Query("nothing")).empty());
}

TEST_F(FacetCounterTest, IgnoresEmptyPiecesBetweenSeparators) {
  Xapian::Document doc;
  doc.add_term("odd");
  doc.add_value(kSlot, std::string(1, schema::kFacetSeparator) + "drugs" + schema::kFacetSeparator +
                           schema::kFacetSeparator);
  db_.add_document(doc);
  EXPECT_EQ(Count(Xapian::Query("odd")),
            (std::map<std::string, uint64_t>{{"drugs", 2}, {"guns", 1}}));
}

}  // namespace
}  // namespace ch
