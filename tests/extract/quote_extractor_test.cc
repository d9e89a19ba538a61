// Table-driven tests of the QuoteExtractor: {text, entity mentions, expected dump}. Mentions
// are built by hand so that these tests pin the quote logic, not the entity extractor.
#include "extract/quote_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "extract/lexicon.h"
#include "extract/relation_extractor.h"
#include "extract/tokenizer.h"
#include "tests/extract/fast_path_inputs.h"
#include "tests/extract/test_lexicon.h"

namespace newsgraph::extract {
namespace {

using test_support::Lex;

struct Case {
  std::string name;
  std::string text;
  std::vector<std::pair<std::string, EntityType>> mentions;  // in text order
  std::string want;  // one line per statement: speaker|cue|direct|text
};

// Mentions are placed at successive occurrences of their surface forms.
Extraction Prepare(const Document& doc, const std::vector<Token>& toks,
                   const std::vector<std::pair<std::string, EntityType>>& ms) {
  Extraction ex;
  ex.sentences = SplitSentences(doc.text, toks);
  std::size_t from = 0;
  for (const auto& [surface, type] : ms) {
    const std::size_t at = doc.text.find(surface, from);
    EXPECT_NE(at, std::string::npos) << surface;
    Mention m;
    m.span = {at, at + surface.size()};
    m.text = surface;
    m.type = type;
    ex.mentions.push_back(m);
    from = at + surface.size();
  }
  return ex;
}

std::string Dump(const Extraction& ex) {
  std::ostringstream out;
  for (const StatementMention& s : ex.statements) {
    out << (s.speaker ? ex.mentions[*s.speaker].text : "?") << "|" << s.cue << "|"
        << (s.direct ? "direct" : "indirect") << "|" << s.text << "\n";
  }
  return out.str();
}

constexpr EntityType P = EntityType::kPerson;
constexpr EntityType G = EntityType::kGovernmentOrganization;
constexpr EntityType C = EntityType::kCountry;
constexpr EntityType M = EntityType::kNewsMediaOrganization;

class QuoteTable : public ::testing::TestWithParam<Case> {};

// The statements `quotes` finds in a case's text, dumped.
std::string Extracted(const QuoteExtractor& quotes, const Case& c) {
  Document doc;
  doc.id = "t";
  doc.text = c.text;
  const std::vector<Token> toks = Tokenize(doc.text);
  Extraction ex = Prepare(doc, toks, c.mentions);
  ex.relations = RelationExtractor(Lex()).Extract(doc, toks, ex.mentions);
  quotes.Extract(doc, toks, ex);
  return Dump(ex);
}

TEST_P(QuoteTable, Dump) {
  const Case& c = GetParam();
  EXPECT_EQ(Extracted(QuoteExtractor(Lex()), c), c.want) << c.text;
}

const Case kCases[] = {
    {"cue_after_curly",
     "\xE2\x80\x9CWe will win,\xE2\x80\x9D Jane Smith said.",
     {{"Jane Smith", P}},
     "Jane Smith|said|direct|We will win\n"},
    {"cue_before_colon",
     "John Brown told reporters: \"The talks failed.\"",
     {{"John Brown", P}},
     "John Brown|told|direct|The talks failed\n"},
    {"inverted_cue",
     "\"Prices will rise,\" said Anna Lee.",
     {{"Anna Lee", P}},
     "Anna Lee|said|direct|Prices will rise\n"},
    {"mid_quote_cue_joins_both_halves",
     "\"The danger is real,\" he said, \"and it is growing.\"",
     {},
     ""},  // no person to resolve "he" to: left out
    {"mid_quote_cue_with_pronoun",
     "Paul Gray spoke on Monday.\n\n\"The danger is real,\" he said, \"and it is growing.\"",
     {{"Paul Gray", P}},
     "Paul Gray|said|direct|The danger is real and it is growing\n"},
    // '"A," X said. "B."' in one paragraph is one quotation interrupted by its cue, however
    // long B is (regression: a B longer than A used to stand alone and duplicate the match).
    {"longer_continuation_in_the_paragraph_joins_the_quote",
     "\"This is no reform,\" Mark Twain said. \"It is a tax increase, and a large one for "
     "the people who can least afford it.\"",
     {{"Mark Twain", P}},
     "Mark Twain|said|direct|This is no reform It is a tax increase, and a large one for the "
     "people who can least afford it\n"},
    // Cue verbs: "continued" cues a quotation or a "that" clause only; "went on to say";
    // "pointed to"; "concluded that"; "praised".
    {"continued_cues_a_quote",
     "\"We will not stop,\" Jane Smith continued.",
     {{"Jane Smith", P}},
     "Jane Smith|continued|direct|We will not stop\n"},
    {"continued_without_quote_or_that_reports_nothing",
     "Jane Smith continued her attacks on the governor in a speech on Monday.",
     {{"Jane Smith", P}},
     ""},
    // "states" is mostly a noun ("member states"): no cue (regression).
    {"states_is_no_cue",
     "The meeting of Jane Smith and the member states took place in Moscow in December.",
     {{"Jane Smith", P}},
     ""},
    // A quoted title names a work; a quote of names or an exclamation is still a statement.
    {"title_case_quote_is_a_title",
     "Jane Smith said her book, \"Legend in the Coal Fields,\" sold well.\n\n"
     "\"Make Your Kid a Millionaire,\" Jane Smith suggested.",
     {{"Jane Smith", P}, {"Jane Smith", P}},
     "Jane Smith|said|indirect|her book, \"Legend in the Coal Fields,\" sold well\n"},
    {"quote_of_names_or_exclamation_is_no_title",
     "\"What a Super Tuesday!\" Jane Smith wrote.\n\n\"Nusra is Al Qaeda,\" Jane Smith said.",
     {{"Jane Smith", P}, {"Nusra", G}, {"Al Qaeda", G}, {"Jane Smith", P}},
     "Jane Smith|wrote|direct|What a Super Tuesday!\n"
     "Jane Smith|said|direct|Nusra is Al Qaeda\n"},
    // An indefinite description is someone not named: the organization speaks, not the
    // person named before (regression: "a spokesman for X said" went to the last speaker).
    {"indefinite_spokesman_speaks_for_the_organization",
     "Jane Smith said the plan was sound.\n\n"
     "A spokesman for the Interior Ministry said the plan had been withdrawn.",
     {{"Jane Smith", P}, {"Interior Ministry", G}},
     "Jane Smith|said|indirect|the plan was sound\n"
     "Interior Ministry|said|indirect|the plan had been withdrawn\n"},
    {"indefinite_official_without_organization_is_left_out",
     "Jane Smith said the plan was sound.\n\nAn official said the plan had been withdrawn.",
     {{"Jane Smith", P}},
     "Jane Smith|said|indirect|the plan was sound\n"},
    // '"A," X said, adding that "B."': B is the participle's statement, not A's second half
    // (regression: the two were joined under the first cue).
    {"participle_after_mid_cue_reports_its_own_quote",
     "\"We will win,\" Jane Smith said, adding that \"the polls are wrong again this year.\"",
     {{"Jane Smith", P}},
     "Jane Smith|said|direct|We will win\n"
     "Jane Smith|adding|indirect|\"the polls are wrong again this year.\"\n"},
    // After-cues: a long apposition after the name; a few words that finish the quote's
    // sentence before ', X said'; a cue whose subject is never named ('a narrator asks')
    // gives the quote no speaker rather than the last one (regressions).
    {"after_cue_with_long_apposition",
     "\"It is fiscally responsible,\" Leonard Burr, director of the Tax Policy Center and a "
     "professor at the Maxwell School of Syracuse University, said of the plan.",
     {{"Leonard Burr", P},
      {"Tax Policy Center", G},
      {"Maxwell School", G},
      {"Syracuse University", G}},
     "Leonard Burr|said|direct|It is fiscally responsible\n"},
    {"words_finish_the_quote_before_the_cue",
     "\"I have admiration for the mechanics\" of the proposals, Mark Holt said.",
     {{"Mark Holt", P}},
     "Mark Holt|said|direct|I have admiration for the mechanics\n"},
    {"unnamed_after_cue_gives_no_speaker",
     "Jane Smith said the ad was unfair.\n\n\"You work hard. Why did he not pay?\" a narrator "
     "asks.",
     {{"Jane Smith", P}},
     "Jane Smith|said|indirect|the ad was unfair\n"},
    // A quote after "that" is inside the indirect speech that reports it (regression: it was
    // neither a direct statement nor, being mostly quoted, indirect content).
    {"quote_after_that_is_reported_content",
     "Jane Smith tweeted that, \"For those few people knocking me, I will be there.\"",
     {{"Jane Smith", P}},
     "Jane Smith|tweeted|indirect|\"For those few people knocking me, I will be there.\"\n"},
    // A cue in a subordinate clause: the content ends at the clause's comma (regression: it
    // ran on into the main clause).
    {"subordinate_clause_content_ends_at_its_comma",
     "While Jane Smith said that reporters cannot have a party, she appears uneasy about it.",
     {{"Jane Smith", P}},
     "Jane Smith|said|indirect|reporters cannot have a party\n"},
    // "called it/the charges ADJ" reports a judgement like "called it a fabrication";
    // "the X campaign said" is the candidate's organization speaking, credited to X.
    {"called_object_adjective",
     "Jane Smith called the charges unsubstantiated and fabricated.\n\n"
     "Jane Smith called the police.",
     {{"Jane Smith", P}, {"Jane Smith", P}},
     "Jane Smith|called|indirect|the charges unsubstantiated and fabricated\n"},
    {"the_candidate_campaign_speaks",
     "The Smith campaign said it raised $15 million in January.",
     {{"Smith", P}},
     "Smith|said|indirect|it raised $15 million in January\n"},
    // A question or exclamation ending the quote may end the splitter's sentence; the cue
    // after it is still the quote's (regression: such quotes were lost).
    {"cue_after_question_mark",
     "\"Why will he not release his tax returns?\" Jane Smith asked.",
     {{"Jane Smith", P}},
     "Jane Smith|asked|direct|Why will he not release his tax returns?\n"},
    // Time words before an adverbial: "said Friday as he entered" reports nothing (regression);
    // "said Thursday during ..., that ..." reports the "that" clause.
    {"time_word_then_adverbial_is_no_content",
     "Jane Smith said Friday as she entered the talks.",
     {{"Jane Smith", P}},
     ""},
    {"that_clause_after_a_long_adverbial",
     "Jane Smith said Thursday during a town hall in Buffalo, New York, that the law is wrong.",
     {{"Jane Smith", P}},
     "Jane Smith|said|indirect|the law is wrong\n"},
    {"went_on_to_say",
     "Jane Smith went on to say, \"The plan will fail within a year.\"",
     {{"Jane Smith", P}},
     "Jane Smith|say|direct|The plan will fail within a year\n"},
    {"pointed_to",
     "Jane Smith pointed to the rising cost of housing in the city.",
     {{"Jane Smith", P}},
     "Jane Smith|pointed to|indirect|the rising cost of housing in the city\n"},
    {"concluded_that",
     "Jane Smith concluded that the law had been broken.",
     {{"Jane Smith", P}},
     "Jane Smith|concluded|indirect|the law had been broken\n"},
    {"praised",
     "Jane Smith praised the governor for his handling of the storm.",
     {{"Jane Smith", P}},
     "Jane Smith|praised|indirect|the governor for his handling of the storm\n"},
    {"continuation_in_the_next_paragraph_is_its_own_statement",
     "\"This is no reform,\" Mark Twain said.\n\n\"It is a tax increase, and a large one.\"",
     {{"Mark Twain", P}},
     "Mark Twain|said|direct|This is no reform\n"
     "Mark Twain||direct|It is a tax increase, and a large one\n"},
    {"short_continuation_in_the_paragraph_joins_the_quote",
     "\"The numbers of fighters grow every month,\" said Mark Twain, a writer. \"They are "
     "many.\"\n\n\"And they are armed.\"",
     {{"Mark Twain", P}},
     "Mark Twain|said|direct|The numbers of fighters grow every month They are many\n"
     "Mark Twain||direct|And they are armed\n"},
    {"multi_paragraph_quote",
     "\"The first paragraph of the quote goes here.\n\nAnd the second one ends it,\" "
     "Ali Khan told the agency.",
     {{"Ali Khan", P}},
     "Ali Khan|told|direct|The first paragraph of the quote goes here\n"
     "Ali Khan|told|direct|And the second one ends it\n"},
    {"nested_straight_quotes",
     "\"He founded a so-called \"People's Club.\" And half of them are women,\" the "
     "statement of the Committee reads.",
     {{"Committee", G}},
     "Committee|reads|direct|He founded a so-called \"People's Club.\" And half of them are "
     "women\n"},
    {"guillemets",
     "\xC2\xAB"
     "Nous gagnerons la bataille"
     "\xC2\xBB, said Marie Curie.",
     {{"Marie Curie", P}},
     "Marie Curie|said|direct|Nous gagnerons la bataille\n"},
    {"scare_quote_is_not_a_statement", "The group has two \"branches\" in the region.", {}, ""},
    {"short_quote_with_cue_before",
     "Spain opposes the plan, which President Juan Carlos said was \"doomed to failure\".",
     {{"Spain", C}, {"Juan Carlos", P}},
     "Juan Carlos|said|direct|doomed to failure\n"},
    {"indirect_that",
     "Omar Said assured that the work was not confined to the police.",
     {{"Omar Said", P}},
     "Omar Said|assured|indirect|the work was not confined to the police\n"},
    {"indirect_pronoun_resolves_to_last_person",
     "Maria Lopez arrived in Paris. She said the talks would resume soon.",
     {{"Maria Lopez", P}, {"Paris", EntityType::kPlace}},
     "Maria Lopez|said|indirect|the talks would resume soon\n"},
    {"reported_clause_before_cue",
     "Militants from abroad may be a major threat upon returning home, Spain's head of "
     "Security Council Luis Vega told a meeting on Friday.",
     {{"Spain", C}, {"Security Council", G}, {"Luis Vega", P}},
     "Luis Vega|told|indirect|Militants from abroad may be a major threat upon returning "
     "home\n"},
    {"parenthetical_cue",
     "This, Omar Said said, increases the extent of the threat in the world.",
     {{"Omar Said", P}},
     "Omar Said|said|indirect|This increases the extent of the threat in the world\n"},
    {"according_to_description_resolves_forward",
     "Over 500 people left, the Foreign Ministry's director of the Department for Export "
     "said.\n\nAccording to the official, most of them returned home.\n\n\"We watch them,\" "
     "Ivan Petrov told a newspaper.",
     {{"Foreign Ministry", G}, {"Department for Export", G}, {"Ivan Petrov", P}},
     "Ivan Petrov|said|indirect|Over 500 people left\n"
     "Ivan Petrov|According to|indirect|most of them returned home\n"
     "Ivan Petrov|told|direct|We watch them\n"},
    {"description_resolves_through_relation",
     "The head of the Agency Tom Hale spoke first. Later, Ann Bell arrived. The head of "
     "the Agency said that the borders were closed.",
     {{"Agency", G}, {"Tom Hale", P}, {"Ann Bell", P}, {"Agency", G}},
     "Tom Hale|said|indirect|the borders were closed\n"},
    {"organization_speaks",
     "The Interior Ministry has declared that more than 300 nationals are abroad.",
     {{"Interior Ministry", G}},
     "Interior Ministry|declared|indirect|more than 300 nationals are abroad\n"},
    {"called_on",
     "Karl Weber on Thursday called on workers in the region to unite and strike.",
     {{"Karl Weber", P}},
     "Karl Weber|called|indirect|workers in the region to unite and strike\n"},
    {"media_reporting_is_not_a_statement",
     "Half of them are women, Daily Planet reports.",
     {{"Daily Planet", M}},
     ""},
    {"unnamed_speaker_left_out", "Experts said the war would last for years.", {}, ""},
    {"quoted_phrase_inside_indirect_speech",
     "He Wei added that the city was concerned about the \"ideological expansion\" of the "
     "group.",
     {{"He Wei", P}},
     "He Wei|added|indirect|the city was concerned about the \"ideological expansion\" of the "
     "group\n"},
    {"quoted_phrase_inside_reported_clause_is_indirect",
     "Tom Reed says voter fraud \"would be a terrible way to lose.\"",
     {{"Tom Reed", P}},
     "Tom Reed|says|indirect|voter fraud \"would be a terrible way to lose.\"\n"},
    {"one_or_two_word_quote_is_no_statement",
     "Tom Reed called the plan \"disgusting\" on Friday. He said it was \"a con.\"",
     {{"Tom Reed", P}},
     "Tom Reed|called|indirect|the plan \"disgusting\" on Friday\n"
     "Tom Reed|said|indirect|it was \"a con.\"\n"},
    {"called_something_something",
     "Ann Bell called the charges a fabrication by former employees. Ann Bell called the "
     "police at once.",
     {{"Ann Bell", P}, {"Ann Bell", P}},
     "Ann Bell|called|indirect|the charges a fabrication by former employees\n"},
    {"pronoun_prefers_the_subject_over_a_later_object",
     "Tom Reed is raising questions about his debate with Ann Bell. He notes that the "
     "microphone failed twice.",
     {{"Tom Reed", P}, {"Ann Bell", P}},
     "Tom Reed|notes|indirect|the microphone failed twice\n"},
    {"pronoun_gender_from_honorific",
     "Mrs. Ann Bell met Mr. Tom Reed on Monday. Tom Reed spoke first. She said the talks went "
     "well.",
     {{"Ann Bell", P}, {"Tom Reed", P}, {"Tom Reed", P}},
     "Ann Bell|said|indirect|the talks went well\n"},
    {"pronoun_gender_from_a_pronoun_after_the_subject",
     "Ann Bell said she would run. Tom Reed spoke about his plan. She said the talks went "
     "well.",
     {{"Ann Bell", P}, {"Tom Reed", P}},
     "Ann Bell|said|indirect|she would run\n"
     "Ann Bell|said|indirect|the talks went well\n"},
    {"pronoun_gender_not_from_an_object_pronoun",
     "Ann Bell met Tom Reed. Tom Reed thanked her for the visit. He said the talks went well.",
     {{"Ann Bell", P}, {"Tom Reed", P}, {"Tom Reed", P}},
     "Tom Reed|said|indirect|the talks went well\n"},
    {"pronoun_gender_not_across_another_noun_phrase",
     "Jane Roe said she would stay. Ann Bell met the senator and his staff. She said the "
     "vote would pass.",
     {{"Jane Roe", P}, {"Ann Bell", P}},
     "Jane Roe|said|indirect|she would stay\n"
     "Ann Bell|said|indirect|the vote would pass\n"},
    {"pronoun_gender_not_from_a_possessor",
     "Mrs. Ann Bell spoke first. Jane Roe's aide said he would resign. Jane Roe left. She said "
     "the vote would pass.",
     {{"Ann Bell", P}, {"Jane Roe", P}, {"Jane Roe", P}},
     "Jane Roe|said|indirect|the vote would pass\n"},
    {"subject_after_an_opening_adverbial",
     "Ann Bell spoke on Monday. Since launching his bid, Tom Reed has taken a firm stance on "
     "trade. \"We will win,\" he said.",
     {{"Ann Bell", P}, {"Tom Reed", P}},
     "Tom Reed|said|direct|We will win\n"},
    {"subject_after_an_opening_subordinate_clause",
     "Ann Bell spoke on Monday. After Jane Roe left the room, Tom Reed took the floor. \"We "
     "will win,\" he said.",
     {{"Ann Bell", P}, {"Jane Roe", P}, {"Tom Reed", P}},
     "Tom Reed|said|direct|We will win\n"},
    {"no_subject_after_an_opening_when_a_possessor",
     "Ann Bell spoke on Monday. After the debate, Tom Reed's aide left early. \"We will "
     "win,\" she said.",
     {{"Ann Bell", P}, {"Tom Reed", P}},
     "Ann Bell|said|direct|We will win\n"},
    {"nyt_double_apostrophe_quotes",
     "Taxes rose.\n\n''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist. ''It's "
     "anti-reform.''",
     {{"Douglas Holtz-Eakin", P}},
     "Douglas Holtz-Eakin|said|direct|This isn't tax reform It's anti-reform\n"},
    {"long_apposition_with_relative_clause",
     "Ann Bell, president of the Teachers Union, which represents city teachers, said the "
     "schools need more money.",
     {{"Ann Bell", P}, {"Teachers Union", EntityType::kOrganization}},
     "Ann Bell|said|indirect|the schools need more money\n"},
    {"party_label_after_the_name",
     "\"It is not what worked in 2012,\" Sen. Tom Reed (R-Ga.) said.",
     {{"Tom Reed", P}},
     "Tom Reed|said|direct|It is not what worked in 2012\n"},
    {"reporting_noun_after_possessive_is_no_cue",
     "Analysts doubt North Korea's claims about the potency of its nuclear test.",
     {{"North Korea", C}},
     ""},
    {"negated_cue_reports_nothing",
     "A lawyer for Tom Reed did not immediately respond to requests for comment.",
     {{"Tom Reed", P}},
     ""},
    {"adverbial_before_that_is_no_content",
     "Tom Reed said in a statement on Friday that the bill would pass.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the bill would pass\n"},
    {"adverbial_clause_after_cue_is_no_content",
     "Tom Reed said as he entered the hall.",
     {{"Tom Reed", P}},
     ""},
    {"opening_participle_is_no_trailing_content",
     "Speaking at a rally in Novi, Tom Reed says the system is rigged.",
     {{"Tom Reed", P}},
     "Tom Reed|says|indirect|the system is rigged\n"},
    {"more_cue_verbs",
     "Tom Reed pledged that taxes would fall. Ann Bell criticized the plan as a giveaway to "
     "the rich.",
     {{"Tom Reed", P}, {"Ann Bell", P}},
     "Tom Reed|pledged|indirect|taxes would fall\n"
     "Ann Bell|criticized|indirect|the plan as a giveaway to the rich\n"},
    {"progressive_cue",
     "Tom Reed is claiming that voting fraud is a big problem.",
     {{"Tom Reed", P}},
     "Tom Reed|claiming|indirect|voting fraud is a big problem\n"},
    {"person_description_resolves_to_the_subject",
     "Tom Reed spoke in Ohio on Friday. The Republican presidential nominee noted that his "
     "campaign had spent little on ads.",
     {{"Tom Reed", P}, {"Ohio", EntityType::kPlace}},
     "Tom Reed|noted|indirect|his campaign had spent little on ads\n"},
    {"someones_lawyer_is_not_that_someone",
     "Tom Reed's lawyer said the charges were false.",
     {{"Tom Reed", P}},
     ""},
    {"according_to_a_described_source",
     "The top 1 percent paid a quarter of all federal taxes in 2013, according to the "
     "nonpartisan Congressional Budget Office.",
     {{"Congressional Budget Office", G}},
     "Congressional Budget Office|according to|indirect|The top 1 percent paid a quarter of "
     "all federal taxes in 2013\n"},
    {"participle_after_a_non_reporting_clause",
     "Ann Bell had mocked the complaint, saying anybody who blames a microphone is losing.",
     {{"Ann Bell", P}},
     "Ann Bell|saying|indirect|anybody who blames a microphone is losing\n"},
    {"participle_introduces_a_direct_quote",
     "During a speech, Tom Reed attacked the plan, saying, \"It is reckless and very "
     "unstable.\"",
     {{"Tom Reed", P}},
     "Tom Reed|saying|direct|It is reckless and very unstable\n"},
    {"cue_with_colon_ends_the_paragraph_before_the_quote",
     "Tom Reed said:\n\n\"We have a situation where our cities are dangerous.\"",
     {{"Tom Reed", P}},
     "Tom Reed|said|direct|We have a situation where our cities are dangerous\n"},
    {"trailing_second_cue_is_cut_from_the_content",
     "Ann Bell told police officials that she did not want the escort, but the police "
     "overruled that request, the source added.",
     {{"Ann Bell", P}},
     "Ann Bell|told|indirect|she did not want the escort, but the police overruled that "
     "request\n"},
    // A surname (after an honorific or alone) that got no mention of its own is the person
    // of the article whose full name ends with it, before the cue or else after it.
    {"bare_surname_resolves_to_earlier_full_name",
     "Tom Reed spoke on Monday.\n\nReed said the plan would fail.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    {"honorific_surname_resolves_to_full_name",
     "Ann Bell spoke on Monday.\n\nMrs. Bell said the plan would fail.",
     {{"Ann Bell", P}},
     "Ann Bell|said|indirect|the plan would fail\n"},
    {"bare_surname_resolves_to_later_full_name",
     "Reed said the plan would fail.\n\nTom Reed spoke on Monday.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    {"bare_surname_takes_the_most_recent_namesake",
     "Tom Reed spoke.\n\nJoan Reed spoke too.\n\nReed said the plan would fail.",
     {{"Tom Reed", P}, {"Joan Reed", P}},
     "Joan Reed|said|indirect|the plan would fail\n"},
    // Regressions: a first name is not matched, nor a surname nobody in the article bears.
    {"bare_first_name_is_not_matched",
     "Tom Reed spoke on Monday.\n\nTom said the plan would fail.",
     {{"Tom Reed", P}},
     ""},
    // A quote inside the clause a cue reports is part of that indirect speech even when the
    // cue's subject stands in another clause (regression: the quote was dropped as a
    // statement without a cue and its clause as mostly quoted).
    {"quote_inside_participle_clause_is_reported_content",
     "Ann Bell threw her support behind the plan on Monday, saying it is time to have \"a "
     "real conservative in the White House.\"",
     {{"Ann Bell", P}},
     "Ann Bell|saying|indirect|it is time to have \"a real conservative in the White "
     "House.\"\n"},
    // A second cue of the same speaker in the sentence ends the first content and reports
    // its own ("..., adding that ...", "and told ...", "and also said ...").
    {"participle_after_indirect_content_is_its_own_statement",
     "Ann Bell said the plan would fail, adding that taxes would rise next year.",
     {{"Ann Bell", P}},
     "Ann Bell|said|indirect|the plan would fail\n"
     "Ann Bell|adding|indirect|taxes would rise next year\n"},
    {"coordinated_cue_is_its_own_statement",
     "Tom Reed said the plan would fail and told reporters that taxes would rise.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"
     "Tom Reed|told|indirect|taxes would rise\n"},
    {"coordinated_cue_after_an_adverb",
     "Tom Reed said the plan would fail but also warned that taxes would rise.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"
     "Tom Reed|warned|indirect|taxes would rise\n"},
    {"participle_after_a_clause_ends_at_a_second_participle",
     "Ann Bell had mocked the complaint, saying the microphone was fine, adding that the "
     "hall was too hot.",
     {{"Ann Bell", P}},
     "Ann Bell|saying|indirect|the microphone was fine\n"
     "Ann Bell|adding|indirect|the hall was too hot\n"},
    // Regressions: "and" before a clause with its own subject, or a participle that is no
    // cue, does not end the content.
    {"and_with_a_new_subject_continues_the_content",
     "Tom Reed said the plan would fail and taxes would rise.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail and taxes would rise\n"},
    {"non_cue_participle_continues_the_content",
     "Tom Reed said the plan would fail, leaving thousands without work.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail, leaving thousands without work\n"},
    // A subject with appositions that does not open the clause: after an opening phrase,
    // with a party label, or with a place in its noun phrase (regressions: no subject found).
    {"appositive_subject_after_an_opening_phrase",
     "On Tuesday, Tom Reed, chairman of the Budget Committee, said the plan would fail.",
     {{"Tom Reed", P}, {"Budget Committee", G}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    {"appositive_subject_with_a_party_label",
     "Rep. Ann Bell (D-Md.), chair of the Budget Committee, said the plan would fail.",
     {{"Ann Bell", P}, {"Budget Committee", G}},
     "Ann Bell|said|indirect|the plan would fail\n"},
    {"appositive_subject_with_a_place",
     "Republican Rep. Tom Reed of Ohio, a member of the panel, said the plan would fail.",
     {{"Tom Reed", P}, {"Ohio", EntityType::kPlace}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    {"appositive_subject_prefers_the_person_to_the_organization",
     "On Tuesday, the director of the Budget Office, Tom Reed, said the plan would fail.",
     {{"Budget Office", G}, {"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    {"appositive_subject_after_an_opening_clause",
     "As the report noted, Tom Reed, chairman of the Budget Committee, said the plan would "
     "fail.",
     {{"Tom Reed", P}, {"Budget Committee", G}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    // Regression: an opening phrase longer than a few words is no opening of the subject.
    {"appositive_subject_not_after_a_long_clause",
     "Critics of the plan who met with the panel on a cold and rainy Friday morning, Tom "
     "Reed, chairman of the Budget Committee, said the plan would fail.",
     {{"Tom Reed", P}, {"Budget Committee", G}},
     ""},
    // Quotes in doubled apostrophes: the comma before the closing '' ends the first half,
    // so the second half continues it (regression: the second half was lost).
    {"mid_quote_cue_joins_halves_in_doubled_apostrophes",
     "''There is a lot of water under the bridge,'' Ann Bell said, ''and it is hard to "
     "imagine a deal.''",
     {{"Ann Bell", P}},
     "Ann Bell|said|direct|There is a lot of water under the bridge and it is hard to imagine "
     "a deal\n"},
    // After an honorific a title word is a surname (regression: "Mr. King" was taken for a
    // king and credited to the previous speaker).
    {"honorific_title_word_is_a_surname",
     "Tom Reed said taxes would rise.\n\nCharlie King spoke on Monday.\n\n\"The plan will "
     "fail,\" Mr. King said.",
     {{"Tom Reed", P}, {"Charlie King", P}},
     "Tom Reed|said|indirect|taxes would rise\n"
     "Charlie King|said|direct|The plan will fail\n"},
    // A surname the tagger found alone elsewhere in the article (regression: only full names
    // were matched).
    {"bare_surname_resolves_to_a_surname_mention",
     "Reed spoke on Monday.\n\nReed said the plan would fail.",
     {{"Reed", P}},
     "Reed|said|indirect|the plan would fail\n"},
    // A cue that ends the sentence reports all before it, an opening adverbial included
    // (regression: "As ..." blocked the trailing cue); before a reported clause the opening
    // adverbial is no content.
    {"trailing_cue_after_an_opening_adverbial",
     "As a newcomer, Ann Bell likely raised less suspicion, Tom Reed said in an interview.",
     {{"Ann Bell", P}, {"Tom Reed", P}},
     "Tom Reed|said|indirect|As a newcomer, Ann Bell likely raised less suspicion\n"},
    {"opening_adverbial_before_a_reported_clause_is_no_content",
     "In the town of Ames, Tom Reed said the plan would fail.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"},
    // An inverted subject may describe the person in lower-case words before the name
    // (regression: the noun phrase ended at "party" and the quote had no speaker).
    {"inverted_subject_with_lower_case_description",
     "\"The plan will fail,\" said Republican party boss Tom Reed, who spoke in Ohio.",
     {{"Tom Reed", P}, {"Ohio", EntityType::kPlace}},
     "Tom Reed|said|direct|The plan will fail\n"},
    {"inverted_subject_lower_case_words_without_a_name",
     "\"The plan will fail,\" said Republican party members in Ohio.",
     {{"Ohio", EntityType::kPlace}},
     ""},
    // Participles of reporting verbs cue like the other inflections (regression: "calling",
    // "recalling", "accusing" were missing from the list).
    {"calling_participle_reports_a_judgement",
     "Tom Reed attacked the mayor on Monday, calling him a danger to the town.",
     {{"Tom Reed", P}},
     "Tom Reed|calling|indirect|him a danger to the town\n"},
    {"recalling_participle_is_a_cue",
     "Ann Bell said the plan would fail, recalling that the last one had failed too.",
     {{"Ann Bell", P}},
     "Ann Bell|said|indirect|the plan would fail\n"
     "Ann Bell|recalling|indirect|the last one had failed too\n"},
    // A parenthetical cue may carry a time word or an adverbial phrase (regression: the
    // content after it was lost).
    {"parenthetical_cue_with_an_adverbial_phrase",
     "The plan, Tom Reed said in an interview, would fail within a year.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|The plan would fail within a year\n"},
    {"parenthetical_cue_with_a_time_word",
     "The plan, Tom Reed said Tuesday, would fail within a year.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|The plan would fail within a year\n"},
    // Regression: a cue after the second comma trails the sentence; the first cue is no
    // parenthesis then (the content took in "news agencies reported").
    {"cue_with_time_word_before_a_trailing_cue_is_no_parenthesis",
     "Prices rose sharply this year, Tom Reed said Thursday, news agencies reported.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|Prices rose sharply this year\n"},
    {"adverbial_before_that_is_no_parenthesis",
     "Under the plan, Tom Reed said in an interview that taxes would rise.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|taxes would rise\n"},
    {"coordinated_cue_with_a_pronoun_subject",
     "Tom Reed said the plan would fail, and he added that taxes would rise.",
     {{"Tom Reed", P}},
     "Tom Reed|said|indirect|the plan would fail\n"
     "Tom Reed|added|indirect|taxes would rise\n"},
    // Regression: where a page lost its paragraph breaks, a quote that runs on into the next
    // paragraph is followed by that paragraph's opening mark; read as a nested quote, it ran
    // on to the last quote of the article, everything between credited to the speaker.
    {"opening_mark_after_a_sentence_end_starts_a_new_quote",
     "\"The roof fell in,\" Tom Reed said. \"I ran outside. \"Then the walls fell.\" The "
     "police said \"nobody was hurt\" on Monday.",
     {{"Tom Reed", P}},
     "Tom Reed|said|direct|The roof fell in I ran outside\n"
     "Tom Reed||direct|Then the walls fell\n"},
    // Regression: with the relative clause's closing comma missing, the name after "from"
    // was taken for the subject ("... from the Daily Mail said").
    {"relative_clause_without_closing_comma_keeps_the_subject",
     "Tom Reed, who won damages from the Daily Mail said he would run again.",
     {{"Tom Reed", P}, {"Daily Mail", M}},
     "Tom Reed|said|indirect|he would run again\n"},
    // Regression: an inverted cue in the middle ("..., said X, would ...") cut the content at
    // the cue; an apposition after the name is still no content.
    {"inverted_cue_as_a_parenthesis_reports_both_sides",
     "The tone of the campaign, said Tom Reed, would be calmer than before.\n\nThe plan will "
     "fail, said Ann Bell, the group's spokeswoman.",
     {{"Tom Reed", P}, {"Ann Bell", P}},
     "Tom Reed|said|indirect|The tone of the campaign would be calmer than before\n"
     "Ann Bell|said|indirect|The plan will fail\n"},
    {"unknown_surname_stays_unresolved",
     "Tom Reed spoke on Monday.\n\nBell said the plan would fail.",
     {{"Tom Reed", P}},
     ""},
    // Direct quotes are found before indirect speech: the statements are put in text order
    // (SortCandidates), those of the indirect speech before and after the quote included.
    {"statements_come_in_text_order",
     "Jane Doe said the tax plan would hurt small farmers. \"We will fight it in every "
     "court,\" Jane Doe said. John Roe told reporters that the plan was fair to everyone.",
     {{"Jane Doe", P}, {"Jane Doe", P}, {"John Roe", P}},
     "Jane Doe|said|indirect|the tax plan would hurt small farmers\n"
     "Jane Doe|said|direct|We will fight it in every court\n"
     "John Roe|told|indirect|the plan was fair to everyone\n"},
};

INSTANTIATE_TEST_SUITE_P(Quotes, QuoteTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

// A thread's runs reuse their per-token buffers (RunBuffers, a ThreadScratch): one extractor
// given every case in turn, longest first and then shortest first, must find in each what a
// first run finds. Both passes run on a new thread, whose buffers no other test has used: the
// first case gets fresh buffers, each later one those the cases before it left.
TEST(QuoteExtractor, ReusedBuffersFindWhatFreshOnesFind) {
  std::vector<const Case*> cases;
  for (const Case& c : kCases) cases.push_back(&c);
  std::stable_sort(cases.begin(), cases.end(),
                   [](const Case* a, const Case* b) { return a->text.size() > b->text.size(); });
  const QuoteExtractor quotes(Lex());
  auto pass = [&] {
    for (const Case* c : cases) EXPECT_EQ(Extracted(quotes, *c), c->want) << c->name;
    std::reverse(cases.begin(), cases.end());
  };
  std::thread([&] {
    pass();
    pass();
  }).join();
}

TEST(QuoteExtractor, EmptyDocumentFindsNothing) {
  Document doc;
  Extraction ex;
  QuoteExtractor(Lex()).Extract(doc, {}, ex);
  EXPECT_TRUE(ex.statements.empty());
}

TEST(QuoteExtractor, DescriptionResolvedForwardAddsTheRelation) {
  Document doc;
  doc.text =
      "Prices rose sharply in the last quarter, the director of the Central Bank said.\n\n\"We "
      "act,\" Ivan Petrov "
      "told a newspaper.";
  const std::vector<Token> toks = Tokenize(doc.text);
  Extraction ex = Prepare(doc, toks, {{"Central Bank", G}, {"Ivan Petrov", P}});
  QuoteExtractor(Lex()).Extract(doc, toks, ex);
  ASSERT_EQ(ex.relations.size(), 1u);
  EXPECT_EQ(ex.mentions[ex.relations[0].subject].text, "Ivan Petrov");
  EXPECT_EQ(ex.relations[0].predicate, "heads");
  EXPECT_EQ(ex.mentions[ex.relations[0].object].text, "Central Bank");
  EXPECT_EQ(ex.relations[0].role, "director");
}

// The scan for indirect-speech cues skips the tokens whose word starts no cue (NextCueStart):
// on the cases, on the seeds and on random text of cue words, speech phrases, titles, names
// and quotation marks, it must find what stepping over every token finds.
TEST(QuoteExtractor, SkipsFindWhatThePlainPathFindsInTheCases) {
  const QuoteExtractor x(Lex());
  for (const Case& c : kCases) {
    const Document doc = test_support::CaseDocument(c.name, c.text);
    const std::vector<Token> toks = Tokenize(doc.text);
    Extraction ex = Prepare(doc, toks, c.mentions);
    ex.relations = RelationExtractor(Lex()).Extract(doc, toks, ex.mentions);
    test_support::ExpectSkipsFindWhatThePlainPathFinds(x, doc, toks, ex);
  }
}

TEST(QuoteExtractor, SkipsFindWhatThePlainPathFindsInTheSeeds) {
  const QuoteExtractor x(Lex());
  const std::size_t statements =
      test_support::FindingsInTheSeeds(x, 'S', [](const test_support::SeedArticle& a) {
        Extraction ex = test_support::SentencesAndMentions(a);
        ex.relations = RelationExtractor(Lex()).Extract(a.doc, a.tokens, ex.mentions);
        return ex;
      });
  EXPECT_GT(statements, 0u);
}

TEST(QuoteExtractor, SkipsFindWhatThePlainPathFindsInRandomText) {
  const QuoteExtractor x(Lex());
  const std::vector<std::string> glue = {
      "\"",     "\"",  "“",    "”",   ",",  ",",   ".",   ".",    "that", "he",        "she",
      "they",   "the", "the",  "of",  "a",  "and", "but", "also", "to",   "reporters", "on",
      "Monday", "we",  "will", "act", "it", "is",  "not", "'s",   ":",    "according"};
  const std::size_t statements =
      test_support::FindingsInRandomText(x,
                                         {"reporting_verbs", "speech_quote_cues", "speech_phrases",
                                          "speech_nouns", "description_words", "roles"},
                                         glue, 600, 5, 'S');
  EXPECT_GT(statements, 100u);  // something to compare
}

// On the skip path a bare name word ("Doe said", "Mr. Doe said") is looked up among the
// person mentions by their last word and one-word name, and a statement's mentions are found
// by a binary search among mentions in text order; the plain path goes through every mention
// for each. On long random articles of reporting verbs, quotes and names (two-word names
// always tagged, one-word ones only now and then, so that most stand bare), with the mentions
// in text order and, in every other article, in reverse (where the skip path goes through
// them all too), both must find the same statements, speakers and mentions.
TEST(QuoteExtractor, SkipsFindWhatThePlainPathFindsOnLongArticlesOfNames) {
  const QuoteExtractor x(Lex());
  std::vector<std::string> words = test_support::ListEntries({"reporting_verbs"});
  for (const char* w : {"\"", "\"", ",", ",", ".", ".", ".", "that", "the", "of", "and", "on",
                        "Monday", "we", "will", "act", "it", "is", "not", "Mr.", "Mrs."})
    words.push_back(w);
  const std::vector<std::string> names = {"Jane Doe", "John Doe", "Ann Roe", "Doe", "Roe",
                                          "Smith", "Doe", "Roe", "Smith"};
  std::mt19937 rng(5);
  std::size_t statements = 0, about = 0;
  for (int round = 0; round < 12; ++round) {
    Document doc;
    doc.id = "names";
    std::vector<std::pair<Span, std::string>> tagged;
    for (int i = 0; i < 1500; ++i) {
      if (rng() % 4 == 0) {
        const std::string& name = names[rng() % names.size()];
        if (name.find(' ') != std::string::npos || rng() % 3 == 0)
          tagged.push_back({{doc.text.size(), doc.text.size() + name.size()}, name});
        doc.text += name;
      } else {
        doc.text += words[rng() % words.size()];
      }
      doc.text += rng() % 40 == 0 ? "\n\n" : " ";
    }
    const std::vector<Token> toks = Tokenize(doc.text);
    Extraction ex;
    ex.sentences = SplitSentences(doc.text, toks);
    for (const auto& [span, name] : tagged) {
      Mention m;
      m.span = span;
      m.text = name;
      m.type = EntityType::kPerson;
      ex.mentions.push_back(std::move(m));
    }
    if (round % 2 == 1) std::reverse(ex.mentions.begin(), ex.mentions.end());
    const std::string found = test_support::ExpectSkipsFindWhatThePlainPathFinds(x, doc, toks, ex);
    statements += test_support::CountFindings(found, 'S');
    std::istringstream lines(found);
    for (std::string line; std::getline(lines, line);)
      about += line.rfind("S ", 0) == 0 && !line.ends_with(" about");
  }
  EXPECT_GT(statements, 250u);  // something to compare
  EXPECT_GT(about, 200u);       // statements with mentions inside
}

// LineBreaksToSpaces tests eight bytes at a time: it must change exactly what the byte-by-byte
// loop changes, wherever the breaks fall (group boundaries, the tail) and whatever bytes are
// around them (UTF-8 bytes above 0x7F, other control bytes below 0x0E, which are kept).
TEST(LineBreaksToSpaces, AgreesWithTheByteLoop) {
  std::mt19937 rng(7);
  const std::string alphabet = std::string("ab \n\r\t\x01\x0B\x0C\x0D\x0E\x0F") +
                               "\xE2\x80\x99\x7F\x80\xFF,.";
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const std::size_t n = rng() % 40;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    std::string expected = s;
    for (char& c : expected)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    internal::LineBreaksToSpaces(s);
    ASSERT_EQ(s, expected) << "round " << round;
  }
}

}  // namespace
}  // namespace newsgraph::extract
