// `newsgraph query`, `newsgraph export` and incremental `newsgraph build --graph` end to end on
// the seeds: the issue's "done means" queries, the batch = one-at-a-time build, and failed
// incremental builds that leave the old graph untouched.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace newsgraph::cli {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kSeeds)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class GraphCommands : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: ctest runs the cases of this suite in parallel processes.
    dir_ = fs::temp_directory_path() /
           ("newsgraph_query_command_test." + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    BuildArgs args;
    args.inputs = {kSeeds};
    args.outputs = {graph()};
    args.data_dir = NEWSGRAPH_DATA_DIR;
    args.quiet = true;
    std::ostringstream out, err;
    ASSERT_EQ(RunBuild(args, out, err), 0) << err.str();
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string graph() { return (dir_ / "graph.jsonld").string(); }
  static std::string Path(const std::string& name) { return (dir_ / name).string(); }

  int Query(std::vector<std::string> words, bool json = false) {
    QueryArgs q;
    q.graph = graph();
    q.what = words.at(0);
    for (std::size_t i = 1; i < words.size(); ++i) {
      const std::string& w = words[i];
      auto next = [&] { return words.at(++i); };
      if (w == "--by") q.by = next();
      else if (w == "--about") q.about = next();
      else if (w == "--org") q.org = next();
      else if (w == "--reported-by") q.reported_by = next();
      else if (w == "--since") q.since = next();
      else if (w == "--csv") q.csv = true;
      else q.names.push_back(w);
    }
    q.json = json;
    out_.str("");
    err_.str("");
    return RunQuery(q, out_, err_);
  }
  int Build(std::vector<std::string> inputs, const std::string& base, const std::string& output) {
    BuildArgs args;
    args.inputs = std::move(inputs);
    args.outputs = {output};
    args.graph = base;
    args.data_dir = NEWSGRAPH_DATA_DIR;
    args.quiet = true;
    out_.str("");
    err_.str("");
    return RunBuild(args, out_, err_);
  }

  static fs::path dir_;
  std::ostringstream out_, err_;
};

fs::path GraphCommands::dir_;

TEST_F(GraphCommands, SaidByBortnikovListsBothArticlesWithDates) {
  ASSERT_EQ(Query({"said", "--by", "Bortnikov"}), 0) << err_.str();
  const std::string t = out_.str();
  EXPECT_NE(t.find("2013-06-06  Alexander Bortnikov"), std::string::npos) << t;
  EXPECT_NE(t.find("2014-11-20  Alexander Bortnikov"), std::string::npos) << t;
  EXPECT_NE(t.find("around 200 fighters from Russia"), std::string::npos) << t;
  EXPECT_NE(t.find("002_45b2467859940c1e.txt"), std::string::npos);
  EXPECT_NE(t.find("003_f296294bf3f9221a.txt"), std::string::npos);
  EXPECT_NE(t.find("head of Federal Security Service"), std::string::npos) << t;
}

TEST_F(GraphCommands, FiguresAboutIslamicStateHaveReportersAndDates) {
  ASSERT_EQ(Query({"figures", "--about", "Islamic State"}), 0) << err_.str();
  const std::string t = out_.str();
  EXPECT_NE(t.find("2014-09-26  about 50,000"), std::string::npos) << t;
  EXPECT_NE(t.find("Nikolai Patrushev"), std::string::npos) << t;
  EXPECT_NE(t.find("Ilya Rogachev"), std::string::npos) << t;
  EXPECT_NE(t.find("More Than 3,200"), std::string::npos) << t;
}

TEST_F(GraphCommands, EntityFsbIsHeadedByBortnikov) {
  ASSERT_EQ(Query({"entity", "FSB"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("headed by   Alexander Bortnikov"), std::string::npos) << out_.str();
  ASSERT_EQ(Query({"entity", "fsb"}, /*json=*/true), 0);
  EXPECT_NE(out_.str().find("\"headed_by\": [\n    \"Alexander Bortnikov"), std::string::npos)
      << out_.str();
}

TEST_F(GraphCommands, JsonAndCsvForScripts) {
  ASSERT_EQ(Query({"said", "--by", "Bortnikov"}, /*json=*/true), 0);
  EXPECT_EQ(out_.str().rfind("[\n  {\n    \"date\": \"2013-06-06\"", 0), 0u) << out_.str();
  ASSERT_EQ(Query({"said", "--by", "Bortnikov", "--csv"}), 0);
  EXPECT_EQ(out_.str().rfind("date,speaker,role,text,cue,article,outlet\r\n2013-06-06,", 0), 0u);
  // A text with a comma or a quote is quoted, quotes doubled.
  EXPECT_NE(out_.str().find(",\"The danger is that"), std::string::npos) << out_.str();
}

TEST_F(GraphCommands, UnknownNameIsExitOneWithCandidates) {
  EXPECT_EQ(Query({"said", "--by", "Bortnikof"}), 1);
  EXPECT_NE(err_.str().find("no entity named 'Bortnikof'; closest: Alexander Bortnikov (Person)"),
            std::string::npos)
      << err_.str();
  EXPECT_EQ(Query({"entity"}), 2);
  EXPECT_EQ(Query({"nonsense"}), 2);
}

TEST_F(GraphCommands, PathAndTop) {
  ASSERT_EQ(Query({"path", "Bortnikov", "FSB"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("heads"), std::string::npos) << out_.str();
  ASSERT_EQ(Query({"top"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("betweenness"), std::string::npos);
}

TEST_F(GraphCommands, OneAtATimeEqualsAllAtOnce) {
  const std::string inc = Path("inc.jsonld");
  std::string base;
  for (const std::string& f : SeedFiles()) {
    ASSERT_EQ(Build({f}, base, inc), 0) << f << ": " << err_.str();
    base = inc;
  }
  EXPECT_EQ(Read(inc), Read(graph()));
  // The same articles again change nothing and are not an error.
  ASSERT_EQ(Build({kSeeds}, inc, Path("again.jsonld")), 0) << err_.str();
  EXPECT_EQ(Read(Path("again.jsonld")), Read(graph()));
}

TEST_F(GraphCommands, FailedIncrementalBuildLeavesTheOldGraph) {
  const std::string g = Path("keep.jsonld");
  fs::copy_file(graph(), g, fs::copy_options::overwrite_existing);
  const std::string before = Read(g);
  // Bad input: a missing file.
  EXPECT_EQ(Build({Path("missing.txt")}, g, g), 1);
  EXPECT_EQ(Read(g), before);
  // Bad input: an empty file gives no article.
  std::ofstream(Path("empty.txt")) << "";
  EXPECT_EQ(Build({Path("empty.txt")}, g, g), 1);
  EXPECT_EQ(Read(g), before);
  // A corrupt graph is refused, never replaced by a graph of the new input alone.
  const std::string corrupt = Path("corrupt.jsonld");
  std::ofstream(corrupt) << before.substr(0, before.size() / 2);
  EXPECT_EQ(Build({SeedFiles()[0]}, corrupt, corrupt), 1);
  EXPECT_NE(err_.str().find("corrupt.jsonld: offset"), std::string::npos) << err_.str();
  EXPECT_EQ(Read(corrupt), before.substr(0, before.size() / 2));
  // A foreign JSON-LD file is refused with a clear message.
  const std::string foreign = Path("foreign.jsonld");
  std::ofstream(foreign) << R"({"@context": "https://schema.org/", "@type": "Person"})";
  EXPECT_EQ(Build({SeedFiles()[0]}, foreign, foreign), 1);
  EXPECT_NE(err_.str().find("foreign.jsonld: offset"), std::string::npos) << err_.str();
  EXPECT_EQ(Build({SeedFiles()[0]}, Path("nope.jsonld"), g), 1);
  EXPECT_NE(err_.str().find("nope.jsonld: cannot open"), std::string::npos) << err_.str();
  EXPECT_EQ(Read(g), before);
}

TEST_F(GraphCommands, ExportRoundTripsAndFilters) {
  ExportArgs x;
  x.graph = graph();
  x.outputs = {Path("rt.jsonld"), Path("rt.gexf")};
  x.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(RunExport(x, out, err), 0) << err.str();
  EXPECT_EQ(Read(Path("rt.jsonld")), Read(graph()));
  EXPECT_NE(Read(Path("rt.gexf")).find("<gexf"), std::string::npos);

  x.outputs = {Path("focus.jsonld")};
  x.filter.focus = "Alexander Bortnikov";
  x.filter.depth = 1;
  ASSERT_EQ(RunExport(x, out, err), 0) << err.str();
  const std::string focus = Read(Path("focus.jsonld"));
  EXPECT_NE(focus.find("Alexander Bortnikov"), std::string::npos);
  EXPECT_EQ(focus.find("Nikolai Patrushev"), std::string::npos);
  EXPECT_LT(focus.size(), Read(graph()).size() / 2);

  x.filter.focus = "Nobody Atall";
  EXPECT_EQ(RunExport(x, out, err), 1);
  EXPECT_NE(err.str().find("--focus: no entity named"), std::string::npos) << err.str();
  x.filter.focus.clear();
  x.filter.types = {"Person,Spaceship"};
  EXPECT_EQ(RunExport(x, out, err), 1);
  EXPECT_NE(err.str().find("unknown type 'Spaceship'"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace newsgraph::cli
