// The calendar rule of front-matter dates (IsValidPartialDate), case by case: the Gregorian
// leap-year rule at both ends of the allowed range, the range itself, and every malformed shape.
#include <gtest/gtest.h>

#include <string>

#include "indexer/resource_parser.h"

namespace ch {
namespace {

struct DateCase {
  const char* date;
  bool valid;
  const char* why;
};

// 1900 and 2100 are the ends of the allowed range and both are century years that are NOT leap
// years (divisible by 100 but not by 400); 2000 is divisible by 400 and is one.
const DateCase kCenturyYears[] = {
    {"1900-02-29", false, "1900 is divisible by 100 and not by 400"},
    {"2100-02-29", false, "2100 is divisible by 100 and not by 400"},
    {"2000-02-29", true, "2000 is divisible by 400"},
    {"1900-02-28", true, "the last day of February 1900"},
    {"2100-02-28", true, "the last day of February 2100"},
    {"2000-02-30", false, "no February has 30 days"},
};

const DateCase kOrdinaryYears[] = {
    {"2024-02-29", true, "2024 is divisible by 4"},
    {"2023-02-29", false, "2023 is not divisible by 4"},
    {"1996-02-29", true, "1996 is divisible by 4"},
    {"2021-04-31", false, "April has 30 days"},
    {"2021-04-30", true, "April 30 exists"},
    {"2021-12-31", true, "December has 31 days"},
    {"2021-01-31", true, "January has 31 days"},
    {"2021-06-31", false, "June has 30 days"},
    {"2021-02-00", false, "there is no day 0"},
    {"2021-01-32", false, "no month has 32 days"},
};

const DateCase kRangeAndShape[] = {
    {"1900", true, "the first year allowed"},
    {"2100", true, "the last year allowed"},
    {"1899", false, "before the range"},
    {"2101", false, "after the range"},
    {"1899-12-31", false, "the day before the range"},
    {"2101-01-01", false, "the day after the range"},
    {"1900-01-01", true, "the first day of the range"},
    {"2100-12-31", true, "the last day of the range"},
    {"2021-00", false, "there is no month 0"},
    {"2021-13", false, "there is no month 13"},
    {"2021-12", true, "a year and a month"},
    {"2021-1-01", false, "the month has two digits"},
    {"2021/01/01", false, "dashes separate the parts"},
    {"2021-01-1", false, "the day has two digits"},
    {"21-01-01", false, "the year has four digits"},
    {"2021-0a", false, "digits only"},
    {"", false, "empty"},
    {"2021-01-01T00:00", false, "no time of day"},
};

void ExpectAll(const DateCase* begin, const DateCase* end) {
  for (const DateCase* c = begin; c != end; ++c) {
    EXPECT_EQ(IsValidPartialDate(c->date), c->valid)
        << "'" << c->date << "' should be " << (c->valid ? "accepted" : "rejected") << ": "
        << c->why;
  }
}

TEST(DateValidation, CenturyYearsFollowTheGregorianLeapYearRule) {
  ExpectAll(std::begin(kCenturyYears), std::end(kCenturyYears));
}

TEST(DateValidation, MonthLengthsAndOrdinaryLeapYears) {
  ExpectAll(std::begin(kOrdinaryYears), std::end(kOrdinaryYears));
}

TEST(DateValidation, YearsFrom1900To2100InTheThreeShapes) {
  ExpectAll(std::begin(kRangeAndShape), std::end(kRangeAndShape));
}

}  // namespace
}  // namespace ch
