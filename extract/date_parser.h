// Date parsing for article metadata: turns the many ways news pages print a publication date
// ("September 26, 2014, 13:05", "Mon Nov 21, 2016 17:48:36", "2013-06-06 00:00:00",
// "20 November 2014 | 17:41", "26.09.2014", RFC 2822, ISO 8601 ...) into one ISO 8601 string,
// and finds such a date inside a line of page text ("World September 26, 2014, 13:05").
// Readers (extract/reader.h) use it for plain-text date lines, HTML meta tags and JSONL fields.
// Impossible dates (2014-02-30, month 13, hour 25) are rejected, never normalised.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsgraph::extract {

// Parses `s` when the whole string (after trimming, an optional leading weekday and an
// optional trailing time zone) is one date, with or without a time of day. Returns
// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"; empty when `s` is not a date or the date is
// impossible. A stated time zone or offset is dropped: the wall-clock time of the page is
// kept so the calendar date matches what the article says. Numeric dates are read as
// year-first (2014/09/26) or day-first (26.09.2014, 26/09/2014); "09/26/2014" is read
// month-first only when the second number is above 12 and so cannot be a month.
// Pure function; thread-safe.
std::string ParseDate(std::string_view s);

// A date found inside a longer text: its ISO form and the byte range [begin, end) it covers.
struct DateMatch {
  std::string iso;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Finds the first valid date stated in `text` ("Local | 2013-06-06 00:00:00" gives
// 2013-06-06T00:00:00 over bytes [8, 27)). Only dates with a day, month and year count:
// "in December 2013" is not a publication date. Returns nullopt when there is none.
// Pure function; thread-safe.
std::optional<DateMatch> FindDateIn(std::string_view text);

namespace internal {
// ParseDate and FindDateIn with std::regex tried at every byte of the text, not only where the
// cheap tests in front of it say a date may start. Slow; they exist so that tests can check
// that those cheap tests never hide a date.
std::string ParseDateEveryByte(std::string_view s);
std::optional<DateMatch> FindDateInEveryByte(std::string_view text);
}  // namespace internal

}  // namespace newsgraph::extract
