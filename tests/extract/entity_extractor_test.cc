#include "extract/entity_extractor.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "extract/lexicon.h"
#include "extract/tokenizer.h"
#include "tests/extract/test_lexicon.h"

namespace newsgraph::extract {
namespace {

using test_support::Lex;

// One line per mention: "Type:text", then "->canonical", "=>text it refers to", "#key" and
// "~" for a generic name, when set.
std::string Dump(const std::vector<Mention>& ms) {
  std::string out;
  for (const Mention& m : ms) {
    if (!out.empty()) out += " | ";
    out += std::string(SchemaName(m.type)) + ":" + m.text;
    if (!m.canonical.empty()) out += " ->" + m.canonical;
    if (m.refers_to) out += " =>" + ms[*m.refers_to].text;
    if (!m.key.empty()) out += " #" + m.key;
    if (m.generic) out += " ~";
  }
  return out;
}

std::string ExtractDump(const std::string& text) {
  Document doc;
  doc.text = text;
  EntityExtractor x(Lex());
  return Dump(x.Extract(doc, Tokenize(doc.text)));
}

struct Case {
  const char* name;
  const char* text;
  const char* expected;
};

class EntityExtractorTable : public ::testing::TestWithParam<Case> {};

TEST_P(EntityExtractorTable, FindsTypedMentions) {
  EXPECT_EQ(ExtractDump(GetParam().text), GetParam().expected) << GetParam().text;
}

const Case kCases[] = {
    {"TitleBeforeName", "Russia opposes it, which President Vladimir Putin said this week.",
     "Country:Russia | Person:Vladimir Putin"},
    {"OrgThenRoleThenName", "Al-Qaeda chief Ayman al-Zawahiri on Thursday called on jihadists.",
     "Organization:Al-Qaeda ->al-Qaeda | Person:Ayman al-Zawahiri"},
    {"PossessiveCountryQualifiesGenericCouncil",
     "Militants may be a threat, Russia\xE2\x80\x99s head of Security Council Nikolai Patrushev told "
     "a meeting.",
     "Country:Russia | GovernmentOrganization:Security Council #security council of russia | "
     "Person:Nikolai Patrushev"},
    {"DemonymPlusLowercaseAgencyAndParentheticalAcronym",
     "Some fighters are in Syria, the head of the Russian security service (FSB) said Thursday.",
     "Country:Syria | GovernmentOrganization:Russian security service #security service of russia | "
     "GovernmentOrganization:FSB ->Federal Security Service of Russia =>Russian security service"},
    {"RoleOfOrgOfCountryThenName",
     "There, the Director of Federal Security Service of Russia Alexander Bortnikov said that "
     "America had ceased operations.",
     "GovernmentOrganization:Federal Security Service of Russia #federal security service of russia | "
     "Person:Alexander Bortnikov | Country:America ->United States"},
    {"DemonymInsideNameAndDepartmentWithAnd",
     "The Russian Foreign Ministry\xE2\x80\x99s director of the Department for New Challenges and "
     "Threats said.",
     "GovernmentOrganization:Russian Foreign Ministry #foreign ministry of russia | "
     "GovernmentOrganization:Department for New Challenges and Threats"},
    {"ShortFormAndTheCommitteeReferBack",
     "The chairman of the National Security Committee of Kazakhstan Nurtai Abykayev gave the "
     "number, the chairman of the National Security Committee clarified, the statement of the "
     "Committee reads.",
     "GovernmentOrganization:National Security Committee of Kazakhstan #national security committee "
     "of kazakhstan | Person:Nurtai Abykayev | GovernmentOrganization:National Security Committee "
     "=>National Security Committee of Kazakhstan ~ | GovernmentOrganization:Committee =>National "
     "Security Committee of Kazakhstan ~"},
    {"SurnameAfterFullName",
     "Russia is an ally of President Bashar al-Assad. Later Assad said nothing, and Assad left.",
     "Country:Russia | Person:Bashar al-Assad | Person:Assad =>Bashar al-Assad | Person:Assad "
     "=>Bashar al-Assad"},
    {"SentenceInitialSurnameWithReportingVerb",
     "Doku Umarov leads the group. Umarov said he would fight.",
     "Person:Doku Umarov | Person:Umarov =>Doku Umarov"},
    {"UnknownOutletByReportsAndPlaceByPreposition",
     "Half of them are women, Kavkazinfo reports. Clashes were heard in Benderovo.",
     "NewsMediaOrganization:Kavkazinfo | Place:Benderovo"},
    {"PluralCueIsAKindNotABody",
     "The plans were agreed between Security Councils of Russia, Belarus and Kyrgyzstan.",
     "Country:Russia | Country:Belarus | Country:Kyrgyzstan"},
    {"DemonymAloneIsNotAnEntity", "Some 200 Russian Islamists are fighting in Syria.",
     "Country:Syria"},
    {"PluralLowercaseAgenciesAreNotNames",
     "According to Russian secret services, Kazakhstan intelligence agencies are concerned.",
     "Country:Kazakhstan"},
    {"AcronymListWithAliases", "The emergence of the IS ( ISIL / ISIS / Daesh) was a threat.",
     "Organization:IS ->Islamic State | Organization:ISIL ->Islamic State | Organization:ISIS "
     "->Islamic State | Organization:Daesh ->Islamic State"},
    {"CityOfAndDateline",
     "MOSCOW, September 26. He spoke in the central Russian city of Kazan and in Geneva.",
     "Place:MOSCOW ->Moscow | Place:Kazan | Place:Geneva"},
    // A word in capitals is looked up title-cased (CapsGaz): a listed place anywhere, a country
    // only at a line's start (a dateline); elsewhere a short all-capitals word is an acronym.
    {"CapitalisedCountryIsACountryAtALineStart", "RUSSIA\nThe talks in RUSSIA went on.",
     "Country:RUSSIA ->Russia | Organization:RUSSIA"},
    {"CapitalisedPlacesAnywhere", "LUXEMBOURG, May 3. Talks in SINGAPORE and MEXICO ended.",
     "Place:LUXEMBOURG ->Luxembourg | Place:SINGAPORE ->Singapore | Organization:MEXICO"},
    {"HonorificAndMinistryOfCountry",
     "Mr. John Harwood, a spokesman for the Ministry of Defence of Ukraine, said the Ukrainian "
     "Defence Ministry had no comment.",
     "Person:John Harwood | GovernmentOrganization:Ministry of Defence of Ukraine #defence ministry "
     "of ukraine | GovernmentOrganization:Ukrainian Defence Ministry #defence ministry of ukraine"},
    {"TwoBodiesJoinedByAndStayTwo",
     "Strikes by the Global Coalition and the Government of Iraq continued.",
     "Organization:Global Coalition | GovernmentOrganization:Government of Iraq #government of iraq"},
    {"MembershipIsNotPartOfTheName",
     "The Council of Heads of Security and Special Services of CIS countries met in Astana.",
     "GovernmentOrganization:Council of Heads of Security and Special Services | "
     "Organization:CIS ->Commonwealth of Independent States | Place:Astana"},
    {"RegionNames", "Fighters from the North Caucasus region and the Central Asian region.",
     "Place:North Caucasus | Place:Central Asian region ->Central Asia"},
    {"TitleCaseHeadlineNeedsBodyEvidence",
     "Militants Pound Rebel Positions Near Aleppo As Talks Stall\n\nThe army said militants "
     "attacked positions near Aleppo.",
     "Place:Aleppo | Place:Aleppo"},
    {"BylineAndCyrillicFurniture", "By Dinara Kemelbekova\n\n\xD0\x98\xD0\xBA\xD0\xBE\xD0\xBD\xD0\xBA\xD0\xB0 "
     "\xD0\x9C\xD0\xB5\xD0\xBD\xD1\x8E",
     "Person:Dinara Kemelbekova"},
    {"PortfolioTitleBeforeName", "Britain's Foreign Secretary Jack Straw flew to Cairo.",
     "Country:Britain ->United Kingdom | Person:Jack Straw | Place:Cairo"},
    // Regression: civic titles without an organization ("City Attorney", "Public Advocate",
    // "Councilwoman") were read as part of the name, so the speaker was "Attorney X".
    {"CivicTitlesBeforeNameAreNotPartOfIt",
     "City Attorney Mark Dolan said the law was broken. Public Advocate Rosa Kerns agreed. "
     "Councilwoman Ana Perez left.",
     "Person:Mark Dolan | Person:Rosa Kerns | Person:Ana Perez"},
    {"WordsTheArticleWritesInLowerCaseAreNotAPerson",
     "The White Paper was published. The paper sets out plans near Tahrir Square.",
     "Place:Tahrir Square"},
    // Regression: an unknown two-word name after "in" was guessed a person ("a cafe in Brick
    // Lane"); a possessive after it still names a person's thing.
    {"UnknownNameAfterAPrepositionOfPlaceIsAPlace",
     "He spoke from a cafe in Brick Lane. The plan was drafted in Tom Reed's office.",
     "Place:Brick Lane | Person:Tom Reed"},
    // Regression: "Former" opening a sentence and an "Ex-" prefix were read as part of the name
    // after them; "PM" alone was an organization.
    {"FormerAndExPrefixAreNoPartOfTheName",
     "Former Downing Street aide Tom Reed left. Ex-Downing Street aide Ann Bell stayed. The PM "
     "said nothing.",
     "Place:Downing Street | Person:Tom Reed | Place:Downing Street | Person:Ann Bell"},
    // Regression: "Kurdish-controlled" was a place, "UK-based Observatory" one name.
    {"CompoundAdjectivesAreNoPartOfAName",
     "Jets struck the Kurdish-controlled city. The UK-based Observatory counted the dead.",
     "Organization:Observatory ~"},
    {"KnightNamedByFirstNameIsTheFullName",
     "Sir Tom Reed quit on Monday. Sir Tom said he was tired.",
     "Person:Tom Reed | Person:Tom =>Tom Reed"},
    // Regression: "Ms King" was no mention ("King" read as a title), so "She said" after it
    // went to the last person named.
    {"TitleWordAfterAnHonorificIsASurname",
     "Oona King won the seat. Ms King has held it since. Mr President, she said, listen.",
     "Person:Oona King | Person:King =>Oona King"},
    // Political parties are organizations under their short forms (data/lists/
    // political_parties.txt); a ministry's name keeps its words.
    {"PoliticalPartiesByTheirShortForms",
     "The Tories and the SNP voted against. The Ministry of Labour agreed.",
     "Organization:Tories ->Conservative Party | Organization:SNP ->Scottish National Party | "
     "GovernmentOrganization:Ministry of Labour ~"},
    // Regression: the portfolio after "Minister of" was read as the first word of the name.
    {"PortfolioAfterTitleOfIsNoPartOfTheName",
     "Minister of Defence Sergei Shoigu spoke. Chancellor of the Exchequer Nigel Lawson left.",
     "Person:Sergei Shoigu | Person:Nigel Lawson"},
    // Regression: "Board" was no organization word, so "the Board of Foreign Trade" was a
    // person named "Foreign Trade".
    {"BoardNamesAnOrganization", "The Board of Foreign Trade said exports rose.",
     "Organization:Board of Foreign Trade ~"},
    // Link() adds names in three passes (demonym agencies, surnames, "the" + an organization's
    // word), merged into the names found in text order; where two start at one word, the
    // earlier pass wins.
    {"NamesAddedByLinkInTextOrder",
     "Jane Smith of Smith Holdings met the head of the Russian security service in Minsk. "
     "Later the Smith left, and the Holdings said the Russian security service was wrong. "
     "Later Smith spoke.",
     "Person:Jane Smith | Organization:Smith Holdings | Place:Minsk | Person:Smith =>Jane Smith | "
     "Organization:Holdings =>Smith Holdings ~ | GovernmentOrganization:Russian security service "
     "#security service of russia | Person:Smith =>Jane Smith"},
    // A Title Case line is judged once it ends, at the next line or at the end of the text, and
    // all of its words are its own, the last one too: "ZXQ" and "Gunfire Erupts" name nothing.
    {"TitleCaseLinesEndWhereverTheLineDoes",
     "Militants Pound Rebel Positions Near Aleppo Says ZXQ\nThe army said militants attacked "
     "positions near Aleppo.\nFerocious Rebel Attacks Near Aleppo As Gunfire Erupts",
     "Place:Aleppo | Place:Aleppo | Place:Aleppo"},
    // The word after an opening quote starts a sentence: "Market", which the text writes in
    // lower case, is no part of the bank's name.
    {"WordAfterAnOpeningQuoteStartsASentence",
     "He said \xE2\x80\x9CMarket Street Bank lends,\xE2\x80\x9D at the market. He said "
     "\"Market Street Bank lends,\" at the market.",
     "Organization:Street Bank | Organization:Street Bank"},
    // A line starts a sentence even where the sentences run on across it: the capitalised word
    // after the break, written in lower case elsewhere, is no part of a name.
    {"WordAfterALineBreakStartsASentence",
     "Crowds filled the square and\nSquare Dance Holdings said it would stay.",
     "Organization:Dance Holdings"},
    {"TimeZonesAreNoOrganizations", "The strikes lasted until 2300 GMT, Ann Bell of the UN said.",
     "Person:Ann Bell | Organization:UN ->United Nations"},
};

INSTANTIATE_TEST_SUITE_P(Sentences, EntityExtractorTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

Mention Tagged(const Document& doc, const std::string& words, EntityType type) {
  Mention m;
  m.span.begin = doc.text.find(words);
  m.span.end = m.span.begin + words.size();
  m.text = words;
  m.type = type;
  return m;
}

TEST(EntityExtractor, TaggerTypesNamesOnlyTheDefaultRuleTyped) {
  Document doc;
  doc.text = "President Vladimir Putin met Kofi Annan. Fighting spread to Dayr Az Zawr.";
  const auto toks = Tokenize(doc.text);
  EntityExtractor x(Lex());
  // Without a tagger, unknown capitalised pairs default to Person.
  EXPECT_EQ(Dump(x.Extract(doc, toks)),
            "Person:Vladimir Putin | Person:Kofi Annan | Person:Dayr Az Zawr");
  // The tagger's type wins for default-typed names; a title-typed name keeps its type even
  // when the tagger disagrees.
  EXPECT_EQ(Dump(x.Extract(doc, toks,
                           {Tagged(doc, "Kofi Annan", EntityType::kPerson),
                            Tagged(doc, "Dayr Az Zawr", EntityType::kPlace),
                            Tagged(doc, "Vladimir", EntityType::kPlace)})),
            "Person:Vladimir Putin | Person:Kofi Annan | Place:Dayr Az Zawr");
}

// The extractor asks the lexicon about a capitalised word only when its lower-cased word is
// some one-word demonym's (EntityExtractor::kDemonymWord); every such demonym must still be
// found, whether the vocabulary holds its word or not: a demonym is no name of its own.
TEST(EntityExtractor, EveryOneWordDemonymIsKnownAsOne) {
  int tried = 0;
  for (const auto& [demonym, country] : Lex().demonyms()) {
    // Some are country names too ("Vatican"), which make mentions of their own.
    if (demonym.find(' ') != std::string::npos || demonym[0] < 'A' || demonym[0] > 'Z' ||
        Lex().CountryByName(demonym) >= 0)
      continue;
    const std::string text = "Some 200 " + demonym + " Islamists are fighting in Syria.";
    // As "Some 200 Russian Islamists ..." gives "Country:Syria" alone.
    EXPECT_EQ(ExtractDump(text).find(demonym), std::string::npos) << text;
    ++tried;
  }
  EXPECT_GT(tried, 100);
}

// Likewise a place cue is looked up only when its lower-cased word is some cue's
// (EntityExtractor::kPlaceCueWord): every cue must still end a place's name.
// Calls check(key, value) for each one-word key of `list` written with a capital first;
// returns how many of them it tried (check returns false for a key it leaves out).
template <class Check>
int TryCapitalisedKeys(const char* list, Check check) {
  int tried = 0;
  for (const auto& [key, value] : Lex().List(list)) {
    if (key.find(' ') != std::string::npos || key[0] < 'A' || key[0] > 'Z') continue;
    tried += check(key, value) ? 1 : 0;
  }
  return tried;
}

// Whether `text` gives a mention dumped as `expected`; says what it gave when not. True: the
// key was tried.
bool Gives(const std::string& text, const std::string& expected) {
  const std::string dump = ExtractDump(text);
  EXPECT_NE(dump.find(expected), std::string::npos) << text << " gives " << dump;
  return true;
}

TEST(EntityExtractor, EveryPlaceCueEndsAPlace) {
  EXPECT_GT(TryCapitalisedKeys("place_cues", [](const std::string& cue, const std::string&) {
              return Gives("They said Zorblyvik " + cue + " was closed.", "Place:Zorblyvik " + cue);
            }),
            30);
}

// Organization cues and honorifics are looked up by the token's lower-cased word and compared
// as written (EntityExtractor::KeysByWord): every one must still type the name it heads or
// precedes as a lookup by its text did.
TEST(EntityExtractor, EveryOrgCueTypesTheNameItEnds) {
  EXPECT_GT(TryCapitalisedKeys("org_cues", [](const std::string& cue, const std::string& type) {
              // A cue that is a listed name too ("Taliban") is that name.
              for (const char* list : {"government_agencies", "news_media", "armed_groups",
                                       "international_orgs", "political_parties", "regions",
                                       "cities"})
                if (Lex().InList(list, cue)) return false;
              return Gives("They said the Zorblyvik " + cue + " was closed.",
                           std::string(SchemaName(*ParseEntityType(type))) + ":Zorblyvik " + cue);
            }),
            30);
}

TEST(EntityExtractor, EveryHonorificMakesAPerson) {
  EXPECT_GT(TryCapitalisedKeys("honorifics", [](const std::string& honorific, const std::string&) {
              return Gives("They said " + honorific + " Zorblyvik Quenton was late.",
                           "Person:Zorblyvik Quenton");
            }),
            5);
}

// A word that may start a gazetteer entry is looked up only when it may be an entry itself or
// the phrase of it and the next token may start one (ExtractorRun::MayStartGazAt, by
// fingerprints): every listed name and country name must still be found, before a word that
// continues none.
TEST(EntityExtractor, EveryListedNameIsFound) {
  std::vector<std::string> names;
  for (const char* list : {"government_agencies", "news_media", "armed_groups",
                           "international_orgs", "political_parties", "regions", "cities"})
    for (const auto& [entry, value] : Lex().List(list)) names.push_back(entry);
  for (const auto& [name, country] : Lex().country_names()) names.push_back(name);
  const EntityExtractor x(Lex());
  int tried = 0;
  for (const std::string& name : names) {
    // A name must end with a word to be one ("France 24", "Channel 4" are not found whole).
    const char last = name.back();
    if (!((last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z') || last == '.')) continue;
    Document doc;
    doc.text = "They said " + name + " quorbly was late.";
    const std::string dump = Dump(x.Extract(doc, Tokenize(doc.text)));
    EXPECT_NE((" | " + dump + " ").find(":" + name + " "), std::string::npos)
        << doc.text << " gives " << dump;
    ++tried;
  }
  EXPECT_GT(tried, 1000);
}

// The pipeline hands over the sentences' token ranges it has already found; the mentions are
// those the extractor finds when it splits the sentences itself (sentence starts decide which
// capitals are names).
TEST(EntityExtractor, GivenSentencesGiveTheSameMentions) {
  Document doc;
  doc.text =
      "Officials met in Brussels. Foreign Minister Sergei Lavrov said the talks went well.\n"
      "Analysts doubt it. \"Markets react,\" said Jane Smith of the Central Bank of Russia.";
  const auto toks = Tokenize(doc.text);
  const std::vector<TokenRange> sentences = SentenceTokens(SplitSentences(doc.text, toks), toks);
  EntityExtractor x(Lex());
  const std::string expected = Dump(x.Extract(doc, toks));
  EXPECT_NE(expected, "");
  EXPECT_EQ(Dump(x.Extract(doc, toks, &sentences)), expected);
  const EntityExtractor::TaggerFn none = [](const std::vector<Span>&) {
    return std::vector<Mention>{};
  };
  EXPECT_EQ(Dump(x.Extract(doc, toks, none, &sentences)), Dump(x.Extract(doc, toks, none)));
}

// The words the pipeline computes once for all extractors change nothing: for every table
// case, and for texts with typographic apostrophes (which those words fold to "'" and the
// extractor's own words do not), the mentions are those found without them.
TEST(EntityExtractor, SharedTokenWordsGiveTheSameMentions) {
  std::vector<std::string> texts;
  for (const Case& c : kCases) texts.emplace_back(c.text);
  texts.emplace_back(
      "Don\xE2\x80\x99t Tell Me, said the Russian Foreign Ministry\xE2\x80\x99s "
      "spokeswoman Maria Zakharova. Don\xE2\x80\x99t worry, don\xE2\x80\x99t.");
  texts.emplace_back("O\xE2\x80\x99" "Brien met Mr. O'Brien in the city of Kunar.");
  EntityExtractor x(Lex());
  for (const std::string& text : texts) {
    Document doc;
    doc.text = text;
    const auto toks = Tokenize(doc.text);
    const TokenWords words(doc, toks, Lex().vocabulary());
    const std::string expected = Dump(x.Extract(doc, toks));
    EXPECT_EQ(Dump(x.Extract(doc, toks, nullptr, &words)), expected) << text;
    const EntityExtractor::TaggerFn none = [](const std::vector<Span>&) {
      return std::vector<Mention>{};
    };
    EXPECT_EQ(Dump(x.Extract(doc, toks, none, nullptr, &words)), Dump(x.Extract(doc, toks, none)))
        << text;
  }
}

// Gazetteer phrases are looked up as views of the text while their words are one space apart,
// and built otherwise: spacing between the words changes nothing but the spans. Checked on
// every table case with each single space made two spaces, then a tab.
// Also the two ways a mention's text is made (ExtractorRun::Surface): copied from the text when
// its words are one space apart, rebuilt word by word otherwise; both must give the same text.
TEST(EntityExtractor, ListedNamesMatchWhateverTheSpacing) {
  EntityExtractor x(Lex());
  int mentions = 0;
  for (const Case& c : kCases) {
    Document doc;
    doc.text = c.text;
    const std::string expected = Dump(x.Extract(doc, Tokenize(doc.text)));
    mentions += !expected.empty();
    for (const char* spacing : {"  ", "\t"}) {
      Document spaced;
      for (char ch : std::string(c.text)) {
        if (ch == ' ') {
          spaced.text += spacing;
        } else {
          spaced.text += ch;
        }
      }
      EXPECT_EQ(Dump(x.Extract(spaced, Tokenize(spaced.text))), expected) << spaced.text;
    }
  }
  EXPECT_GT(mentions, 0);
  // A listed name of several words, spaced three ways.
  for (const char* text : {"He flew to New York.", "He flew to New  York.", "He flew to New\tYork."}) {
    Document doc;
    doc.text = text;
    EXPECT_EQ(Dump(x.Extract(doc, Tokenize(doc.text))), "Place:New York") << text;
  }
}

// A thread keeps the storage of its runs for the next one: a document's mentions are the same
// whether it is the thread's first, comes after longer and shorter documents, or is extracted
// from inside another run (a tagger calling back into the extractor, which then runs on
// storage of its own).
TEST(EntityExtractor, RunsOnOneThreadDoNotAffectEachOther) {
  std::vector<std::string> texts;
  for (const Case& c : kCases) texts.emplace_back(c.text);
  // A word the first text writes in lower case starts a name at a sentence start in the second
  // (the second knows nothing of the first), and a headline's words that the body capitalises.
  texts.emplace_back("They met in the square near the market.");
  texts.emplace_back("Square Dance Holdings said profits rose.");
  texts.emplace_back("Talks In Geneva Stall As Envoys Leave\nThe envoys left Geneva on Friday.");
  EntityExtractor x(Lex());
  const auto first_on_a_thread = [&](const std::string& text) {
    std::string dump;
    std::thread([&] {
      Document doc;
      doc.text = text;
      dump = Dump(x.Extract(doc, Tokenize(doc.text)));
    }).join();
    return dump;
  };
  std::vector<std::string> expected;
  for (const std::string& text : texts) expected.push_back(first_on_a_thread(text));
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      Document doc;
      doc.text = texts[i];
      EXPECT_EQ(Dump(x.Extract(doc, Tokenize(doc.text))), expected[i]) << texts[i];
    }
  }
  int nested = 0;  // runs from inside another
  for (std::size_t i = 0; i + 1 < texts.size(); ++i) {
    Document outer, inner;
    outer.text = texts[i];
    inner.text = texts[i + 1];
    std::string inner_dump;
    const EntityExtractor::TaggerFn tagger = [&](const std::vector<Span>&) {
      inner_dump = Dump(x.Extract(inner, Tokenize(inner.text)));
      ++nested;
      return std::vector<Mention>{};
    };
    const auto outer_toks = Tokenize(outer.text);
    const std::string outer_dump = Dump(x.Extract(outer, outer_toks, tagger));
    const EntityExtractor::TaggerFn none = [](const std::vector<Span>&) {
      return std::vector<Mention>{};
    };
    EXPECT_EQ(outer_dump, Dump(x.Extract(outer, outer_toks, none))) << outer.text;
    if (!inner_dump.empty()) {
      EXPECT_EQ(inner_dump, expected[i + 1]) << inner.text;
    }
  }
  EXPECT_GT(nested, 0);
}

TEST(EntityExtractor, DefaultTypedNameTheTaggerDoesNotSeeIsDropped) {
  Document doc;
  doc.text = "The coalition said Operation Inherent Resolve continued.";
  const auto toks = Tokenize(doc.text);
  EntityExtractor x(Lex());
  EXPECT_EQ(Dump(x.Extract(doc, toks)), "Person:Operation Inherent Resolve");
  EXPECT_EQ(Dump(x.Extract(doc, toks, std::vector<Mention>{})), "");
  // A tagged span wider than the name (an ORG swallowing a person after it) says nothing
  // about the name: the default stands.
  Document d2;
  d2.text = "The agency chief Kofi Annan arrived.";
  EXPECT_EQ(Dump(x.Extract(d2, Tokenize(d2.text),
                           {Tagged(d2, "agency chief Kofi Annan", EntityType::kOrganization)})),
            "Person:Kofi Annan");
}

TEST(EntityExtractor, TaggerDoesNotAddNamesOfItsOwn) {
  Document doc;
  doc.text = "officials from the ministry met on Friday.";
  EntityExtractor x(Lex());
  EXPECT_EQ(Dump(x.Extract(doc, Tokenize(doc.text),
                           {Tagged(doc, "ministry", EntityType::kOrganization)})),
            "");
}

// A long text names many persons and organizations: a surname still refers to the first full
// name ending in it (or in it after a particle), and "the" + an organization's cue word to
// the latest organization of that word, however many came before (Link sorts the surnames
// once there are many, and keeps each name's normalised form and the first person of each
// surname rather than going through all the earlier names for each).
TEST(EntityExtractor, LinksHoldInALongText) {
  Document doc;
  const std::vector<std::string> surnames = {"Kowalczyk", "Brennagh", "al-Darwish", "Osterveld",
                                             "Mbekele",   "Quarrington", "Vasquerro"};
  const std::vector<std::string> firsts = {"Pavel", "Ewa", "Omar", "Lena", "Tomas", "Marek"};
  const std::vector<std::string> owners = {"Varnholt", "Eskerby", "Lindqvar", "Tormund"};
  const std::vector<std::string> countries = {"Kazakhstan", "Belarus", "Armenia", "Georgia"};
  const std::vector<std::string> birds = {"Kestrel", "Osprey"};
  std::vector<std::string> full;  // the full names in text order
  for (int round = 0; round < 12; ++round) {
    for (std::size_t k = 0; k < surnames.size(); ++k) {
      const std::string name = firsts[(round + k) % firsts.size()] + " " + surnames[k];
      full.push_back(name);
      doc.text += "President " + name + " met the board of " +
                  owners[(round + k) % owners.size()] + " Shipping Holdings and Tarrow Mining " +
                  "Group. ";
      if (k % 3 == 0) doc.text += "They said the Holdings would pay. ";
    }
    doc.text += "The chairman of the National Security Committee of " + countries[round % 4] +
                " met officials of " + birds[round % 2] + (round % 4 < 2 ? " Freight" : " Air") +
                " Company. The chairman of the National Security Committee said the " +
                birds[round % 2] + " would help. ";
    for (const std::string& s : surnames)
      doc.text += (s.starts_with("al-") ? s.substr(3) : s) + " said it was agreed. ";
  }
  EntityExtractor x(Lex());
  const std::vector<Mention> ms = x.Extract(doc, Tokenize(doc.text));
  std::size_t surname_links = 0, holdings_links = 0, committee_links = 0, bird_links = 0;
  // What the name at i refers to: the latest organization before it whose name holds `part`
  // as `holds` says, or what that one refers to.
  auto latest_holding = [&](std::size_t i, const std::string& part, auto holds) {
    std::size_t latest = i;
    while (latest-- > 0 && (FamilyOf(ms[latest].type) != EntityFamily::kOrganization ||
                            !holds(ms[latest].text, part))) {
    }
    EXPECT_LT(latest, i) << part;
    return latest < i ? ms[latest].refers_to.value_or(latest) : i;
  };
  for (std::size_t i = 0; i < ms.size(); ++i) {
    const Mention& m = ms[i];
    if (m.type == EntityType::kPerson && m.text.find(' ') == std::string::npos) {
      // The first full name (of all rounds) ending in this surname.
      std::string want;
      for (const std::string& name : full) {
        if (name.ends_with(" " + m.text) || name.ends_with(" al-" + m.text)) {
          want = name;
          break;
        }
      }
      ASSERT_TRUE(m.refers_to) << m.text;
      EXPECT_EQ(ms[*m.refers_to].text, want);
      ++surname_links;
    }
    // "the Holdings": the cue word anywhere in the name.
    if (m.text == "Holdings") {
      ASSERT_TRUE(m.refers_to);
      EXPECT_EQ(*m.refers_to, latest_holding(i, "Holdings", [](const std::string& t,
                                                               const std::string& p) {
                  return t.find(p) != std::string::npos;
                })) << i;
      ++holdings_links;
    }
    // "the Kestrel": the first word of the name.
    if (m.text == "Kestrel" || m.text == "Osprey") {
      ASSERT_TRUE(m.refers_to);
      EXPECT_EQ(*m.refers_to, latest_holding(i, m.text + " ", [](const std::string& t,
                                                                const std::string& p) {
                  return t.starts_with(p);
                })) << i;
      ++bird_links;
    }
    // A generic name: inside a longer name.
    if (m.text == "National Security Committee") {
      ASSERT_TRUE(m.refers_to);
      EXPECT_EQ(*m.refers_to, latest_holding(i, m.text, [](const std::string& t,
                                                          const std::string& p) {
                  return t.size() > p.size() && t.find(p) != std::string::npos;
                })) << i;
      ++committee_links;
    }
  }
  EXPECT_EQ(committee_links, 12u);
  EXPECT_EQ(bird_links, 12u);
  EXPECT_EQ(surname_links, 12 * surnames.size());
  EXPECT_EQ(holdings_links, 12 * 3u);
}

TEST(EntityExtractor, MentionsAreInTextOrderAndDoNotOverlap) {
  Document doc;
  doc.text =
      "The Islamic State of Iraq and the Levant is active in Iraq. The Islamic State sprang "
      "from Al-Qaeda in Iraq and Syria, the UN Security Council said.";
  EntityExtractor x(Lex());
  const auto ms = x.Extract(doc, Tokenize(doc.text));
  ASSERT_FALSE(ms.empty());
  for (std::size_t i = 1; i < ms.size(); ++i) EXPECT_LE(ms[i - 1].span.end, ms[i].span.begin);
  for (const Mention& m : ms) EXPECT_EQ(doc.Slice(m.span), m.text);
  EXPECT_EQ(Dump(ms),
            "Organization:Islamic State of Iraq and the Levant ->Islamic State | Country:Iraq | "
            "Organization:Islamic State | Organization:Al-Qaeda ->al-Qaeda | Country:Iraq | "
            "Country:Syria | Organization:UN Security Council ->United Nations Security Council");
}

}  // namespace
}  // namespace newsgraph::extract

namespace newsgraph::extract {
namespace {

TEST(EntityExtractor, PersonNameStartsAfterTheLastTitleOrHonorific) {
  Document doc;
  doc.text =
      "Homeland Security Secretary Jeh Johnson said the plan was sound. Democratic Sen. Claire "
      "McCaskill said she disagreed.";
  EntityExtractor x(Lex());
  EXPECT_EQ(Dump(x.Extract(doc, Tokenize(doc.text))), "Person:Jeh Johnson | Person:Claire McCaskill");
}

}  // namespace
}  // namespace newsgraph::extract
