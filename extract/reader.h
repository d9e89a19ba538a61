// Readers: the first stage of the pipeline, turning input files into Documents. Plain text
// (.txt or no extension), HTML (.html/.htm, parsed with gumbo, schema.org JSON-LD and Open
// Graph metadata read with RapidJSON) and JSON Lines (.jsonl/.ndjson, one article per line).
// Every reader decodes bytes to UTF-8 (invalid sequences replaced and reported, Windows-1252
// converted with ICU), runs CleanText (extract/cleanup.h) on the article text, finds the
// headline and date, and puts the headline first in Document::text so that mentions in it get
// spans. ReadInputs walks files and directories and streams Documents to a sink one at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/document.h"
#include "graph/status.h"

namespace newsgraph::extract {

// Receives one-line diagnostics ("path:line: reason"). May be empty: warnings are dropped.
using WarnFn = std::function<void(const std::string&)>;
// Receives each Document as it is read; the reader keeps no reference to it.
using DocumentSink = std::function<void(Document&&)>;

// The input formats the readers know.
enum class InputFormat { kUnknown, kPlainText, kHtml, kJsonLines };

// The format a path's extension names (case-insensitive): ".txt" or no extension is plain
// text, ".html"/".htm" HTML, ".jsonl"/".ndjson" JSON Lines; anything else kUnknown.
InputFormat FormatFromPath(std::string_view path);

// Guesses the format from content: a first non-space '{' is JSON Lines, '<' HTML, anything
// else plain text. Used for stdin and for files whose extension says nothing.
InputFormat SniffFormat(std::string_view bytes);

// Counts kept by ReadInputs. A skipped item is a file or JSONL row that produced a warning
// and no Document.
struct ReadStats {
  std::size_t files = 0;      // files opened (directories expanded)
  std::size_t documents = 0;  // Documents given to the sink
  std::size_t skipped = 0;    // files and rows skipped with a warning
  std::size_t warnings = 0;   // all warnings, including repaired encodings
};

// Turns raw file bytes into UTF-8 text. Fails (message "source: problem") for an empty or
// whitespace-only input and for binary data (NUL bytes, many control bytes). Input that is
// not UTF-8 but reads as Windows-1252 is converted with ICU; otherwise invalid sequences are
// replaced with U+FFFD. Both repairs are reported through `warn` with the byte offset.
Result<std::string> DecodeText(const std::string& source, std::string_view bytes,
                               const WarnFn& warn = {});

// Reads one plain-text article. Document::id is the base name of `source`, source is
// `source`. The headline is the title line near the top (next to the date line, or the line
// the page repeats), the date comes from the first date line near the top; lines above the
// headline (banners, menus) and the date line are left out of the text, and the headline is
// its first paragraph. Fails for empty or binary input and when no text is left.
Result<Document> ReadPlainText(const std::string& source, std::string_view bytes,
                               const WarnFn& warn = {});

// Reads one HTML page with gumbo. Metadata from schema.org JSON-LD (NewsArticle and kin:
// headline, datePublished, author.name, publisher.name, url) wins over Open Graph and <meta>
// tags, which win over <title> and <time>. The text is the paragraphs of <article> (else
// <main>, else <body>) without nav, header, footer, aside, script, style and forms, then
// CleanText. Pathologically deep nesting is flattened before parsing, so no input crashes
// or stalls the reader. Fails for empty or binary input and for a page with neither text nor
// headline.
Result<Document> ReadHtml(const std::string& source, std::string_view bytes,
                          const WarnFn& warn = {});

// Reads JSON Lines: one JSON object per line with the article in "text", "content" or
// "body"; "title"/"headline", "date"/"published"/"datePublished", "url", "source"/"publisher",
// "author" (string, {"name":...} or a list) and "id" are optional. Document::id is the url,
// else the id field, else "<file name>#<line>". A malformed row is reported through `warn` as
// "source:line: reason; row skipped" and the other rows are still read. Fails only when
// the input is empty or binary.
Result<std::vector<Document>> ReadJsonLines(const std::string& source, std::string_view bytes,
                                            const WarnFn& warn = {});

// The streaming form of ReadJsonLines: reads `in` line by line and gives each Document to
// `sink` as soon as it is read, so a corpus of any size needs memory for one row only.
// `stats` (may be null) gets documents and skipped rows; ReadInputs counts the warnings.
Status ReadJsonLinesStream(const std::string& source, std::istream& in, const DocumentSink& sink,
                           const WarnFn& warn, ReadStats* stats);

// Reads one file, choosing the reader by extension (sniffing the content when the extension
// is unknown). Errors name the file and the problem: "x.bin: binary file, not an article
// (skipped)", "x.txt: empty file (skipped)", "x.txt: no such file".
Result<std::vector<Document>> ReadArticleFile(const std::string& path, const WarnFn& warn = {});

// Reads every input in order and gives each Document to `sink` as it is read. An input is a
// file, a directory (read recursively in path order, skipping hidden entries and files of
// unknown extension; symlinked directories are not followed, so loops are harmless) or "-"
// for stdin (format sniffed). An input that does not exist is an error Status and nothing
// after it is read; problems with single files or rows are reported through `warn`, counted
// in `stats` (may be null) and skipped. Never throws.
Status ReadInputs(const std::vector<std::string>& inputs, const DocumentSink& sink,
                  const WarnFn& warn, ReadStats* stats);

// --- Pull-style reading, for pipelines that decode and parse on several threads ---

// One unit of reading work, not yet decoded: a whole article file (plain text or HTML) or one
// JSON Lines row. InputCursor hands them out in input order; ParseRawInput turns one into a
// Document on any thread.
struct RawInput {
  std::string source;                          // path, or "stdin"
  InputFormat format = InputFormat::kUnknown;  // kPlainText, kHtml or kJsonLines (one row)
  std::size_t line = 0;                        // JSON Lines: the 1-based line of the row
  std::string bytes;                           // the file's bytes, or the row without its line end
  // Non-empty when there is nothing to parse: a file, row or directory that could not be read,
  // with the message ReadInputs reports for it ("x.bin: binary file, not an article
  // (skipped)"). It counts as skipped when `skipped` is set.
  std::string problem;
  bool skipped = true;
};

// ReadInputs turned inside out: walks the same inputs in the same order and by the same rules
// (files, directories recursively in path order, "-" for stdin), but hands out RawInputs one
// at a time on request instead of pushing Documents to a sink, so a parallel pipeline can
// decode and parse them on several threads. Next() followed by ParseRawInput gives exactly
// the Documents and warnings of ReadInputs, in the same order; the caller reports each
// problem and parse failure and keeps the counts (ReadStats::files is kept by the cursor, in
// `stats`, which may be null). Memory: one article file or one JSONL row at a time, plus the
// path list of the directory being read.
// Not thread-safe: one thread calls Next() (the serial input stage of a pipeline).
class InputCursor {
 public:
  InputCursor(std::vector<std::string> inputs, ReadStats* stats);
  ~InputCursor();
  InputCursor(const InputCursor&) = delete;
  InputCursor& operator=(const InputCursor&) = delete;

  // The next item, or std::nullopt after the last. An input that does not exist is an error
  // Status, as in ReadInputs; nothing after it is read and later calls return std::nullopt.
  Result<std::optional<RawInput>> Next();

  // Raw bytes handed out so far (files and rows), for progress reports.
  std::size_t bytes_read() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The decoding, cleanup and parsing half of reading: one RawInput (without a problem) to its
// Document with the reader of its format (ReadPlainText, ReadHtml or the JSON Lines row
// reader). A failure carries the message ReadInputs would report for that file or row.
// Thread-safe; `warn` is called on the calling thread.
Result<Document> ParseRawInput(const RawInput& input, const WarnFn& warn = {});

// The total size in bytes of the files ReadInputs would read for `inputs` (directories walked
// by the same rules), or 0 when unknown (stdin, or an input that does not exist). Only paths
// are listed; nothing is read.
std::size_t InputBytes(const std::vector<std::string>& inputs);

}  // namespace newsgraph::extract
