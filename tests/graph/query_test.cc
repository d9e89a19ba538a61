// Queries and subgraphs on a small hand-made graph (tests/export/test_graphs.h): two TASS
// articles in which Bortnikov, director of the FSB, reports about 200 fighters.
#include "graph/query.h"

#include <gtest/gtest.h>

#include "graph/subgraph.h"
#include "tests/export/test_graphs.h"

namespace newsgraph {
namespace {

KnowledgeGraph TwoArticles() {
  KnowledgeGraph kg;
  Document a = testing::BortnikovDoc("tass-a", "2014-09-26");
  kg.Merge(a, testing::BortnikovExtraction(a));
  Document b = testing::BortnikovDoc("tass-b", "2014-10-02T10:00:00");
  kg.Merge(b, testing::BortnikovExtraction(b));
  return kg;
}

Vertex Resolve(const KnowledgeGraph& kg, const std::string& name) {
  auto v = ResolveEntity(kg, name);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? v.value() : 0;
}

TEST(Query, NamesResolveThroughAliasesCaseInsensitively) {
  const KnowledgeGraph kg = TwoArticles();
  const Vertex v = Resolve(kg, "Alexander Bortnikov");
  EXPECT_EQ(Resolve(kg, "bortnikov"), v);
  EXPECT_EQ(Resolve(kg, "BORTNIKOV"), v);
  EXPECT_NE(Resolve(kg, "the FSB"), v);
}

TEST(Query, UnknownNameListsClosestCandidates) {
  const KnowledgeGraph kg = TwoArticles();
  auto r = ResolveEntity(kg, "Bortnikof");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "no entity named 'Bortnikof'; closest: Alexander Bortnikov (Person)");
  auto none = ResolveEntity(kg, "Zzyzx Qwerty");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "no entity named 'Zzyzx Qwerty'");
}

TEST(Query, SaidByWithRoleAndDates) {
  const KnowledgeGraph kg = TwoArticles();
  SaidFilter f;
  f.by = Resolve(kg, "Bortnikov");
  auto rows = Said(kg, f);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].date, "2014-09-26");
  EXPECT_EQ(rows[1].date, "2014-10-02");
  EXPECT_EQ(rows[0].speaker, "Alexander Bortnikov");
  EXPECT_EQ(rows[0].role, "director of FSB");
  EXPECT_EQ(rows[0].cue, "told reporters");
  EXPECT_EQ(rows[0].outlet, "TASS");
  f.since = "2014-10-01";
  EXPECT_EQ(Said(kg, f).size(), 1u);
  f.since.clear();
  f.until = "2014-09-30";
  EXPECT_EQ(Said(kg, f).size(), 1u);
  SaidFilter org;
  org.org = Resolve(kg, "FSB");
  EXPECT_EQ(Said(kg, org).size(), 2u);
  SaidFilter about;
  about.about = Resolve(kg, "Russia");
  EXPECT_EQ(Said(kg, about).size(), 2u);
  about.about = Resolve(kg, "Moscow");
  EXPECT_TRUE(Said(kg, about).empty());
}

TEST(Query, FiguresWithReporterAndUnit) {
  const KnowledgeGraph kg = TwoArticles();
  FigureFilter f;
  f.about = Resolve(kg, "Russia");
  auto rows = Figures(kg, f);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].value, "about 200");
  EXPECT_EQ(rows[0].unit, "fighters");
  EXPECT_EQ(rows[0].reporters, "Alexander Bortnikov");
  f.unit = "Fighters";
  EXPECT_EQ(Figures(kg, f).size(), 2u);
  f.unit = "tanks";
  EXPECT_TRUE(Figures(kg, f).empty());
  FigureFilter by;
  by.reported_by = Resolve(kg, "FSB");
  EXPECT_TRUE(Figures(kg, by).empty());
}

TEST(Query, ProfileShowsHeadAndArticles) {
  const KnowledgeGraph kg = TwoArticles();
  EntityProfile fsb = Profile(kg, Resolve(kg, "FSB"));
  EXPECT_EQ(fsb.type, "GovernmentOrganization");
  ASSERT_EQ(fsb.headed_by.size(), 1u);
  EXPECT_EQ(fsb.headed_by[0], "Alexander Bortnikov (director)");
  EXPECT_EQ(fsb.articles.size(), 2u);
  EXPECT_EQ(fsb.first_seen, "2014-09-26");
  EXPECT_EQ(fsb.last_seen, "2014-10-02");
  EntityProfile b = Profile(kg, Resolve(kg, "Bortnikov"));
  EXPECT_EQ(b.roles, std::vector<std::string>{"director of FSB"});
  EXPECT_EQ(b.statements.size(), 2u);
  EXPECT_EQ(b.figures.size(), 2u);
  EXPECT_EQ(b.aliases, std::vector<std::string>{"Bortnikov"});
}

TEST(Query, ShortestPathHasEvidence) {
  const KnowledgeGraph kg = TwoArticles();
  auto steps = ShortestPath(kg, Resolve(kg, "FSB"), Resolve(kg, "Russia"));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].link, "heads (director) (reverse)");
  EXPECT_NE(steps[0].evidence.find("the director of the FSB"), std::string::npos);
  EXPECT_EQ(steps[1].link, "said about");
  EXPECT_EQ(steps[1].evidence, "about 200 fighters had left Russia for Syria");
  EXPECT_TRUE(ShortestPath(kg, Resolve(kg, "FSB"), Resolve(kg, "Moscow")).empty());
}

TEST(Query, TopActorsByBetweenness) {
  const KnowledgeGraph kg = TwoArticles();
  auto rows = TopActors(kg, std::nullopt, 2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "Alexander Bortnikov");  // between FSB and Russia
  EXPECT_EQ(rows[0].degree, 2u);
  EXPECT_GT(rows[0].betweenness, 0.0);
  auto places = TopActors(kg, EntityType::kPlace, 10);
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].name, "Moscow");
}

TEST(Subgraph, FocusDepthTypesAndDates) {
  const KnowledgeGraph kg = TwoArticles();
  SubgraphOptions o;
  o.focus = Resolve(kg, "FSB");
  o.depth = 1;
  KnowledgeGraph one = Subgraph(kg, o);
  EXPECT_EQ(one.FindEntities("Russia").size(), 0u);
  EXPECT_EQ(one.FindEntities("Bortnikov").size(), 1u);
  o.depth = 2;
  KnowledgeGraph two = Subgraph(kg, o);
  EXPECT_EQ(two.FindEntities("Bortnikov").size(), 1u);
  EXPECT_TRUE(Said(two, {}).size() == 2u);
  EXPECT_TRUE(two.FindEntities("Moscow").empty());

  SubgraphOptions people;
  people.types = {EntityType::kPerson};
  KnowledgeGraph p = Subgraph(kg, people);
  EXPECT_TRUE(p.FindEntities("FSB").empty());
  EXPECT_EQ(p.FindEntities("Bortnikov").size(), 1u);

  SubgraphOptions dates;
  dates.since = "2014-10-01";
  KnowledgeGraph late = Subgraph(kg, dates);
  EXPECT_FALSE(late.FindArticle("tass-a"));
  EXPECT_TRUE(late.FindArticle("tass-b"));
  EXPECT_EQ(Said(late, {}).size(), 1u);

  SubgraphOptions top;
  top.top = 1;
  KnowledgeGraph t = Subgraph(kg, top);
  EXPECT_EQ(t.FindEntities("Bortnikov").size(), 1u);
  EXPECT_TRUE(t.FindEntities("FSB").empty());
}

}  // namespace
}  // namespace newsgraph
