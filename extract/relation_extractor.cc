#include "extract/relation_extractor.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <set>
#include <tuple>

#include "extract/thread_scratch.h"
#include "extract/token_text.h"

namespace newsgraph::extract {
namespace {

bool IsOrgOrCountry(EntityType t) {
  return FamilyOf(t) == EntityFamily::kOrganization || t == EntityType::kCountry;
}
inline bool IsPossessive(std::string_view low) { return low == "'s" || low == "'"; }

inline bool IsHeadedOrLed(std::string_view low) { return low == "headed" || low == "led"; }

// The tokens each of Extract's two scans looks at, in text order. Most tokens start no title
// and no other pattern, and the scans step from one stop to the next rather than over them.
struct ScanStops {
  // The tokens whose word starts a `roles` entry.
  std::vector<std::size_t> titles;
  // The tokens k with k + 1 < tv.size() where some pattern of the second scan may match, in
  // text order: each needs a mention ending at token k and "of" after it, or one ending before
  // token k, which is "headed", "led" or possessive, or one ending before ", headed|led".
  std::vector<std::size_t> links;
};

// The first token at or after k whose word starts a title (`title_starts`, by word number),
// else tv.size(). In a loop of its own that stores nothing, so that the view's arrays stay in
// registers (in FindStops' loop, whose stores might alias them, they are loaded again for every
// token).
std::size_t NextTitleStart(const TokenView& tv, const std::vector<unsigned char>& title_starts,
                           std::size_t k) {
  const std::size_t n = tv.size();
  const WordId* const ids = tv.ids();
  while (k < n && !title_starts[ids[k]]) ++k;
  return k;
}

// Fills `stops` for `tv`: the title starts in one pass over its tokens, the links from the
// tokens at and after the end of each mention (`last`: one past each mention's last token, 0
// for a mention with none), which are far fewer than the tokens. Every token when not `skip`
// (the plain path).
void FindStops(const TokenView& tv, const std::vector<unsigned char>& title_starts,
               const std::vector<std::size_t>& last, bool skip, ScanStops& stops) {
  stops.titles.clear();
  stops.links.clear();
  const std::size_t n = tv.size();
  if (!skip) {
    for (std::size_t k = 0; k < n; ++k) {
      stops.titles.push_back(k);
      if (k + 1 < n) stops.links.push_back(k);
    }
    return;
  }
  for (std::size_t k = NextTitleStart(tv, title_starts, 0); k < n;
       k = NextTitleStart(tv, title_starts, k + 1))
    stops.titles.push_back(k);
  std::vector<std::size_t>& links = stops.links;
  for (const std::size_t e : last) {
    if (e == 0 || e >= n) continue;
    // A stop has a token after it.
    const std::string_view w = tv.low(e);
    if (w == "of") links.push_back(e - 1);
    if (e + 1 < n && (IsPossessive(w) || IsHeadedOrLed(w))) links.push_back(e);
    if (w == "," && e + 2 < n && IsHeadedOrLed(tv.low(e + 1))) links.push_back(e + 1);
  }
  // In text order and once each, as a scan of the tokens finds them. The mentions' ends
  // increase (each token lies in one mention at most, MentionTokens), so they come so unless a
  // mention holds one of the words above (a stop of its own and of the mention before).
  if (!std::is_sorted(links.begin(), links.end(), std::less_equal<>())) {
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
  }
}

// Collects relations without duplicates, in the order found.
class Sink {
 public:
  explicit Sink(std::vector<RelationMention>& out) : out_(out) {}
  void Add(std::size_t s, const std::string& pred, std::size_t o, std::string role, Span ev) {
    if (s == o) return;
    if (!seen_.insert({s, pred, o}).second) return;
    out_.push_back({s, pred, o, std::move(role), ev});
  }

 private:
  std::vector<RelationMention>& out_;
  std::set<std::tuple<std::size_t, std::string, std::size_t>> seen_;
};

}  // namespace

std::vector<RelationMention> RelationExtractor::Extract(const Document& doc,
                                                        const std::vector<Token>& tokens,
                                                        const std::vector<Mention>& mentions) const {
  if (mentions.empty()) return {};
  return Extract(TokenView(doc, tokens, mentions, lex_.vocabulary()), mentions);
}

std::vector<unsigned char> RelationExtractor::TitleStarts(const Vocabulary& vocab, const WordList& roles) {
  std::vector<unsigned char> starts(vocab.size(), 0);
  // A word the vocabulary lacks (kUnknownWord) starts no title: every word of a list has a
  // number.
  for (WordId w = 0; w < starts.size(); ++w) starts[w] = w != kUnknownWord && roles.Starts(w);
  return starts;
}

std::vector<RelationMention> internal::ExtractWithoutSkips(const RelationExtractor& x,
                                                           const TokenView& tv,
                                                           const std::vector<Mention>& mentions) {
  return x.Extract(tv, mentions, /*skip=*/false);
}

std::vector<RelationMention> RelationExtractor::Extract(
    const TokenView& tv, const std::vector<Mention>& mentions) const {
  return Extract(tv, mentions, /*skip=*/true);
}

std::vector<RelationMention> RelationExtractor::Extract(const TokenView& tv,
                                                        const std::vector<Mention>& mentions,
                                                        bool skip) const {
  assert(&tv.vocabulary() == &lex_.vocabulary());
  std::vector<RelationMention> out;
  if (mentions.empty()) return out;
  Sink sink(out);

  // First and one-past-last token of each mention.
  std::vector<std::size_t> first, last;
  tv.MentionTokens(mentions.size(), first, last);
  auto type = [&](std::size_t m) { return mentions[m].type; };
  // The mention that starts exactly at token k, if any.
  auto starts_at = [&](std::size_t k) -> std::optional<std::size_t> {
    auto m = tv.mention(k);
    if (m && first[*m] == k) return m;
    return std::nullopt;
  };
  // The mention that ends exactly before token k, if any.
  auto ends_before = [&](std::size_t k) -> std::optional<std::size_t> {
    if (k == 0) return std::nullopt;
    auto m = tv.mention(k - 1);
    if (m && last[*m] == k) return m;
    return std::nullopt;
  };
  // A title's predicate towards `obj`: a country is headed only by head-of-state titles.
  auto predicate_for = [&](const std::string& title, std::string_view pred, std::size_t obj) {
    if (type(obj) == EntityType::kCountry && pred == "heads" &&
        country_heads_.find(title) == country_heads_.end())
      return std::string("memberOf");
    return std::string(pred);
  };

  // Where the two scans below stop, found in one pass over the tokens (this thread's buffers,
  // or buffers of its own should a run on this thread be under way).
  const ThreadScratch<ScanStops> stops;
  FindStops(tv, title_starts_, last, skip, *stops);

  // Most words start no title: only those that do are looked at.
  for (const std::size_t k : stops->titles) {
    if (tv.mention(k)) continue;  // titles inside a name ("Security Council") are not titles
    const PhraseMatch title = MatchPhrase(roles_, tv, k);
    if (title.n == 0) continue;
    // Right side: "of [the] ORG [(ACRONYM)] [of [the] ORG]..." — the first ORG is what the
    // title is of; each further "of ORG" is what the previous one is part of.
    std::size_t j = k + title.n;
    std::optional<std::size_t> right_org, prev_org;
    // An envoy, representative or ambassador "for Y" is sent to Y, not a member of it
    // ("the UK Special Representative for Syria", "Special Envoy for the Coalition").
    const std::string_view head = tv.low(k + title.n - 1);
    const bool sent_to = head == "envoy" || head == "representative" || head == "ambassador";
    while ((tv.low(j) == "of" || (tv.low(j) == "for" && !right_org && !sent_to)) &&
           j + 1 < tv.size()) {
      std::size_t j2 = j + 1;
      if (tv.low(j2) == "the") ++j2;
      auto m = starts_at(j2);
      if (!m || !IsOrgOrCountry(type(*m))) break;
      if (!right_org) right_org = m;
      if (prev_org) sink.Add(*prev_org, "partOf", *m, "", tv.SpanOf(k, last[*m]));
      prev_org = m;
      j = last[*m];
      // "(FSB)": an acronym in parentheses names the same organization.
      if (tv.low(j) == "(" && starts_at(j + 1) && tv.low(last[*starts_at(j + 1)]) == ")")
        j = last[*starts_at(j + 1)] + 1;
    }
    // Left side: "ORG's TITLE" or "ORG TITLE" ("Al-Qaeda chief"), in the same line: a
    // headline ending with a name is no modifier of a title opening the next paragraph.
    std::optional<std::size_t> left_org;
    std::size_t left_begin = k;
    if (tv.tok(k).newline_before) {
      // nothing on the left
    } else if (k >= 2 && IsPossessive(tv.low(k - 1))) {
      if (auto m = ends_before(k - 1); m && IsOrgOrCountry(type(*m))) {
        left_org = m;
        left_begin = first[*m];
      }
    } else if (auto m = ends_before(k); m && IsOrgOrCountry(type(*m))) {
      left_org = m;
      left_begin = first[*m];
    }
    // The person: right after the title phrase (optionally after a comma), or before it in
    // apposition ("X, [the] chairman of Y").
    std::optional<std::size_t> person;
    std::size_t p_at = j + (tv.low(j) == "," ? 1 : 0);
    if (auto m = starts_at(p_at); m && type(*m) == EntityType::kPerson) person = m;
    std::size_t span_begin = left_begin, span_end = j;
    if (person) {
      span_end = last[*person];
    } else {
      std::size_t b = left_begin;
      while (b > 0 && (tv.low(b - 1) == "the" || tv.low(b - 1) == "a" ||
                       tv.low(b - 1) == "former" || tv.low(b - 1) == "current"))
        --b;
      if (b > 1 && tv.low(b - 1) == ",") {
        if (auto m = ends_before(b - 1); m && type(*m) == EntityType::kPerson) {
          person = m;
          span_begin = first[*m];
        }
      }
    }
    const std::optional<std::size_t> obj = right_org ? right_org : left_org;
    if (person && obj) {
      // The title's words as listed, and as written; built only for a relation found.
      std::string title_key;
      for (std::size_t i = k; i < k + title.n; ++i) {
        if (i > k) title_key += ' ';
        title_key += tv.low(i);
      }
      sink.Add(*person, predicate_for(title_key, title.value, *obj), *obj,
               tv.Text(k, k + title.n), tv.SpanOf(span_begin, span_end));
    }
    if (right_org && left_org && *right_org != *left_org &&
        FamilyOf(type(*right_org)) == EntityFamily::kOrganization)
      sink.Add(*right_org, "partOf", *left_org, "", tv.SpanOf(left_begin, j));
  }

  // Every pattern below needs a mention ending at token k before "of", or before token k, which
  // is "headed", "led" or possessive (or before ", headed|led"): only those stops are looked at.
  for (const std::size_t k : stops->links) {
    const std::string_view word = tv.low(k), next = tv.low(k + 1);
    // "ORG[,] headed by|led by [a few modifiers] PERSON".
    if ((word == "headed" || word == "led") && next == "by") {
      std::optional<std::size_t> org = ends_before(k);
      if (!org && tv.low(k - 1) == ",") org = ends_before(k - 1);
      if (!org || FamilyOf(type(*org)) != EntityFamily::kOrganization) continue;
      for (std::size_t j = k + 2; j < tv.size() && j < k + 9; ++j) {
        if (auto m = starts_at(j)) {
          if (type(*m) == EntityType::kPerson) {
            sink.Add(*m, "heads", *org, tv.Text(k, k + 2), tv.SpanOf(first[*org], last[*m]));
            break;
          }
          if (IsOrgOrCountry(type(*m)) && !IsPossessive(tv.low(last[*m]))) break;
          j = last[*m] - 1;
          continue;
        }
        const std::string_view w = tv.low(j);
        if (w == "," || w == "." || w == ";" || w == "and" || w == "who" || w == "which") break;
      }
    }
    // "ORG of [the] ORG|COUNTRY" and "COUNTRY's ORG": partOf.
    if (auto a = next == "of" ? ends_before(k + 1) : std::nullopt;
        a && last[*a] == k + 1 && FamilyOf(type(*a)) == EntityFamily::kOrganization) {
      std::size_t j = k + 2;
      if (tv.low(j) == "the") ++j;
      // "of CIS countries", "of NATO members": the name modifies a noun, the whole is not
      // the organization.
      auto modifies_noun = [&](std::size_t m) {
        static const std::set<std::string, std::less<>> kFunction = {
            "and", "or", "in", "on", "at", "to", "for", "of", "with", "by", "from", "as",
            "that", "which", "who", "is", "was", "has", "had", "have", "are", "were", "will"};
        const std::size_t n = last[m];
        return n < tv.size() && tv.tok(n).kind == TokenKind::kWord && !tv.tok(n).capitalized &&
               !kFunction.count(tv.low(n)) && !reporting_verbs_.Contains(tv.id(n));
      };
      if (auto b = starts_at(j); b && IsOrgOrCountry(type(*b)) && !modifies_noun(*b))
        sink.Add(*a, "partOf", *b, "", tv.SpanOf(first[*a], last[*b]));
    }
    if (IsPossessive(word)) {
      if (auto a = ends_before(k); a && IsOrgOrCountry(type(*a))) {
        if (auto b = starts_at(k + 1); b && FamilyOf(type(*b)) == EntityFamily::kOrganization &&
                                       type(*b) != EntityType::kNewsMediaOrganization)
          sink.Add(*b, "partOf", *a, "", tv.SpanOf(first[*a], last[*b]));
      }
    }
  }
  return out;
}

}  // namespace newsgraph::extract
