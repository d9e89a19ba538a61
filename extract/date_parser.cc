// Date parsing: a small table of regular expressions, one per family of formats news pages
// use, each mapped to year/month/day/time groups. Every candidate is validated with
// std::chrono before it is accepted, so "February 30, 2014" is no date at all.
#include "extract/date_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace newsgraph::extract {
namespace {

// The pieces every pattern shares. Weekday names are swallowed so that ParseDate accepts
// "Mon Nov 21, 2016"; time zones only after a time so an ordinary word is never eaten.
constexpr char kWeekday[] =
    R"((?:\b(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday|s)?\.?,?\s+)?)";
constexpr char kMonth[] =
    R"(\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|)"
    R"(sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?)";
constexpr char kZone[] =
    R"((?:\s*(?:z\b|[+-]\d{2}:?\d{2}\b|\(?(?:gmt|utc)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?|)"
    R"((?:est|edt|cst|cdt|mst|mdt|pst|pdt|bst|cet|cest|eet|eest|msk|ist|jst|ast)\b))?)";
// Separator between date and time: "2014, 13:05", "2014 | 17:41", "2014 - 17:41", "2014T13:05",
// "2014 at 1:05 pm". Groups: hour, minute, second, am/pm letter.
const std::string kTime = std::string(R"((?:(?:\s*[,|@]\s*|\s+-\s+|\s+|t)(?:at\s+)?)") +
                          R"((\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([ap])\.?m\b\.?)?)" +
                          kZone + ")?";

enum class Order { kYmd, kMdy, kDmy, kNumericDayFirst };

// Cheap necessary conditions for the patterns below, tested before the costly std::regex
// search: a pattern whose condition fails cannot match anywhere in the text.
bool Digit(std::string_view t, std::size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; }
bool Digits(std::string_view t, std::size_t i, std::size_t n) {
  for (std::size_t k = i; k < i + n; ++k)
    if (!Digit(t, k)) return false;
  return true;
}
bool In(std::string_view t, std::size_t i, std::string_view set) {
  return i < t.size() && set.find(t[i]) != std::string_view::npos;
}
// dddd-dd-dd
bool MayBeIso(std::string_view t) {
  for (std::size_t i = 0; i + 10 <= t.size(); ++i)
    if (Digits(t, i, 4) && t[i + 4] == '-' && Digits(t, i + 5, 2) && t[i + 7] == '-' &&
        Digits(t, i + 8, 2))
      return true;
  return false;
}
// dddd/d or dddd.d
bool MayBeYearFirst(std::string_view t) {
  for (std::size_t i = 0; i + 6 <= t.size(); ++i)
    if (Digits(t, i, 4) && In(t, i + 4, "/.") && Digit(t, i + 5)) return true;
  return false;
}
// d/d, d.d or d-d
bool MayBeNumeric(std::string_view t) {
  for (std::size_t i = 0; i + 3 <= t.size(); ++i)
    if (Digit(t, i) && In(t, i + 1, "./-") && Digit(t, i + 2)) return true;
  return false;
}
// A month name's first three letters, more letters, an optional ".", then at least one
// character of `after` and a digit; with `space_before`, a space or dash right before the name.
bool MonthNameThenDigit(std::string_view t, std::string_view after, bool space_before) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto alpha = [&](char c) { return lower(c) >= 'a' && lower(c) <= 'z'; };
  for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
    const char m[3] = {lower(t[i]), lower(t[i + 1]), lower(t[i + 2])};
    if (std::find(kMonths.begin(), kMonths.end(), std::string_view(m, 3)) == kMonths.end())
      continue;
    if (space_before && (i == 0 || !In(t, i - 1, " \t\n\v\f\r-"))) continue;
    std::size_t j = i + 3;
    while (j < t.size() && alpha(t[j])) ++j;
    if (j < t.size() && t[j] == '.') ++j;
    const std::size_t sep = j;
    while (In(t, j, after)) ++j;
    if (j > sep && Digit(t, j)) return true;
  }
  return false;
}
// Month first ("September 26, 2014", "Mon Nov 21 17:48:36 2016"): the name, spaces, the day.
bool MayBeMonthFirst(std::string_view t) { return MonthNameThenDigit(t, " \t\n\v\f\r", false); }
// Day first ("20 November 2014", "26-Sep-2014"): spaces or dashes, the name, then spaces, commas
// or dashes and the year.
bool MayBeDayFirst(std::string_view t) { return MonthNameThenDigit(t, " \t\n\v\f\r,-", true); }
// ctime: month first, with a clock dd:dd:dd.
bool MayBeCtime(std::string_view t) {
  bool clock = false;
  for (std::size_t i = 0; !clock && i + 7 <= t.size(); ++i)
    clock = Digit(t, i) && t[i + 1] == ':' && Digits(t, i + 2, 2) && t[i + 4] == ':' &&
            Digits(t, i + 5, 2);
  return clock && MayBeMonthFirst(t);
}

// A pattern's regex is compiled the first time a text passes its may_match test: compiling
// all six (icase, each \d and \s a bracket matcher with a 256-entry cache) costs more than
// reading a few hundred articles, and a run may need only some of them or none.
struct Pattern {
  bool (*may_match)(std::string_view);
  std::string source;
  Order order;
  int first, second, third;  // groups of the three date fields, in `order`
  int hour;                  // group of the hour (minute and second follow); 0 when none
  int ampm;                  // group of the am/pm letter; 0 when the pattern has none
  mutable std::once_flag compiled{};
  mutable std::regex re{};

  // A constructor (not aggregate initialisation) so that deque::emplace_back builds it in
  // place under clang 14 too, which lacks C++20's parenthesised aggregate initialisation.
  Pattern(bool (*may)(std::string_view), std::string src, Order o, int f, int s, int t, int h,
          int a)
      : may_match(may), source(std::move(src)), order(o), first(f), second(s), third(t), hour(h),
        ampm(a) {}

  const std::regex& Regex() const {
    std::call_once(compiled, [this] {
      re = std::regex(source, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    });
    return re;
  }
};

const std::deque<Pattern>& Patterns() {
  static const std::deque<Pattern> kPatterns = [] {
    std::deque<Pattern> p;
    const std::string wd = kWeekday, mon = kMonth;
    // ISO 8601 and SQL timestamps: 2014-09-26, 2014-09-26T13:05:00Z, 2013-06-06 00:00:00.
    p.emplace_back(MayBeIso,
                   std::string(R"(\b(\d{4})-(\d{2})-(\d{2})(?:(?:t|\s+)(\d{2}):(\d{2}))"
                               R"((?::(\d{2})(?:\.\d+)?)?)" +
                               std::string(kZone) + R"()?(?![\d-]))"),
                   Order::kYmd, 1, 2, 3, 4, 0);
    // Year first with slashes or dots: 2014/09/26, 2014.09.26.
    p.emplace_back(MayBeYearFirst,
                   std::string(R"(\b(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?![\d/.]\d))" + kTime),
                   Order::kYmd, 1, 3, 4, 5, 8);
    // Month name first: September 26, 2014; Sep. 26, 2014, 13:05; Nov 21st 2016 17:48:36.
    p.emplace_back(
        MayBeMonthFirst,
        std::string(wd + mon + R"(\s+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})\b)" + kTime),
        Order::kMdy, 1, 2, 3, 4, 7);
    // Day first with a month name: 20 November 2014 | 17:41; Fri, 26 Sep 2014 13:05:00 +0000.
    p.emplace_back(MayBeDayFirst,
                   std::string(wd + R"(\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+)" + mon +
                               R"([,\s-]+(\d{4})\b)" + kTime),
                   Order::kDmy, 1, 2, 3, 4, 7);
    // ctime / asctime: Mon Nov 21 17:48:36 2016.
    p.emplace_back(MayBeCtime,
                   std::string(wd + mon + R"(\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:)" +
                               R"([a-z]{3,4}\s+)?(\d{4})\b)"),
                   Order::kMdy, 1, 2, 6, 3, 0);
    // Numeric day first: 26.09.2014, 26/09/2014, 26-09-2014 (month first when it must be).
    p.emplace_back(MayBeNumeric, std::string(R"(\b(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b)" + kTime),
                   Order::kNumericDayFirst, 1, 3, 4, 5, 8);
    return p;
  }();
  return kPatterns;
}

int MonthFromName(std::string_view name) {
  static constexpr std::array<const char*, 12> kNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                         "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  char a[3] = {static_cast<char>(std::tolower(static_cast<unsigned char>(name[0]))),
               static_cast<char>(std::tolower(static_cast<unsigned char>(name[1]))),
               static_cast<char>(std::tolower(static_cast<unsigned char>(name[2])))};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (std::string_view(kNames[i], 3) == std::string_view(a, 3)) return static_cast<int>(i) + 1;
  }
  return 0;
}

int ToInt(const std::csub_match& m) {
  if (!m.matched) return -1;
  int v = 0;
  for (const char* p = m.first; p != m.second; ++p) v = v * 10 + (*p - '0');
  return v;
}

// The ISO string of these fields (hour -1: no time), or "" when they do not form a real date.
std::string FormatIso(int year, int month, int day, int hour, int minute, int second);

// Builds the ISO string for one regex match, or "" when the fields do not form a real date.
std::string ToIso(const Pattern& p, const std::cmatch& m) {
  int year = 0, month = 0, day = 0;
  auto field = [&](int group) { return ToInt(m[group]); };
  switch (p.order) {
    case Order::kYmd:
      year = field(p.first), month = field(p.second), day = field(p.third);
      break;
    case Order::kMdy:
      month = MonthFromName(m[p.first].str()), day = field(p.second), year = field(p.third);
      break;
    case Order::kDmy:
      day = field(p.first), month = MonthFromName(m[p.second].str()), year = field(p.third);
      break;
    case Order::kNumericDayFirst:
      day = field(p.first), month = field(p.second), year = field(p.third);
      if (month > 12 && day <= 12) std::swap(day, month);  // 09/26/2014
      break;
  }
  int hour = -1, minute = -1, second = 0;
  if (p.hour > 0 && m[p.hour].matched) {
    hour = field(p.hour), minute = field(p.hour + 1);
    second = m[p.hour + 2].matched ? field(p.hour + 2) : 0;
    if (p.ampm > 0 && m[p.ampm].matched) {
      if (hour < 1 || hour > 12) return "";
      const bool pm = std::tolower(static_cast<unsigned char>(*m[p.ampm].first)) == 'p';
      hour = hour % 12 + (pm ? 12 : 0);
    }
  }
  return FormatIso(year, month, day, hour, minute, second);
}

// "2014-09-26", "2014-09-26T13:05" and "2014-09-26T13:05:00" (or with "t"), the whole of `s`:
// what feeds and JSON metadata carry. The ISO pattern matches exactly these with the obvious
// fields, so they need no std::regex; nullopt for any other text.
std::optional<std::string> PlainIso(std::string_view s) {
  if (s.size() != 10 && s.size() != 16 && s.size() != 19) return std::nullopt;
  auto num = [&](std::size_t i, std::size_t n) {
    int v = 0;
    for (std::size_t k = i; k < i + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return -1;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year < 0 || month < 0 || day < 0 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int hour = -1, minute = -1, second = 0;
  if (s.size() >= 16) {
    hour = num(11, 2), minute = num(14, 2);
    if ((s[10] != 'T' && s[10] != 't') || s[13] != ':' || hour < 0 || minute < 0)
      return std::nullopt;
    if (s.size() == 19) {
      second = num(17, 2);
      if (s[16] != ':' || second < 0) return std::nullopt;
    }
  }
  return FormatIso(year, month, day, hour, minute, second);
}

std::string FormatIso(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1900 || year > 2100) return "";
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (month < 1 || month > 12 || day < 1 || !ymd.ok()) return "";

  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  std::string iso = buf;
  if (hour >= 0) {
    if (hour > 23 || minute > 59 || second > 60) return "";
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hour, minute, second);
    iso += buf;
  }
  return iso;
}

// The earliest valid date in `text` and, among those starting at the same byte, the longest.
// With `whole`, only a date covering all of `text` counts.
std::optional<DateMatch> Find(std::string_view text, bool whole) {
  // Every pattern needs a four-digit year. Most lines a reader scans have none, and std::regex
  // (icase) costs about a microsecond per byte, so look for one first.
  int digits = 0;
  for (char c : text) {
    digits = c >= '0' && c <= '9' ? digits + 1 : 0;
    if (digits == 4) break;
  }
  if (digits < 4) return std::nullopt;
  std::optional<DateMatch> best;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  for (const Pattern& p : Patterns()) {
    if (!p.may_match(text)) continue;
    if (whole) {
      std::cmatch m;
      if (!std::regex_match(begin, end, m, p.Regex())) continue;
      std::string iso = ToIso(p, m);
      if (!iso.empty()) return DateMatch{std::move(iso), 0, text.size()};
      continue;
    }
    for (std::cregex_iterator it(begin, end, p.Regex()), last; it != last; ++it) {
      const std::cmatch& m = *it;
      const std::size_t b = static_cast<std::size_t>(m.position(0));
      const std::size_t e = b + static_cast<std::size_t>(m.length(0));
      if (best && b > best->begin) break;  // later matches of this pattern start later still
      if (best && b == best->begin && e <= best->end) continue;
      std::string iso = ToIso(p, m);
      if (iso.empty()) continue;
      best = DateMatch{std::move(iso), b, e};
      break;
    }
  }
  return best;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

std::string ParseDate(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (s.empty() || s.size() > 200) return "";
  // An invalid plain ISO date falls through: the other patterns have their say, as before.
  if (auto iso = PlainIso(s); iso && !iso->empty()) return *iso;
  auto found = Find(s, /*whole=*/true);
  return found ? found->iso : "";
}

std::optional<DateMatch> FindDateIn(std::string_view text) { return Find(text, /*whole=*/false); }

}  // namespace newsgraph::extract
