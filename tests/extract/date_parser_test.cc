// Tests for extract/date_parser.h: every date format the readers meet on real pages, dates
// stated inside a line of page text, and impossible dates that must be rejected.
#include "extract/date_parser.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace newsgraph::extract
