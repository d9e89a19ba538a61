// The JSON-LD writer writes @graph in chunks on several threads: the bytes are the same for 1, 2
// and 4 threads, on the real seeds graph, cut into several chunks, on nasty strings and
// on the empty graph; and they are the bytes of one PrettyWriter writing the whole document
// (the file re-printed from its parse), so no chunk boundary shows in the commas or indentation,
// and the strings the writer copies without RapidJSON's escaping are as RapidJSON writes them.
#include "export/jsonld_writer.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <limits>
#include <random>
#include <sstream>

#include "extract/pipeline.h"
#include "extract/reader.h"
#include "tests/export/test_graphs.h"

namespace newsgraph::exporters {
namespace {

std::string Json(const KnowledgeGraph& kg, std::size_t threads) {
  std::ostringstream out;
  EXPECT_TRUE(WriteJsonLd(kg, out, threads).ok());
  return out.str();
}

// `text` parsed and printed again by a single PrettyWriter with the writer's indentation.
std::string Reprinted(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  EXPECT_FALSE(doc.HasParseError()) << "at offset " << doc.GetErrorOffset();
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 1);
  doc.Accept(w);
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

// The seeds, built by the real pipeline, each merged `copies` times under its own id (the
// statements and figures of each copy are new nodes).
KnowledgeGraph SeedsGraph(int copies) {
  extract::PipelineOptions opts;
  opts.data_dir = NEWSGRAPH_DATA_DIR;
  auto pipeline = extract::Pipeline::Create(opts);
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  std::vector<Document> docs;
  Status st = extract::ReadInputs(
      {std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds"},
      [&](Document&& d) { docs.push_back(std::move(d)); }, [](const std::string&) {}, nullptr);
  EXPECT_TRUE(st.ok()) << st.message();
  KnowledgeGraph kg;
  for (int k = 0; k < copies; ++k) {
    for (Document doc : docs) {
      doc.id = doc.id + "-" + std::to_string(k);
      kg.Merge(doc, pipeline.value()->Extract(doc));
    }
  }
  return kg;
}

TEST(JsonLdWriter, RealGraphSameBytesForAnyThreadCount) {
  const KnowledgeGraph kg = SeedsGraph(16);
  // @graph has 2 units per node (the node, its relations) and a chunk is 256 units: several
  // chunks, of nodes and of relations.
  ASSERT_GT(kg.num_nodes(), 500u);
  const std::string one = Json(kg, 1);
  EXPECT_EQ(Json(kg, 2), one);
  EXPECT_EQ(Json(kg, 4), one);
  EXPECT_EQ(Json(kg, 0), one);
  EXPECT_NE(one.find("\"ng:Relation\""), std::string::npos);
  EXPECT_EQ(Reprinted(one), one);
}

TEST(JsonLdWriter, NastyStringsSameBytesForAnyThreadCount) {
  const KnowledgeGraph kg = testing::NastyGraph();
  const std::string one = Json(kg, 1);
  EXPECT_EQ(Json(kg, 2), one);
  EXPECT_EQ(Json(kg, 4), one);
  // The writer copies member names and ids without an escape scan (JsonWriter::Key, Verbatim)
  // and escapes the rest itself: the re-print has RapidJSON escape every string.
  EXPECT_NE(one.find("\\\"quotes\\\""), std::string::npos);
  EXPECT_EQ(Reprinted(one), one);
}

// JsonWriter copies a string with no byte that JSON escapes itself, 32 and 16 bytes at a time,
// and escapes any other itself (CopyEscaped): both give RapidJSON's bytes (the re-print escapes
// every string itself) for every length up to 80 (short strings, whole pairs of blocks, whole
// blocks, an overlapping last block), with each escaped byte at every position, amid the bytes next
// to them that are not escaped (space, '!', '#', '[', ']', DEL, UTF-8 and bytes that are not
// UTF-8). The control byte 0x1F is one RapidJSON's SSE2 scan would have written raw (see
// CMakeLists.txt), which the re-print, a strict parse, would refuse.
TEST(JsonLdWriter, StringsCopiedOrEscapedAsRapidJsonWrites) {
  const std::string plain = std::string(" !#[]\x7f") + "\xc3\xa9\x80\xff" + "abc";
  KnowledgeGraph kg;
  std::size_t escaped = 0;
  for (std::size_t len = 0; len <= 80; ++len) {
    std::string base;
    for (std::size_t i = 0; i < len; ++i) base += plain[(i * 7 + len) % plain.size()];
    // One article with `base` as is, then one per position with an escaped byte there.
    for (std::size_t pos = 0; pos <= len; ++pos) {
      auto at = [&](char c) {
        if (pos == len) return base;
        std::string s = base;
        s[pos] = c;
        return s;
      };
      Document doc;
      doc.id = "doc-" + std::to_string(len) + "-" + std::to_string(pos);
      doc.text = "Text.";
      doc.headline = at('"');
      doc.publisher = at('\\');
      doc.author = at('\x1f');
      doc.url = at('\n');
      doc.date = at('\0');
      kg.Merge(doc, Extraction{});
      if (pos < len) escaped += 5;
    }
  }
  const std::string one = Json(kg, 1);
  EXPECT_EQ(Reprinted(one), one);
  EXPECT_EQ(Json(kg, 2), one);
  // Every string of the file with a byte to escape was escaped.
  EXPECT_GE(static_cast<std::size_t>(std::count(one.begin(), one.end(), '\\')), escaped);
}

// JsonWriter escapes a string with bytes to escape itself, copying the runs between them 16
// bytes at a time (CopyEscaped): it gives RapidJSON's bytes on random strings of every length
// up to 100 drawn mostly from the bytes JSON escapes (each byte below 0x20, with its short or
// \u00XX form, '"', '\\'), so that escapes come side by side, at both ends and across the blocks.
TEST(JsonLdWriter, RandomEscapedStringsAsRapidJsonWrites) {
  std::string alphabet = "\"\\ a/\x7f\xc3\xa9\xff";
  for (int c = 0; c < 0x20; ++c) alphabet += static_cast<char>(c);
  std::mt19937 rng(6);
  KnowledgeGraph kg;
  std::size_t escapes = 0;
  for (int k = 0; k < 1000; ++k) {
    const std::size_t len = rng() % 101;
    // A run of plain bytes about half the time: blocks with nothing to escape come between.
    const bool runs = rng() % 2 == 0;
    auto random_string = [&] {
      std::string s;
      while (s.size() < len) {
        if (runs && rng() % 4 == 0) {
          s.append(std::min<std::size_t>(rng() % 40, len - s.size()), 'x');
        } else {
          const char c = alphabet[rng() % alphabet.size()];
          s += c;
          if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') ++escapes;
        }
      }
      return s;
    };
    Document doc;
    doc.id = "doc-" + std::to_string(k);
    doc.text = "Text.";
    doc.headline = random_string();
    doc.publisher = random_string();
    kg.Merge(doc, Extraction{});
  }
  const std::string one = Json(kg, 1);
  EXPECT_EQ(Reprinted(one), one);
  EXPECT_EQ(Json(kg, 2), one);
  EXPECT_GE(static_cast<std::size_t>(std::count(one.begin(), one.end(), '\\')), escapes);
}

// An evidence whose article is empty (a JSON-LD file may say "ng:article": "") holds a
// SharedString with no buffer, whose view has no data pointer: it is written as "" (the
// sanitizer build fails here if the writer copies from that pointer).
TEST(JsonLdWriter, EmptyArticleOfAnEvidenceIsAnEmptyString) {
  KnowledgeGraph kg;
  StatementNode s;
  s.article = SharedString("doc-1");
  s.text = "We are ready.";
  s.evidence.push_back(Evidence{SharedString(), Span{0, 13}, SharedString("We are ready.")});
  kg.RestoreNode(NodeData(std::move(s)));
  const std::string one = Json(kg, 1);
  EXPECT_NE(one.find("\"ng:article\": \"\""), std::string::npos) << one;
  EXPECT_EQ(Reprinted(one), one);
}

// An evidence of an article in the graph is written in one step (JsonWriter::SpanObject), one
// of an article that is not a call at a time: both give PrettyWriter's bytes, for the first
// and later evidence of a list, with and without a sentence, with a sentence to escape, and
// with the largest offsets.
TEST(JsonLdWriter, EvidenceAsPrettyWriterWrites) {
  KnowledgeGraph kg;
  Document doc;
  doc.id = "doc-1";
  doc.text = "Text.";
  kg.Merge(doc, Extraction{});
  StatementNode s;
  s.article = SharedString("doc-1");
  s.text = "We are ready.";
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  for (const char* article : {"doc-1", "doc-1", "doc-2", "doc-1", "doc-2", "doc-1"}) {
    const std::size_t k = s.evidence.size();
    const std::string sentence = k % 3 == 0   ? "We are ready."
                                 : k % 3 == 1 ? ""
                                              : "Tabs\tand \"quotes\" \x01 end";
    s.evidence.push_back(Evidence{SharedString(article), Span{k * 1000, k == 3 ? max : k + 13},
                                  SharedString(sentence)});
  }
  kg.RestoreNode(NodeData(std::move(s)));
  const std::string one = Json(kg, 1);
  EXPECT_EQ(Reprinted(one), one);
  EXPECT_NE(one.find("\"ng:article\": \"doc-2\""), std::string::npos) << one;
  EXPECT_NE(one.find("\"ng:end\": " + std::to_string(max)), std::string::npos) << one;
  EXPECT_EQ(Json(kg, 2), one);
}

TEST(JsonLdWriter, EmptyGraphSameBytesForAnyThreadCount) {
  const std::string one = Json(KnowledgeGraph(), 1);
  EXPECT_EQ(Json(KnowledgeGraph(), 2), one);
  EXPECT_NE(one.find("\"@graph\": []"), std::string::npos);
  EXPECT_EQ(Reprinted(one), one);
}

// The nodes of the JSON-LD document `text`, in the order of @graph: their @id by ng:seq.
std::vector<std::pair<std::size_t, std::string>> NodesInOrder(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  EXPECT_FALSE(doc.HasParseError());
  std::vector<std::pair<std::size_t, std::string>> out;
  for (const auto& e : doc["@graph"].GetArray())
    if (e.HasMember("ng:seq")) out.emplace_back(e["ng:seq"].GetUint64(), e["@id"].GetString());
  return out;
}

// The writer sorts the vertices by the first bytes of their ids past kIdBase and compares
// whole ids only on a tie (IdKey): the order is still that of the ids as strings, on ids that
// share more than those bytes, that begin with another id, and on numbered namesakes.
TEST(JsonLdWriter, NodesComeInIdOrder) {
  KnowledgeGraph kg;
  const std::string prefix = "a-long-article-id-that-many-share";
  for (std::string id :
       {"a.txt", "a-txt", "A TXT", "a-txt-2", "a-txt-10", "a-txt-1", "a", "a-t", "b", "ab"}) {
    for (const std::string& full : {id, prefix + id, prefix + "/" + id}) {
      Document doc;
      doc.id = full;
      doc.text = "Text of " + full;
      kg.Merge(doc, Extraction{});
    }
  }
  auto check = [](const KnowledgeGraph& g) {
    const std::vector<std::string> ids = g.StableIds();
    const std::string one = Json(g, 1);
    EXPECT_EQ(Json(g, 2), one);
    const auto nodes = NodesInOrder(one);
    ASSERT_EQ(nodes.size(), g.num_nodes());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      EXPECT_EQ(nodes[i].second, ids.at(nodes[i].first));
      if (i > 0) {
        EXPECT_LT(nodes[i - 1].second, nodes[i].second);
      }
    }
  };
  check(kg);
  check(SeedsGraph(4));
}

// A chunk's buffer starts with room for most chunks (kChunkCapacity, 256 KiB) and grows past
// it: articles of a megabyte each, in one chunk and, on threads, in chunks written into reused
// buffers, give the same bytes as one PrettyWriter.
TEST(JsonLdWriter, ChunksLargerThanTheirStartingRoomSameBytes) {
  KnowledgeGraph kg;
  for (int i = 0; i < 3; ++i) {
    Document doc;
    doc.id = "big-" + std::to_string(i);
    doc.headline = std::string(std::size_t{1} << 20, static_cast<char>('a' + i));
    doc.headline += i == 1 ? "\"quoted\"" : "";  // one to escape
    doc.text = "Text of " + doc.id;
    kg.Merge(doc, Extraction{});
  }
  const std::string one = Json(kg, 1);
  EXPECT_GT(one.size(), std::size_t{3} << 20);
  EXPECT_EQ(Json(kg, 2), one);
  EXPECT_EQ(Json(kg, 4), one);
  EXPECT_EQ(Reprinted(one), one);
}

// A long text's article writes thousands of mentions and their evidence: chunks end before
// such an article once its edges would pass the chunk's share (ChunkEnd), so that a chunk's
// buffer stays small. Long articles of 300 to 3,000 mentions among short ones, alone and side
// by side in id order: the same bytes on any number of threads, as one PrettyWriter writes
// them, every article and every mention's evidence written once.
TEST(JsonLdWriter, LongArticlesChunkedByTheirMentionsSameBytes) {
  KnowledgeGraph kg;
  std::size_t mentions = 0, articles = 0;
  std::mt19937 rng(3);
  for (int i = 0; i < 40; ++i) {
    Document doc;
    doc.id = "doc-" + std::to_string(1000 + i);
    const int names = i % 3 == 0 ? 300 + static_cast<int>(rng() % 2700) : 1 + i % 5;
    Extraction ex;
    for (int k = 0; k < names; ++k) {
      const std::string name = "Ann Person" + std::to_string(k);
      const std::size_t at = doc.text.size();
      doc.text += name + " spoke. ";
      Mention m = testing::M(doc.text, name, EntityType::kPerson, at);
      ex.mentions.push_back(std::move(m));
    }
    mentions += ex.mentions.size();
    ++articles;
    kg.Merge(doc, ex);
  }
  const std::string one = Json(kg, 1);
  EXPECT_EQ(Json(kg, 2), one);
  EXPECT_EQ(Json(kg, 3), one);
  EXPECT_EQ(Reprinted(one), one);
  rapidjson::Document parsed;
  parsed.Parse(one.data(), one.size());
  ASSERT_FALSE(parsed.HasParseError());
  std::size_t articles_written = 0, evidence = 0;
  for (const auto& node : parsed["@graph"].GetArray()) {
    if (!node.HasMember("@type") || node["@type"] != "NewsArticle") continue;
    ++articles_written;
    if (node.HasMember("ng:mentionEvidence")) evidence += node["ng:mentionEvidence"].Size();
  }
  EXPECT_EQ(articles_written, articles);
  EXPECT_EQ(evidence, mentions);
}

TEST(JsonLdWriter, SmallGraphIsOnePrettyDocument) {
  const std::string two = Json(testing::SmallGraph(), 2);
  EXPECT_EQ(Reprinted(two), two);
  EXPECT_EQ(Json(testing::SmallGraph(), 1), two);
}

}  // namespace
}  // namespace newsgraph::exporters
