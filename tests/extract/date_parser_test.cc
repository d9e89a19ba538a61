// Tests for extract/date_parser.h: every date format the readers meet on real pages, dates
// stated inside a line of page text, and impossible dates that must be rejected.
#include "extract/date_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::extract {
namespace {

struct ParseCase {
  const char* input;
  const char* expected;  // "" when the input is not a (valid) date
};

class ParseDateTest : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseDateTest, ParsesToIso) {
  EXPECT_EQ(ParseDate(GetParam().input), GetParam().expected) << "input: " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ParseDateTest,
    testing::Values(
        // Month name first.
        ParseCase{"September 26, 2014, 13:05", "2014-09-26T13:05:00"},
        ParseCase{"September 26, 2014", "2014-09-26"}, ParseCase{"Sep. 26, 2014", "2014-09-26"},
        ParseCase{"Sept 26 2014", "2014-09-26"}, ParseCase{"Nov 21st, 2016", "2016-11-21"},
        ParseCase{"Mon Nov 21, 2016 17:48:36", "2016-11-21T17:48:36"},
        ParseCase{"Monday, November 21, 2016 at 5:48 pm", "2016-11-21T17:48:00"},
        ParseCase{"Sep 26, 2014 12:05 a.m.", "2014-09-26T00:05:00"},
        // Day first with a month name, RFC 2822.
        ParseCase{"20 November 2014 | 17:41", "2014-11-20T17:41:00"},
        ParseCase{"20 November 2014", "2014-11-20"}, ParseCase{"26-Sep-2014", "2014-09-26"},
        ParseCase{"Fri, 26 Sep 2014 13:05:00 +0000", "2014-09-26T13:05:00"},
        ParseCase{"Fri, 26 Sep 2014 13:05:00 GMT", "2014-09-26T13:05:00"},
        // ctime.
        ParseCase{"Mon Nov 21 17:48:36 2016", "2016-11-21T17:48:36"},
        ParseCase{"Mon Nov 21 17:48:36 EST 2016", "2016-11-21T17:48:36"},
        // Upper case, "of", tabs: the cheap tests in front of each pattern must let these through.
        ParseCase{"SEPT. 26, 2014", "2014-09-26"}, ParseCase{"26th of September 2014", "2014-09-26"},
        ParseCase{"26\tSep\t2014", "2014-09-26"}, ParseCase{"Sep\t26,\t2014", "2014-09-26"},
        // ISO 8601 and SQL timestamps.
        ParseCase{"2013-06-06 00:00:00", "2013-06-06T00:00:00"},
        ParseCase{"2014-09-26", "2014-09-26"},
        ParseCase{"2014-09-26T13:05:00Z", "2014-09-26T13:05:00"},
        ParseCase{"2014-09-26T13:05:00+03:00", "2014-09-26T13:05:00"},
        ParseCase{"2014-09-26T13:05:00.123-0500", "2014-09-26T13:05:00"},
        ParseCase{"2014-09-26T13:05", "2014-09-26T13:05:00"},
        ParseCase{"  2014-09-26  ", "2014-09-26"},
        // Numeric.
        ParseCase{"2014/09/26", "2014-09-26"}, ParseCase{"2014.09.26", "2014-09-26"},
        ParseCase{"26.09.2014", "2014-09-26"}, ParseCase{"26.09.2014 13:05", "2014-09-26T13:05:00"},
        ParseCase{"26/09/2014", "2014-09-26"}, ParseCase{"09/26/2014", "2014-09-26"},
        // Leap years.
        ParseCase{"February 29, 2016", "2016-02-29"}, ParseCase{"29.02.2000", "2000-02-29"},
        // Impossible or not a date at all.
        ParseCase{"February 29, 2015", ""}, ParseCase{"February 30, 2014", ""},
        ParseCase{"2014-13-01", ""}, ParseCase{"2014-02-30", ""}, ParseCase{"31.04.2014", ""},
        ParseCase{"September 26, 2014, 25:05", ""}, ParseCase{"2014-09-26 13:61", ""},
        ParseCase{"13/13/2014", ""}, ParseCase{"September 2014", ""},
        ParseCase{"December 2013", ""}, ParseCase{"3,200 Russian citizens", ""}, ParseCase{"", ""},
        ParseCase{"World September 26, 2014", ""}, ParseCase{"26 Sep 3014", ""},
        ParseCase{"2014-09-26 said", ""}));

struct FindCase {
  const char* text;
  const char* iso;  // "" when nothing should be found
  const char* covered;
};

class FindDateInTest : public testing::TestWithParam<FindCase> {};

TEST_P(FindDateInTest, FindsDateAndItsSpan) {
  const FindCase& c = GetParam();
  const std::string text = c.text;
  auto found = FindDateIn(text);
  if (std::string(c.iso).empty()) {
    EXPECT_FALSE(found.has_value()) << "found " << found->iso << " in: " << text;
    return;
  }
  ASSERT_TRUE(found.has_value()) << text;
  EXPECT_EQ(found->iso, c.iso);
  EXPECT_EQ(text.substr(found->begin, found->end - found->begin), c.covered);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, FindDateInTest,
    testing::Values(FindCase{"World September 26, 2014, 13:05", "2014-09-26T13:05:00",
                             "September 26, 2014, 13:05"},
                    FindCase{"Local | 2013-06-06 00:00:00", "2013-06-06T00:00:00",
                             "2013-06-06 00:00:00"},
                    FindCase{"Posted: Fri, 26 Sep 2014 13:05:00 +0000 by staff",
                             "2014-09-26T13:05:00", "Fri, 26 Sep 2014 13:05:00 +0000"},
                    FindCase{"Updated 26.09.2014", "2014-09-26", "26.09.2014"},
                    FindCase{"Posted Mon Nov 21 17:48:36 2016 by staff", "2016-11-21T17:48:36",
                             "Mon Nov 21 17:48:36 2016"},
                    // A month word that starts no date does not hide a later one.
                    FindCase{"In May prices rose; on 3 June 2015 they fell", "2015-06-03",
                             "3 June 2015"},
                    FindCase{"Published on 20 November 2014 | 17:41 in World",
                             "2014-11-20T17:41:00", "20 November 2014 | 17:41"},
                    // The first valid date wins; an impossible one is skipped.
                    FindCase{"On 2014-02-30 and then on 2014-03-01", "2014-03-01", "2014-03-01"},
                    FindCase{"The meeting took place in Moscow in December 2013.", "", ""},
                    FindCase{"MOSCOW, September 26. /ITAR-TASS/. Militants", "", ""},
                    FindCase{"between 30 and 50 thousand militants", "", ""}));

// FindDateIn and ParseDate run std::regex only where cheap tests say a date may start; they must
// find exactly what std::regex finds when tried at every byte. Lines are made at random from
// the shapes of every pattern, with pieces in any case, every separator and near misses
// (three-digit days, five-digit years, wrong separators), and then one byte is often dropped
// or changed, so that both dates and near-dates are common.
TEST(DateScanTest, CheapTestsNeverHideADate) {
  // Each list: the pieces that fit, then after "|" the near misses, picked one time in five.
  using Pieces = std::vector<std::string_view>;
  const Pieces kWeekday = {"", "", "Mon ", "tuesday, ", "Fri, ", "SAT. ", "sun,\t", "|", "Wednes "};
  const Pieces kMonth = {"Sep",  "sept.", "SEPTEMBER", "Nov", "may",
                         "June", "Mar.",  "dec",       "|",   "Ju"};
  const Pieces kDay = {"1", "02", "12", "26", "|", "31", "123", "0"};
  const Pieces kOrdinal = {"", "", "st", "TH", "nd", "|", "x"};
  const Pieces kSep = {" ", "  ", "\t", ", ", "-", "|", "\n", ",", " - ", "/", ".", " of ", ""};
  const Pieces kYear = {"2014", "1987", "2016", "|", "20140", "214", "3014"};
  const Pieces kTime = {"",
                        "",
                        " 13:05",
                        ", 17:48:36",
                        " | 17:41",
                        "T13:05:00Z",
                        " at 5:48 pm",
                        " 12:05 a.m.",
                        " 13:05:00 +0000",
                        "|",
                        " 25:05",
                        "t1:5"};
  const Pieces kClock = {"17:48:36", "1:05:00", "00:00:59", "|", "25:00:00", "7:5:00", "17:48"};
  const Pieces kZone = {"", "EST ", "gmt ", "|", "x "};
  const Pieces kAround = {"",  "",  "World ", "Posted: ", "said ", " by staff",
                          "|", "x", "(",      ".",        "2"};
  std::mt19937 rng(20141126);
  auto pick = [&](const Pieces& p) {
    const auto bar = static_cast<std::size_t>(std::find(p.begin(), p.end(), "|") - p.begin());
    return std::string(rng() % 5 ? p[rng() % bar] : p[bar + 1 + rng() % (p.size() - bar - 1)]);
  };
  auto numeric_sep = [&] { return std::string(1, "./-:"[rng() % 4]); };
  std::array<int, 6> dates{};  // lines with a date, by shape
  for (int n = 0; n < 6000; ++n) {
    std::string date;
    const std::size_t shape = rng() % dates.size();
    switch (shape) {
      case 0:  // month first
        date = pick(kWeekday) + pick(kMonth) + pick(kSep) + pick(kDay) + pick(kOrdinal) +
               pick(kSep) + pick(kYear) + pick(kTime);
        break;
      case 1:  // day first
        date = pick(kWeekday) + pick(kDay) + pick(kOrdinal) + pick(kSep) + pick(kMonth) +
               pick(kSep) + pick(kYear) + pick(kTime);
        break;
      case 2:  // ctime
        date = pick(kWeekday) + pick(kMonth) + pick(kSep) + pick(kDay) + pick(kSep) + pick(kClock) +
               " " + pick(kZone) + pick(kYear);
        break;
      case 3:  // ISO
        date = pick(kYear) + "-" + pick(kDay) + "-" + pick(kDay) + pick(kTime);
        break;
      case 4: {  // year first
        const std::string sep = numeric_sep();
        date = pick(kYear) + sep + pick(kDay) + (rng() % 4 ? sep : numeric_sep()) + pick(kDay) +
               pick(kTime);
        break;
      }
      default: {  // numeric day first
        const std::string sep = numeric_sep();
        date = pick(kDay) + sep + pick(kDay) + (rng() % 4 ? sep : numeric_sep()) + pick(kYear) +
               pick(kTime);
        break;
      }
    }
    std::string line = pick(kAround) + date + pick(kAround);
    if (rng() % 3 == 0 && !line.empty()) {
      const std::size_t at = rng() % line.size();
      if (rng() % 2) {
        line.erase(at, 1);
      } else {
        line[at] = " .,-/:0123456789aZ"[rng() % 18];
      }
    }
    const auto fast = FindDateIn(line);
    const auto slow = internal::FindDateInEveryByte(line);
    ASSERT_EQ(fast.has_value(), slow.has_value()) << "line: " << line;
    if (fast) {
      ++dates[shape];
      EXPECT_EQ(fast->iso, slow->iso) << "line: " << line;
      EXPECT_EQ(fast->begin, slow->begin) << "line: " << line;
      EXPECT_EQ(fast->end, slow->end) << "line: " << line;
    }
    EXPECT_EQ(ParseDate(line), internal::ParseDateEveryByte(line)) << "line: " << line;
    EXPECT_EQ(ParseDate(date), internal::ParseDateEveryByte(date)) << "date: " << date;
  }
  // The lines do exercise every pattern's dates, not only near misses.
  for (std::size_t shape = 0; shape < dates.size(); ++shape)
    EXPECT_GT(dates[shape], 30) << "shape " << shape;
}

// The ISO string is written field by field into place; printf's "%04d-%02d-%02dT%02d:%02d:%02d"
// of the same fields is what it must equal. Dates and times, real and impossible (day 0 or 32,
// month 13, 2100-02-29, 2000-02-29, hour 24, minute 60, second 60 and 61), with and without a
// time, in the plain ISO form and in another pattern's ("2014/09/26 13:05:07").
TEST(ParseDateTest, IsoFieldsAreWhatPrintfPrints) {
  std::mt19937 rng(11);
  int valid = 0;
  for (int round = 0; round < 20000; ++round) {
    const int year = 1899 + static_cast<int>(rng() % 203), month = static_cast<int>(rng() % 14),
              day = static_cast<int>(rng() % 33), hour = static_cast<int>(rng() % 26) - 1,
              minute = static_cast<int>(rng() % 61), second = static_cast<int>(rng() % 62);
    char want[32] = "";
    const std::chrono::year_month_day ymd{std::chrono::year(year),
                                          std::chrono::month(static_cast<unsigned>(month)),
                                          std::chrono::day(static_cast<unsigned>(day))};
    if (year >= 1900 && year <= 2100 && ymd.ok() && hour < 0)
      std::snprintf(want, sizeof want, "%04d-%02d-%02d", year, month, day);
    if (year >= 1900 && year <= 2100 && ymd.ok() && hour >= 0 && hour <= 23 && minute <= 59 &&
        second <= 60)
      std::snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour,
                    minute, second);
    valid += want[0] != 0;
    char iso[32], slashed[32];
    if (hour < 0) {
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
      std::snprintf(slashed, sizeof slashed, "%04d/%02d/%02d", year, month, day);
    } else {
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour,
                    minute, second);
      std::snprintf(slashed, sizeof slashed, "%04d/%02d/%02d %02d:%02d:%02d", year, month, day,
                    hour, minute, second);
    }
    EXPECT_EQ(ParseDate(iso), want) << iso;
    EXPECT_EQ(ParseDate(slashed), want) << slashed;
  }
  EXPECT_GT(valid, 5000);  // real dates, not only rejected ones
}

}  // namespace
}  // namespace newsgraph::extract
