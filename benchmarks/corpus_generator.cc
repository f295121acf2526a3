// ch-generate-corpus: writes a synthetic but realistic corpus of resource files for benchmarks.
//
//   ch-generate-corpus --docs N --out DIR [--seed S] [--taxonomy corpus/taxonomy.yaml]
//                      [--sample corpus] [--vocabulary V] [--zipf S] [--zipf-knee K]
//                      [--tail-zipf T]
//
// Writes N valid resource files (docs/resource-format.md) to DIR/resources/NNNN/doc-NNNNNNN.md,
// 1000 files per sub-folder, copies the taxonomy to DIR/taxonomy.yaml and writes
// DIR/generated.txt (parameters and statistics; its presence marks a complete corpus). Refuses
// to write into a non-empty DIR/resources.
//
// Text (word_model.h): the body words of the sample corpus ranked by frequency, extended with
// pronounceable synthetic words up to V types (default 1M), drawn with Zipf frequencies: exponent
// S (default 1.07) over the K most frequent ranks (default 10k, about 95% of the words written),
// T (default 2.5) beyond, as in real text; so the distinct words grow with the corpus (about 27k
// at 1k documents, 70k at 10k, 170k at 100k). Each document also repeats a few words of its own
// (burstiness). Titles have 5-12 words, summaries 20-50, bodies a log-normal length (median
// 450 words, clamped to 150-3000) with `##` headings, paragraphs, lists and now and then a table
// or a link. Taxonomy ids (1-3 focus areas, 1-4 topics, 1-3 audiences, one type), dates
// (2012-2026), sources (40 agencies), keywords (often glossary acronyms) and `related` ids
// (always earlier documents) are drawn at random, with earlier taxonomy entries more frequent.
//
// Deterministic for a given seed, sample corpus and taxonomy. Exit status: 0 success, 2 bad
// arguments or I/O error.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "benchmarks/word_model.h"
#include "indexer/taxonomy.h"

namespace {
namespace fs = std::filesystem;
using ch::bench::Lower;
using ch::bench::Rng;
using ch::bench::Vocabulary;

constexpr size_t kFilesPerFolder = 1000;
constexpr double kMedianBodyWords = 450;
constexpr double kBodyWordsSigma = 0.55;
constexpr int kMinBodyWords = 150, kMaxBodyWords = 3000;
constexpr int kFirstYear = 2012, kLastYear = 2026;

struct Agency {
  const char* name;
  const char* domain;
};
constexpr Agency kAgencies[] = {
    {"Bureau of Justice Assistance (BJA)", "bja.ojp.gov"},
    {"National Institute of Justice (NIJ)", "nij.ojp.gov"},
    {"National Public Safety Partnership (PSP)", "www.nationalpublicsafetypartnership.org"},
    {"Office of Community Oriented Policing Services (COPS Office)", "cops.usdoj.gov"},
    {"Office for Victims of Crime (OVC)", "ovc.ojp.gov"},
    {"Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)", "www.atf.gov"},
    {"Office of Juvenile Justice and Delinquency Prevention (OJJDP)", "ojjdp.ojp.gov"},
    {"Bureau of Justice Statistics (BJS)", "bjs.ojp.gov"},
    {"Police Executive Research Forum (PERF)", "www.policeforum.org"},
    {"International Association of Chiefs of Police (IACP)", "www.theiacp.org"},
    {"International Association of Crime Analysts (IACA)", "www.iaca.net"},
    {"Drug Enforcement Administration (DEA)", "www.dea.gov"},
    {"Federal Bureau of Investigation (FBI)", "www.fbi.gov"},
    {"Office of National Drug Control Policy (ONDCP)", "www.whitehouse.gov/ondcp"},
    {"Office on Violence Against Women (OVW)", "www.justice.gov/ovw"},
    {"U.S. Department of Justice", "www.justice.gov"},
    {"Executive Office for United States Attorneys", "www.justice.gov/usao"},
    {"National Network for Safe Communities", "nnscommunities.org"},
    {"National Center for Victims of Crime", "victimsofcrime.org"},
    {"IJIS Institute", "www.ijis.org"},
    {"SEARCH, The National Consortium for Justice Information and Statistics", "www.search.org"},
    {"National Sheriffs' Association", "www.sheriffs.org"},
    {"National District Attorneys Association", "ndaa.org"},
    {"Major Cities Chiefs Association", "majorcitieschiefs.com"},
    {"National Criminal Justice Association", "www.ncja.org"},
    {"Council on Criminal Justice", "counciloncj.org"},
    {"Urban Institute, Justice Policy Center", "www.urban.org"},
    {"RAND Corporation, Justice Policy Program", "www.rand.org"},
    {"Vera Institute of Justice", "www.vera.org"},
    {"Center for Problem-Oriented Policing", "popcenter.asu.edu"},
    {"National Police Foundation", "www.policefoundation.org"},
    {"Justice Research and Statistics Association (JRSA)", "www.jrsa.org"},
    {"National Governors Association", "www.nga.org"},
    {"Centers for Disease Control and Prevention (CDC)", "www.cdc.gov"},
    {"Substance Abuse and Mental Health Services Administration (SAMHSA)", "www.samhsa.gov"},
    {"Stonebridge Police Department", "www.stonebridgepd.example.gov"},
    {"Riverton Police Department", "www.rivertonpd.example.gov"},
    {"Pine Hollow County District Attorney's Office", "da.pinehollow.example.gov"},
    {"Lakeshore State University School of Criminal Justice", "cj.lakeshore.example.edu"},
    {"Kingsbridge University School of Public Health", "sph.kingsbridge.example.edu"},
};
constexpr const char* kFirstNames[] = {"Maria",  "James",  "Aisha", "Robert", "Wei",     "Linda",
                                       "Carlos", "Tamika", "David", "Priya",  "Michael", "Sarah",
                                       "Andre",  "Irene",  "Kevin", "Denise", "Luis",    "Angela"};
constexpr const char* kLastNames[] = {"Garcia",  "Johnson", "Okafor",    "Chen",   "Whitfield",
                                      "Moss",    "Ortega",  "Keller",    "Hollis", "Nguyen",
                                      "Patel",   "Draper",  "Lindqvist", "Rourke", "Stein",
                                      "Almanza", "Cho",     "Brooks"};
constexpr const char* kSmallWords[] = {"a",  "an", "the",  "of", "and", "or",   "for", "to",
                                       "in", "on", "with", "at", "by",  "from", "as",  "into"};
constexpr const char* kDurations[] = {"14 minutes", "38 minutes", "45 minutes", "1 hour",
                                      "60 minutes", "75 minutes", "90 minutes", "2 hours",
                                      "8 hours",    "2 days",     "3 days"};
constexpr const char* kTimedTypes[] = {"webinar", "training", "podcast", "video"};

struct Options {
  size_t docs = 0;
  std::string out_dir;
  uint64_t seed = 1;
  std::string taxonomy_path = CH_SOURCE_DIR "/corpus/taxonomy.yaml";
  std::string sample_dir = CH_SOURCE_DIR "/corpus";
  size_t vocabulary = 1000000;
  ch::bench::ZipfShape zipf;
};

std::string Capitalised(std::string w) {
  if (!w.empty()) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
  return w;
}

bool IsSmallWord(const std::string& w) {
  for (const char* s : kSmallWords) {
    if (w == s) return true;
  }
  return false;
}

// Everything one document needs to draw from.
struct Context {
  const ch::Taxonomy& taxonomy;
  Vocabulary& vocabulary;
  std::vector<std::string> phrases;   // taxonomy labels, synonyms and glossary names
  std::vector<std::string> acronyms;  // glossary names written in capitals ("NIBIN")
};

// Builds one document's text; owns its burst words (words this document repeats).
class TextWriter {
 public:
  TextWriter(Context& ctx, Rng& rng) : ctx_(ctx), rng_(rng) {
    int n = rng_.Between(5, 15);
    while (static_cast<int>(burst_.size()) < n) {
      burst_.push_back(ctx_.vocabulary.DrawRankBetween(rng_, 100, 30000));
    }
  }
  const std::string& Word() {
    if (rng_.Chance(0.06)) return ctx_.vocabulary.Use(burst_[rng_.Below(burst_.size())]);
    return ctx_.vocabulary.Draw(rng_);
  }
  // "Word word, word word." with `n` words; now and then a taxonomy or glossary phrase.
  std::string Sentence(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i) s += rng_.Chance(0.06) ? ", " : " ";
      s += i == 0 ? Capitalised(Word()) : Word();
    }
    if (rng_.Chance(0.04)) s += " " + rng_.Pick(ctx_.phrases);
    words_ += n;
    return s + ".";
  }
  std::string Sentences(int words) {
    std::string out;
    while (words > 0) {
      int n = std::min(words, rng_.Between(8, 26));
      if (words - n < 5) n = words;
      out += (out.empty() ? "" : " ") + Sentence(n);
      words -= n;
    }
    return out;
  }
  std::string TitleCase(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      const std::string& w = ctx_.vocabulary.DrawContent(rng_);
      s += i ? " " : "";
      s += (i && IsSmallWord(w)) ? w : Capitalised(w);
    }
    words_ += n;
    return s;
  }
  std::string Title() {
    int n = rng_.Between(5, 12);
    if (n >= 8 && rng_.Chance(0.4)) {
      const auto& labels = ctx_.taxonomy.entries(ch::Vocabulary::kTopic);
      return rng_.Pick(labels).label + ": " + TitleCase(n - 3);
    }
    return TitleCase(n);
  }
  // 35-120 words, fewer when the body needs fewer (at least 20).
  std::string Paragraph(int budget) {
    std::string p = Sentences(std::min(rng_.Between(35, 120), std::max(20, budget)));
    if (rng_.Chance(0.04)) {
      p += " See [" + TitleCase(rng_.Between(2, 5)) + "](https://" + rng_.Pick(kAgencies).domain +
           "/resources/" + Lower(Word()) + ").";
    }
    return p + "\n\n";
  }
  std::string List(bool numbered) {
    std::string out;
    int items = rng_.Between(3, 7);
    for (int i = 1; i <= items; ++i) {
      out += numbered ? std::to_string(i) + ". " : "- ";
      out += Sentence(rng_.Between(4, 14)) + "\n";
    }
    return out + "\n";
  }
  std::string Table() {
    int columns = rng_.Between(2, 4), rows = rng_.Between(2, 6);
    std::string out = "|", rule = "|";
    for (int c = 0; c < columns; ++c) {
      out += " " + TitleCase(rng_.Between(1, 3)) + " |";
      rule += "---|";
    }
    out += "\n" + rule + "\n";
    for (int r = 0; r < rows; ++r) {
      out += "|";
      for (int c = 0; c < columns; ++c) {
        out += " ";
        if (rng_.Chance(0.3)) {
          out += std::to_string(rng_.Between(1, 100)) + "%";
        } else {
          for (int k = rng_.Between(1, 4); k > 0; --k) out += Word() + (k > 1 ? " " : "");
          words_ += 1;
        }
        out += " |";
      }
      out += "\n";
    }
    return out + "\n";
  }
  // An opening paragraph, then `##` sections until about `target` words are written.
  std::string Body(int target) {
    std::string out = Paragraph(target);
    bool table_wanted = rng_.Chance(0.15);
    while (words_ < target) {
      out += "## " + TitleCase(rng_.Between(2, 6)) + "\n\n";
      for (int p = rng_.Between(1, 3); p > 0 && words_ < target; --p) {
        out += Paragraph(target - words_);
      }
      if (words_ >= target) break;
      double r = rng_.Unit();
      if (r < 0.25) out += List(false);
      if (r >= 0.25 && r < 0.33) out += List(true);
      if (table_wanted && rng_.Chance(0.5)) {
        out += Table();
        table_wanted = false;
      }
    }
    return out;
  }
  void ResetCount() { words_ = 0; }
  int words() const { return words_; }

 private:
  Context& ctx_;
  Rng& rng_;
  std::vector<size_t> burst_;
  int words_ = 0;
};

std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string FlowList(const std::vector<std::string>& items, bool quote) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? ", " : "") + (quote ? Quoted(items[i]) : items[i]);
  return out + "]";
}

// `min`..`max` distinct ids of a vocabulary, earlier entries more likely (a realistic skew).
std::vector<std::string> PickIds(const ch::Taxonomy& taxonomy, ch::Vocabulary v, int min, int max,
                                 Rng& rng) {
  const auto& entries = taxonomy.entries(v);
  size_t n = std::min<size_t>(static_cast<size_t>(rng.Between(min, max)), entries.size());
  std::vector<std::string> out;
  while (out.size() < n) {
    size_t i = static_cast<size_t>(static_cast<double>(entries.size()) * std::pow(rng.Unit(), 1.6));
    const std::string& id = entries[std::min(i, entries.size() - 1)].id;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

std::string DateString(int year, int month, int day) {
  char buf[16];
  if (day)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  else if (month)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else
    std::snprintf(buf, sizeof buf, "%04d", year);
  return buf;
}

std::string DocId(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "doc-%07zu", i);
  return buf;
}

// 2-8 distinct keywords (none for one document in ten), a third of them glossary acronyms.
std::vector<std::string> Keywords(Context& ctx, Rng& rng) {
  std::vector<std::string> out;
  for (int k = rng.Chance(0.9) ? rng.Between(2, 8) : 0; k > 0; --k) {
    std::string keyword;
    if (rng.Chance(0.35)) {
      keyword = rng.Pick(ctx.acronyms);
    } else {
      for (int w = rng.Between(1, 3); w > 0; --w) {
        keyword += Lower(ctx.vocabulary.DrawContent(rng)) + (w > 1 ? " " : "");
      }
    }
    auto same = [&](const std::string& other) { return Lower(other) == Lower(keyword); };
    if (std::none_of(out.begin(), out.end(), same)) out.push_back(keyword);
  }
  return out;
}

// The optional fields: people, dates, address, duration, language, related ids.
void OptionalFields(std::string& fm, size_t index, const std::string& type, Rng& rng) {
  if (rng.Chance(0.6)) {
    std::vector<std::string> authors;
    for (int a = rng.Between(1, 3); a > 0; --a) {
      std::string name = std::string(rng.Pick(kFirstNames)) + " " + rng.Pick(kLastNames);
      if (std::find(authors.begin(), authors.end(), name) == authors.end()) authors.push_back(name);
    }
    fm += "authors: " + FlowList(authors, true) + "\n";
  }
  if (rng.Chance(0.95)) {
    int year = rng.Between(kFirstYear, kLastYear);
    double shape = rng.Unit();
    int month = shape < 0.3 ? 0 : rng.Between(1, 12);
    int day = (month && shape > 0.7) ? rng.Between(1, 28) : 0;
    fm += "published: " + DateString(year, month, day) + "\n";
    if (year < kLastYear && rng.Chance(0.25)) {
      int later = std::min(kLastYear, year + rng.Between(1, 3));
      fm += "updated: " + DateString(later, rng.Between(1, 12), rng.Between(1, 28)) + "\n";
    }
  }
  if (rng.Chance(0.8)) {
    fm += "url: " +
          Quoted("https://" + std::string(rng.Pick(kAgencies).domain) + "/resources/" +
                 DocId(index)) +
          "\n";
  }
  for (const char* timed : kTimedTypes) {
    if (type == timed) fm += "duration: " + Quoted(rng.Pick(kDurations)) + "\n";
  }
  fm += std::string("language: ") + (rng.Chance(0.02) ? "es" : "en") + "\n";
  if (index > 0 && rng.Chance(0.25)) {
    std::vector<std::string> related;
    for (int r = rng.Between(1, 3); r > 0; --r) {
      std::string id = DocId(index - 1 - rng.Below(std::min<size_t>(index, 5000)));
      if (std::find(related.begin(), related.end(), id) == related.end()) related.push_back(id);
    }
    fm += "related: " + FlowList(related, false) + "\n";
  }
}

// One complete resource file.
std::string Document(size_t index, Context& ctx, Rng& rng, int* body_words) {
  TextWriter text(ctx, rng);
  const ch::Taxonomy& tax = ctx.taxonomy;
  std::string type = PickIds(tax, ch::Vocabulary::kType, 1, 1, rng).front();
  std::string fm = "---\n";
  if (rng.Chance(0.3)) fm += "id: " + DocId(index) + "\n";
  fm += "title: " + Quoted(text.Title()) + "\n";
  fm += "summary: " + Quoted(text.Sentences(rng.Between(20, 50))) + "\n";
  fm += "type: " + type + "\n";
  fm +=
      "focus_areas: " + FlowList(PickIds(tax, ch::Vocabulary::kFocusArea, 1, 3, rng), false) + "\n";
  if (rng.Chance(0.9)) {
    fm += "topics: " + FlowList(PickIds(tax, ch::Vocabulary::kTopic, 1, 4, rng), false) + "\n";
  }
  if (rng.Chance(0.85)) {
    fm += "audience: " + FlowList(PickIds(tax, ch::Vocabulary::kAudience, 1, 3, rng), false) + "\n";
  }
  fm += "source: " +
        Quoted(kAgencies[std::min(rng.Below(std::size(kAgencies)), rng.Below(std::size(kAgencies)))]
                   .name) +
        "\n";
  OptionalFields(fm, index, type, rng);
  std::vector<std::string> keywords = Keywords(ctx, rng);
  if (!keywords.empty()) fm += "keywords: " + FlowList(keywords, true) + "\n";
  fm += "---\n\n";
  double target = std::exp(std::log(kMedianBodyWords) + kBodyWordsSigma * rng.Normal());
  text.ResetCount();
  std::string body = text.Body(std::clamp(static_cast<int>(target), kMinBodyWords, kMaxBodyWords));
  *body_words = text.words();
  return fm + body;
}

Context MakeContext(const ch::Taxonomy& taxonomy, Vocabulary& vocabulary) {
  Context ctx{taxonomy, vocabulary, {}, {}};
  for (auto v : ch::kAllVocabularies) {
    for (const auto& e : taxonomy.entries(v)) {
      if (v != ch::Vocabulary::kType && v != ch::Vocabulary::kAudience)
        ctx.phrases.push_back(e.label);
      for (const auto& s : e.synonyms) ctx.phrases.push_back(s);
    }
  }
  for (const auto& group : taxonomy.glossary()) {
    for (const auto& name : group) {
      ctx.phrases.push_back(name);
      bool caps = std::none_of(name.begin(), name.end(),
                               [](char c) { return std::islower(static_cast<unsigned char>(c)); });
      if (caps) ctx.acronyms.push_back(name);
    }
  }
  if (ctx.acronyms.empty()) ctx.acronyms.push_back("NIBIN");
  return ctx;
}

bool WriteText(const fs::path& path, const std::string& text, std::string* error) {
  FILE* f = std::fopen(path.c_str(), "wb");
  bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f && std::fclose(f) != 0) ok = false;
  if (!ok) *error = "cannot write " + path.string() + ": " + std::strerror(errno);
  return ok;
}

int Fail(const std::string& message) {
  std::cerr << "ch-generate-corpus: " << message << '\n';
  return 2;
}

// Summary of what was written, for DIR/generated.txt.
std::string Statistics(const Options& opt, const Vocabulary& vocabulary, size_t sample_types,
                       std::vector<int> body_words, double seconds) {
  const auto& counts = vocabulary.counts();
  size_t types = static_cast<size_t>(
      std::count_if(counts.begin(), counts.end(), [](uint64_t c) { return c > 0; }));
  uint64_t tokens = 0;
  for (uint64_t c : counts) tokens += c;
  std::sort(body_words.begin(), body_words.end());
  char stats[1024];
  std::snprintf(stats, sizeof stats,
                "docs: %zu\nseed: %llu\nzipf: exponent %.3f up to rank %zu, %.3f beyond\n"
                "vocabulary: %zu types (%zu from the sample corpus)\nwords_drawn: %llu\n"
                "types_used: %zu\nfitted_zipf_exponent_top_10000: %.3f\n"
                "body_words_min_median_max: %d %d %d\nseconds: %.1f\n",
                opt.docs, static_cast<unsigned long long>(opt.seed), opt.zipf.exponent,
                opt.zipf.knee, opt.zipf.tail_exponent, vocabulary.size(), sample_types,
                static_cast<unsigned long long>(tokens), types,
                ch::bench::FitZipfExponent(counts, 10000), body_words.front(),
                body_words[body_words.size() / 2], body_words.back(), seconds);
  return stats;
}

// Writes the documents into `resources`; records each body's word count in `body_words`.
bool WriteDocuments(const Options& opt, const fs::path& resources, Context& ctx, Rng& rng,
                    std::vector<int>& body_words, std::string* error) {
  body_words.assign(opt.docs, 0);
  std::error_code ec;
  for (size_t i = 0; i < opt.docs; ++i) {
    char folder[24];
    std::snprintf(folder, sizeof folder, "%04zu", i / kFilesPerFolder);
    if (i % kFilesPerFolder == 0 && !fs::create_directories(resources / folder, ec) && ec) {
      *error = "cannot create " + (resources / folder).string() + ": " + ec.message();
      return false;
    }
    std::string doc = Document(i, ctx, rng, &body_words[i]);
    if (!WriteText(resources / folder / (DocId(i) + ".md"), doc, error)) return false;
  }
  return true;
}

int Generate(const Options& opt) {
  auto start = std::chrono::steady_clock::now();
  auto taxonomy = ch::Taxonomy::Load(opt.taxonomy_path);
  if (!taxonomy.ok()) return Fail(taxonomy.status().message());
  const fs::path out(opt.out_dir), resources = out / "resources";
  std::error_code ec;
  if (fs::exists(resources, ec) && !fs::is_empty(resources, ec)) {
    return Fail(resources.string() +
                " already exists and is not empty; remove it or choose another --out");
  }
  auto sample = ch::bench::SampleWords(opt.sample_dir, *taxonomy);
  if (!sample.ok()) return Fail(sample.status().message());
  const size_t sample_types = sample->size();
  Rng rng(opt.seed);
  std::vector<std::string> words = std::move(sample).value();
  ch::bench::AddSyntheticWords(std::max(opt.vocabulary, words.size()), words, rng);
  Vocabulary vocabulary(std::move(words), opt.zipf);
  Context ctx = MakeContext(*taxonomy, vocabulary);

  std::vector<int> body_words;
  std::string error;
  if (!WriteDocuments(opt, resources, ctx, rng, body_words, &error)) return Fail(error);
  fs::copy_file(opt.taxonomy_path, out / "taxonomy.yaml", fs::copy_options::overwrite_existing, ec);
  if (ec) return Fail("cannot copy the taxonomy to " + out.string() + ": " + ec.message());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string stats = Statistics(opt, vocabulary, sample_types, body_words, seconds);
  if (!WriteText(out / "generated.txt", stats, &error)) return Fail(error);
  std::cerr << "ch-generate-corpus: wrote " << opt.docs << " documents to " << resources.string()
            << "\n"
            << stats;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ch-generate-corpus: write a synthetic corpus of valid resource files"};
  Options opt;
  app.add_option("--docs", opt.docs, "number of documents")
      ->required()
      ->check(CLI::Range(1, 9999999));
  app.add_option("--out", opt.out_dir, "output folder (resources/ and taxonomy.yaml)")->required();
  app.add_option("--seed", opt.seed, "random seed")->capture_default_str();
  app.add_option("--taxonomy", opt.taxonomy_path, "taxonomy file")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  app.add_option("--sample", opt.sample_dir, "sample corpus whose words seed the vocabulary")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_option("--vocabulary", opt.vocabulary, "vocabulary size (word types)")
      ->check(CLI::Range(1000, 10000000))
      ->capture_default_str();
  app.add_option("--zipf", opt.zipf.exponent, "Zipf exponent of the frequent words")
      ->check(CLI::Range(0.5, 2.0))
      ->capture_default_str();
  app.add_option("--zipf-knee", opt.zipf.knee, "rank where the steeper tail starts")
      ->check(CLI::Range(100, 10000000))
      ->capture_default_str();
  app.add_option("--tail-zipf", opt.zipf.tail_exponent, "Zipf exponent beyond the knee")
      ->check(CLI::Range(0.5, 5.0))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return Generate(opt);
}
