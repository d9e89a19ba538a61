// Date parsing: a small table of regular expressions, one per family of formats news pages
// use, each mapped to year/month/day/time groups. Every candidate is validated with
// std::chrono before it is accepted, so "February 30, 2014" is no date at all.
#include "extract/date_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
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

// Where each pattern can start: cheap necessary conditions on the bytes from position i,
// tested before the costly std::regex (icase, about a microsecond per byte). std::regex then
// runs only at the positions that pass, anchored there, and a pattern whose condition holds
// nowhere in a run is never compiled. Each condition reads the fixed part of its pattern
// (optional parts skipped, \d and \s as in the "C" locale std::regex uses) and may accept more
// than the pattern does, never less.
bool Digit(std::string_view t, std::size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; }
bool Digits(std::string_view t, std::size_t i, std::size_t n) {
  for (std::size_t k = i; k < i + n; ++k)
    if (!Digit(t, k)) return false;
  return true;
}
bool In(std::string_view t, std::size_t i, std::string_view set) {
  return i < t.size() && set.find(t[i]) != std::string_view::npos;
}
char LowerAt(std::string_view t, std::size_t i) {
  const char c = i < t.size() ? t[i] : '\0';
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr std::string_view kSpaces = " \t\n\v\f\r";  // \s
// The first position from i that is not in `set`.
std::size_t Skip(std::string_view t, std::size_t i, std::string_view set) {
  while (In(t, i, set)) ++i;
  return i;
}
// One or more characters of `set` from i: the position after them, or npos.
std::size_t SkipSome(std::string_view t, std::size_t i, std::string_view set) {
  const std::size_t j = Skip(t, i, set);
  return j > i ? j : std::string_view::npos;
}
// One or two digits from i: the position after them, or npos.
std::size_t SkipDay(std::string_view t, std::size_t i) {
  if (!Digit(t, i)) return std::string_view::npos;
  return Digit(t, i + 1) ? i + 2 : i + 1;
}
// "st", "nd", "rd" or "th" at i: the position after it, else i.
std::size_t SkipOrdinal(std::string_view t, std::size_t i) {
  const char a = LowerAt(t, i), b = LowerAt(t, i + 1);
  const bool ordinal = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                       (a == 't' && b == 'h');
  return ordinal ? i + 2 : i;
}
// Three letters lower-cased and packed into one number, so that a name is one comparison.
constexpr std::uint32_t Key3(char a, char b, char c) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8 |
         static_cast<unsigned char>(c);
}
constexpr std::uint32_t Key3(std::string_view s) { return Key3(s[0], s[1], s[2]); }
constexpr std::array<std::uint32_t, 12> kMonthNames = {
    Key3("jan"), Key3("feb"), Key3("mar"), Key3("apr"), Key3("may"), Key3("jun"),
    Key3("jul"), Key3("aug"), Key3("sep"), Key3("oct"), Key3("nov"), Key3("dec")};
constexpr std::array<std::uint32_t, 7> kWeekdayNames = {
    Key3("mon"), Key3("tue"), Key3("wed"), Key3("thu"), Key3("fri"), Key3("sat"), Key3("sun")};
// A word at i that begins with one of `names`: the position after the word's letters and one
// optional ".", or npos. Every name form the patterns accept is letters followed by a
// non-letter, so it ends where the run of letters ends.
template <std::size_t N>
std::size_t SkipName(std::string_view t, std::size_t i, const std::array<std::uint32_t, N>& names) {
  auto letter = [&](std::size_t k) { return LowerAt(t, k) >= 'a' && LowerAt(t, k) <= 'z'; };
  if (!letter(i)) return std::string_view::npos;
  const std::uint32_t key = Key3(LowerAt(t, i), LowerAt(t, i + 1), LowerAt(t, i + 2));
  if (std::find(names.begin(), names.end(), key) == names.end()) return std::string_view::npos;
  std::size_t j = i + 3;
  while (letter(j)) ++j;
  return In(t, j, ".") ? j + 1 : j;
}
// kWeekday at i, which every name pattern may start with: the position after it, or npos.
std::size_t SkipWeekday(std::string_view t, std::size_t i) {
  std::size_t j = SkipName(t, i, kWeekdayNames);
  if (j == std::string_view::npos) return j;
  if (In(t, j, ",")) ++j;
  return SkipSome(t, j, kSpaces);
}
// A pattern beginning with kWeekday may start at i when its rest may start at i or right
// after a weekday name there.
bool WithWeekday(std::string_view t, std::size_t i, bool (*rest)(std::string_view, std::size_t)) {
  if (rest(t, i)) return true;
  const std::size_t j = SkipWeekday(t, i);
  return j != std::string_view::npos && rest(t, j);
}
// A month name, spaces and a day: "Sep. 26".
std::size_t SkipMonthDay(std::string_view t, std::size_t i) {
  std::size_t j = SkipName(t, i, kMonthNames);
  if (j != std::string_view::npos) j = SkipSome(t, j, kSpaces);
  return j == std::string_view::npos ? j : SkipDay(t, j);
}
// dddd-dd-dd
bool IsoAt(std::string_view t, std::size_t i) {
  return Digits(t, i, 4) && In(t, i + 4, "-") && Digits(t, i + 5, 2) && In(t, i + 7, "-") &&
         Digits(t, i + 8, 2);
}
// dddd/d/d or dddd.dd.d: the same separator twice.
bool YearFirstAt(std::string_view t, std::size_t i) {
  if (!Digits(t, i, 4) || !In(t, i + 4, "/.")) return false;
  const std::size_t j = SkipDay(t, i + 5);
  return j != std::string_view::npos && In(t, j, std::string_view(&t[i + 4], 1)) && Digit(t, j + 1);
}
// "September 26, 2014", "Sep 26th 2014": month, day, then a comma or spaces and the year.
bool MonthFirstRest(std::string_view t, std::size_t i) {
  std::size_t j = SkipMonthDay(t, i);
  if (j == std::string_view::npos) return false;
  j = SkipOrdinal(t, j);
  j = In(t, j, ",") ? Skip(t, j + 1, kSpaces) : SkipSome(t, j, kSpaces);
  return j != std::string_view::npos && Digits(t, j, 4);
}
bool MonthFirstAt(std::string_view t, std::size_t i) { return WithWeekday(t, i, MonthFirstRest); }
// "20 November 2014", "26th of Sep 2014", "26-Sep-2014": day, separators (maybe "of"), month,
// separators and the year.
bool DayFirstRest(std::string_view t, std::size_t i) {
  constexpr std::string_view kSeparators = " \t\n\v\f\r-";
  std::size_t j = SkipDay(t, i);
  if (j == std::string_view::npos) return false;
  j = SkipSome(t, SkipOrdinal(t, j), kSeparators);
  if (j != std::string_view::npos && LowerAt(t, j) == 'o' && LowerAt(t, j + 1) == 'f')
    j = SkipSome(t, j + 2, kSeparators);
  if (j != std::string_view::npos) j = SkipName(t, j, kMonthNames);
  if (j != std::string_view::npos) j = SkipSome(t, j, " \t\n\v\f\r,-");
  return j != std::string_view::npos && Digits(t, j, 4);
}
bool DayFirstAt(std::string_view t, std::size_t i) { return WithWeekday(t, i, DayFirstRest); }
// ctime: "Nov 21 17:48:36", month, day and a clock.
bool CtimeRest(std::string_view t, std::size_t i) {
  std::size_t j = SkipMonthDay(t, i);
  if (j != std::string_view::npos) j = SkipSome(t, j, kSpaces);
  if (j != std::string_view::npos) j = SkipDay(t, j);
  return j != std::string_view::npos && In(t, j, ":") && Digits(t, j + 1, 2) && In(t, j + 3, ":") &&
         Digits(t, j + 4, 2);
}
bool CtimeAt(std::string_view t, std::size_t i) { return WithWeekday(t, i, CtimeRest); }
// d.d.dddd, dd/dd/dddd, d-dd-dddd: the same separator twice.
bool NumericAt(std::string_view t, std::size_t i) {
  std::size_t j = SkipDay(t, i);
  if (j == std::string_view::npos || !In(t, j, "./-")) return false;
  const std::size_t k = SkipDay(t, j + 1);
  return k != std::string_view::npos && In(t, k, std::string_view(&t[j], 1)) && Digits(t, k + 1, 4);
}

// A pattern's regex is compiled the first time a text passes its may_start test: compiling
// all six (icase, each \d and \s a bracket matcher with a 256-entry cache) costs more than
// reading a few hundred articles, and a run may need only some of them or none.
struct Pattern {
  bool (*may_start)(std::string_view, std::size_t);  // a match may start at this byte
  std::string source;
  Order order;
  int first, second, third;  // groups of the three date fields, in `order`
  int hour;                  // group of the hour (minute and second follow); 0 when none
  int ampm;                  // group of the am/pm letter; 0 when the pattern has none
  mutable std::once_flag compiled{};
  mutable std::regex re{};

  // A constructor (not aggregate initialisation) so that deque::emplace_back builds it in
  // place under clang 14 too, which lacks C++20's parenthesised aggregate initialisation.
  Pattern(bool (*may)(std::string_view, std::size_t), std::string src, Order o, int f, int s,
          int t, int h, int a)
      : may_start(may), source(std::move(src)), order(o), first(f), second(s), third(t), hour(h),
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
    p.emplace_back(IsoAt,
                   std::string(R"(\b(\d{4})-(\d{2})-(\d{2})(?:(?:t|\s+)(\d{2}):(\d{2}))"
                               R"((?::(\d{2})(?:\.\d+)?)?)" +
                               std::string(kZone) + R"()?(?![\d-]))"),
                   Order::kYmd, 1, 2, 3, 4, 0);
    // Year first with slashes or dots: 2014/09/26, 2014.09.26.
    p.emplace_back(YearFirstAt,
                   std::string(R"(\b(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?![\d/.]\d))" + kTime),
                   Order::kYmd, 1, 3, 4, 5, 8);
    // Month name first: September 26, 2014; Sep. 26, 2014, 13:05; Nov 21st 2016 17:48:36.
    p.emplace_back(
        MonthFirstAt,
        std::string(wd + mon + R"(\s+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})\b)" + kTime),
        Order::kMdy, 1, 2, 3, 4, 7);
    // Day first with a month name: 20 November 2014 | 17:41; Fri, 26 Sep 2014 13:05:00 +0000.
    p.emplace_back(DayFirstAt,
                   std::string(wd + R"(\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+)" + mon +
                               R"([,\s-]+(\d{4})\b)" + kTime),
                   Order::kDmy, 1, 2, 3, 4, 7);
    // ctime / asctime: Mon Nov 21 17:48:36 2016.
    p.emplace_back(CtimeAt,
                   std::string(wd + mon + R"(\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:)" +
                               R"([a-z]{3,4}\s+)?(\d{4})\b)"),
                   Order::kMdy, 1, 2, 6, 3, 0);
    // Numeric day first: 26.09.2014, 26/09/2014, 26-09-2014 (month first when it must be).
    p.emplace_back(NumericAt, std::string(R"(\b(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b)" + kTime),
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

// The `width` digits of `value` (0 <= value < 10^width), zero-padded, at `out`.
void PutDigits(char* out, int value, int width) {
  for (int i = width; i-- > 0; value /= 10) out[i] = static_cast<char>('0' + value % 10);
}

std::string FormatIso(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1900 || year > 2100) return "";
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (month < 1 || month > 12 || day < 1 || !ymd.ok()) return "";
  // (The patterns and PlainIso never give a negative minute or second: no real time either.)
  if (hour >= 0 && (hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60))
    return "";
  // Every field now has at most its width's digits: written into place in one buffer and
  // copied into the string once, rather than appended a character at a time.
  char iso[] = "0000-00-00T00:00:00";
  PutDigits(iso, year, 4);
  PutDigits(iso + 5, month, 2);
  PutDigits(iso + 8, day, 2);
  if (hour < 0) return std::string(iso, 10);
  PutDigits(iso + 11, hour, 2);
  PutDigits(iso + 14, minute, 2);
  PutDigits(iso + 17, second, 2);
  return std::string(iso, 19);
}

// Where Find runs std::regex: only at the bytes where a pattern's may_start test passes, or
// (for tests, as a reference) at every byte.
enum class Scan { kCandidates, kEveryByte };

// The first match of `p` in `text` that starts in [from, last_start], with std::regex run only
// at the bytes where p.may_start passes, each anchored there: the same match std::regex_search
// from `from` finds (when that one starts by `last_start`), since it tries the bytes in order
// and keeps the first that matches.
std::optional<std::cmatch> Search(const Pattern& p, std::string_view text, std::size_t from,
                                  std::size_t last_start) {
  for (std::size_t b = from; b < text.size() && b <= last_start; ++b) {
    // Every pattern starts with \b before a letter or digit: no match starts right after an
    // ASCII letter, digit or "_".
    if (b > 0 && IsWordByte(text[b - 1])) continue;
    if (!p.may_start(text, b)) continue;
    std::cmatch m;
    // The byte before `b` is still text, for \b.
    const auto flags =
        std::regex_constants::match_continuous |
        (b > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default);
    if (std::regex_search(text.data() + b, text.data() + text.size(), m, p.Regex(), flags))
      return m;
  }
  return std::nullopt;
}

// The earliest valid date in `text` and, among those starting at the same byte, the longest.
// With `whole`, only a date covering all of `text` counts.
std::optional<DateMatch> Find(std::string_view text, bool whole, Scan scan) {
  // Every pattern needs a four-digit year. Most lines a reader scans have none, so look for
  // one first.
  int digits = 0;
  for (char c : text) {
    digits = c >= '0' && c <= '9' ? digits + 1 : 0;
    if (digits == 4) break;
  }
  if (digits < 4) return std::nullopt;
  std::optional<DateMatch> best;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const bool every_byte = scan == Scan::kEveryByte;
  for (const Pattern& p : Patterns()) {
    if (whole) {
      if (!every_byte && !p.may_start(text, 0)) continue;
      std::cmatch m;
      if (!std::regex_match(begin, end, m, p.Regex())) continue;
      std::string iso = ToIso(p, m);
      if (!iso.empty()) return DateMatch{std::move(iso), 0, text.size()};
      continue;
    }
    // The pattern's matches in order, each search resuming where the previous match ended.
    std::cregex_iterator it =
        every_byte ? std::cregex_iterator(begin, end, p.Regex()) : std::cregex_iterator();
    const std::cregex_iterator last;
    std::size_t from = 0;
    for (;;) {
      std::optional<std::cmatch> found;
      if (!every_byte) {
        found = Search(p, text, from, best ? best->begin : text.size());
      } else if (it != last) {
        found = *it++;
      }
      if (!found) break;
      const std::cmatch& m = *found;
      const auto b = static_cast<std::size_t>(m[0].first - begin);
      const auto e = static_cast<std::size_t>(m[0].second - begin);
      from = e;
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

std::string ParseDateWith(std::string_view s, Scan scan) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (s.empty() || s.size() > 200) return "";
  // An invalid plain ISO date falls through: the other patterns have their say, as before.
  if (auto iso = PlainIso(s); iso && !iso->empty()) return std::move(*iso);
  auto found = Find(s, /*whole=*/true, scan);
  return found ? found->iso : "";
}

}  // namespace

std::string ParseDate(std::string_view s) { return ParseDateWith(s, Scan::kCandidates); }

std::optional<DateMatch> FindDateIn(std::string_view text) {
  return Find(text, /*whole=*/false, Scan::kCandidates);
}

namespace internal {
std::string ParseDateEveryByte(std::string_view s) { return ParseDateWith(s, Scan::kEveryByte); }
std::optional<DateMatch> FindDateInEveryByte(std::string_view text) {
  return Find(text, /*whole=*/false, Scan::kEveryByte);
}
}  // namespace internal

}  // namespace newsgraph::extract
