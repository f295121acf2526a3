// Query text -> Xapian query: how concept names, stop words and options shape the query.
#include "server/services/query_builder.h"

#include <gtest/gtest.h>

#include <fstream>

#include "indexer/index_writer.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

class QueryBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string corpus = dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    test::WriteTextFile(dir_.path() / "corpus/a.md",
                        test::ResourceMarkdown("Crisis teams", "community-engagement",
                                               "Mental health calls and NIBIN leads."));
    Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
    IndexReport report;
    ASSERT_TRUE(BuildIndex(corpus, dir_ / "db", taxonomy, {}, &report).ok());
    db_ = Xapian::Database(dir_ / "db");
    ConfigureQueryParser(qp_, db_, stemmer_, SearchLimits{});
  }

  std::string Parsed(const std::string& text, const QueryOptions& options = {}) {
    return ParseQueryText(qp_, text, options).query.get_description();
  }

  // Indexes the corpus again (with the files a test added) into db2 and parses against it.
  void Reindex() {
    Taxonomy taxonomy = Taxonomy::Load(dir_ / "corpus/taxonomy.yaml").value();
    IndexReport report;
    ASSERT_TRUE(BuildIndex(dir_ / "corpus", dir_ / "db2", taxonomy, {}, &report).ok());
    db2_ = Xapian::Database(dir_ / "db2");
    ConfigureQueryParser(qp_, db2_, stemmer_, SearchLimits{});
  }

  // How many documents of db2 (Reindex) `text` matches, up to 10.
  Xapian::doccount Matches(const std::string& text, const QueryOptions& options = {}) {
    Xapian::Enquire enquire(db2_);
    enquire.set_query(ParseQueryText(qp_, text, options).query);
    return enquire.get_mset(0, 10).size();
  }

  test::TempDir dir_;
  Xapian::Database db_;
  Xapian::Database db2_;
  Xapian::Stem stemmer_{"english"};
  Xapian::QueryParser qp_;
};

TEST_F(QueryBuilderTest, MultiWordConceptNameAddsItsTermBesideTheWords) {
  // "mental health" names the behavioral-health topic. Its words must keep their own BM25
  // weights (a SYNONYM would weigh "mental or health" as one common term) and the concept term
  // joins them as one more way to match.
  std::string q = Parsed("impact on mental health");
  EXPECT_NE(q.find("XCtopic-behavioral-health"), std::string::npos) << q;
  EXPECT_EQ(q.find("SYNONYM"), std::string::npos) << q;
  EXPECT_NE(q.find("Zmental"), std::string::npos) << q;
  EXPECT_NE(q.find("Zhealth"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, SingleWordNamingASubjectKeepsItsOwnWeightBesideTheConcept) {
  // A SYNONYM of the word and a broad concept would weigh "narcotics" as one term as common as
  // every drug-crime document; the word keeps its own weight and the concept, scaled, is one
  // more way to match.
  std::string q = Parsed("NIBIN");
  EXPECT_EQ(q.find("SYNONYM"), std::string::npos) << q;
  EXPECT_NE(q.find("nibin@1 OR 0.75 * XCg-nibin"), std::string::npos) << q;
  q = Parsed("narcotics");
  EXPECT_NE(q.find("Znarcot@1 OR 0.75 * XCtopic-drug-crime"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, InAQuestionAWordNamingATypeOrAnAudienceStaysASynonymOfTheWord) {
  // "evaluation" names the report type and "detectives" the investigators audience: in a
  // question they say who or what form, not the subject, so they stay merged with the word.
  std::string q = Parsed("who reads the evaluation the detectives wrote last year");
  EXPECT_NE(q.find("Zevalu@4 SYNONYM XCtype-report"), std::string::npos) << q;
  EXPECT_NE(q.find("Zdetect@6 SYNONYM XCaudience-investigators"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, InAShortSearchATypeWordIsSearchedLikeASubjectWord) {
  // In a keyword search of up to three words every word is the subject: "programme evaluation"
  // asks for evaluations, and the word keeps its own weight beside the report type.
  std::string q = Parsed("programme evaluation");
  EXPECT_EQ(q.find("Zevalu@2 SYNONYM"), std::string::npos) << q;
  EXPECT_NE(q.find("Zevalu@2 OR 0.75 * XCtype-report"), std::string::npos) << q;
  QueryOptions options;
  options.short_query_words = 0;
  q = Parsed("programme evaluation", options);
  EXPECT_NE(q.find("Zevalu@2 SYNONYM XCtype-report"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, WordConceptScaleZeroMergesTheWordAndItsConceptAsBefore) {
  QueryOptions options;
  options.word_concept_scale = 0;
  std::string q = Parsed("NIBIN", options);
  EXPECT_NE(q.find("nibin@1 SYNONYM XCg-nibin"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, RegularBritishAndAmericanPatternsAreSearchedAsEither) {
  // Beyond the list of stems: "tumour" and "tumor", "anaemia" and "anemia", "oedema" and
  // "edema", "paediatric" and "pediatric", "fibre" and "fiber", in either direction.
  test::WriteTextFile(dir_.path() / "corpus/b.md",
                      test::ResourceMarkdown("Tumour and anaemia care", "community-engagement",
                                             "Sample data: oedema in paediatric wards."));
  Reindex();
  for (const char* american : {"tumor", "anemia", "edema", "pediatric"}) {
    EXPECT_EQ(Matches(american), 1u) << american;
  }
  EXPECT_NE(Parsed("tumours").find("(Ztumour@1 SYNONYM Ztumor)"), std::string::npos);
  EXPECT_NE(Parsed("leukemia").find("(Zleukemia@1 SYNONYM Zleukaemia)"), std::string::npos);
  EXPECT_NE(Parsed("fiber").find("(Zfiber@1 SYNONYM Zfibr)"), std::string::npos);
  // Short stems and words outside the patterns are searched as they are.
  for (const char* word : {"hour", "less", "floor", "system", "apoe"}) {
    EXPECT_EQ(Parsed(word).find("SYNONYM"), std::string::npos) << Parsed(word);
  }
}

TEST_F(QueryBuilderTest, AHyphenatedWordAndItsJoinedSpellingFindEachOther) {
  // People write "re-entry" and "reentry", "co-responder" and "coresponder": each spelling must
  // find the resources written the other way, and "re entry" (the phrase) still matches too.
  test::WriteTextFile(dir_.path() / "corpus/b.md",
                      test::ResourceMarkdown("Re-entry support", "community-engagement",
                                             "Sample data: help after prison."));
  test::WriteTextFile(dir_.path() / "corpus/c.md",
                      test::ResourceMarkdown("Coresponder teams", "community-engagement",
                                             "Sample data: clinicians ride along."));
  Reindex();
  EXPECT_EQ(Matches("reentry"), 1u);
  EXPECT_EQ(Matches("co-responder"), 1u);
  EXPECT_EQ(Matches("\"re entry\""), 1u);
  QueryOptions off;
  off.joined_compounds = false;
  EXPECT_EQ(Matches("co-responder", off), 0u);
  // The phrase and the joined stem are one SYNONYM: a document never counts the word twice.
  const std::string q = Parsed("co-responder programs");
  EXPECT_NE(q.find("((co@1 PHRASE 2 responder@2) SYNONYM Zcorespond)"), std::string::npos) << q;
  EXPECT_NE(Parsed("IL-6").find("SYNONYM il6)"), std::string::npos) << Parsed("IL-6");
}

TEST_F(QueryBuilderTest, AHyphenatedWordsPartsFindATextThatWritesThemApartBelowTheCompound) {
  // "fast-twitch" must also find a text that writes "twitch" and "fast" apart, ranked below the
  // text that names the compound: the parts are one SYNONYM (never more than one word's weight)
  // at half the weight, beside the phrase and the joined form.
  test::WriteTextFile(dir_.path() / "corpus/b.md",
                      test::ResourceMarkdown("Fibre types", "community-engagement",
                                             "Sample data: the twitch of fibres that contract "
                                             "fast."));
  test::WriteTextFile(dir_.path() / "corpus/c.md",
                      test::ResourceMarkdown("Fast-twitch fibres", "community-engagement",
                                             "Sample data: muscle."));
  Reindex();
  EXPECT_EQ(Matches("fast-twitch"), 2u);
  Xapian::Enquire enquire(db2_);
  enquire.set_query(ParseQueryText(qp_, "fast-twitch").query);
  const Xapian::MSet ranked = enquire.get_mset(0, 10);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_NE(ranked.begin().get_document().get_data().find("Fast-twitch"), std::string::npos);
  QueryOptions off;
  off.compound_parts_scale = 0;
  EXPECT_EQ(Matches("fast-twitch", off), 1u);
  // Where every word is required (a date sort's full matches), the compound itself must be there.
  QueryOptions all;
  all.default_op = Xapian::Query::OP_AND;
  EXPECT_EQ(Matches("fast-twitch fibres", all), 1u);
  const std::string q = Parsed("fast-twitch");
  EXPECT_NE(q.find("SYNONYM Zfasttwitch) OR 0.5 * (Zfast SYNONYM Ztwitch))"), std::string::npos)
      << q;
  // A part without a letter, or a stop word, says nothing alone; a capitalised part is searched
  // as written, as the parser searches a capitalised word.
  EXPECT_NE(Parsed("IL-6").find("OR 0.5 * il)"), std::string::npos) << Parsed("IL-6");
  EXPECT_NE(Parsed("state-of-the-art").find("0.5 * (Zstate SYNONYM Zart)"), std::string::npos)
      << Parsed("state-of-the-art");
  EXPECT_NE(Parsed("ANCA-stimulated").find("0.5 * (anca SYNONYM Zstimul)"), std::string::npos)
      << Parsed("ANCA-stimulated");
}

TEST_F(QueryBuilderTest, BritishAndAmericanSpellingsAreSearchedAsEither) {
  test::WriteTextFile(dir_.path() / "corpus/b.md",
                      test::ResourceMarkdown("Neighbourhood programmes", "community-engagement",
                                             "Sample data: a licence to organise."));
  Reindex();
  EXPECT_EQ(Matches("neighborhood program"), 1u);
  EXPECT_EQ(Matches("license"), 1u);
  QueryOptions off;
  off.spelling_variants = false;
  EXPECT_EQ(Matches("neighborhood program", off), 0u);
  // Either spelling becomes one SYNONYM of both stems, whichever was typed.
  const std::string q = Parsed("programme evaluation");
  EXPECT_NE(q.find("(Zprogramm@1 SYNONYM Zprogram)"), std::string::npos) << q;
  EXPECT_NE(Parsed("center").find("(Zcenter@1 SYNONYM Zcentr)"), std::string::npos);
  // Another language's parse is left alone ("centro" is Spanish).
  Xapian::QueryParser es;
  ConfigureQueryParser(es, db2_, Xapian::Stem("spanish"), SearchLimits{});
  const Xapian::SimpleStopper spanish_stop;
  EXPECT_EQ(
      ParseQueryText(es, "programm", {}, &spanish_stop).query.get_description().find("SYNONYM"),
      std::string::npos);
}

TEST_F(QueryBuilderTest, ConceptsAndStopWordsCanBeTurnedOff) {
  QueryOptions options;
  options.concepts = false;
  options.drop_stop_words = false;
  std::string q = Parsed("impact on mental health", options);
  EXPECT_EQ(q.find("XC"), std::string::npos) << q;
  EXPECT_NE(q.find("Zon"), std::string::npos) << q;
  // The same parser with the defaults again: options never stick to the parser.
  q = Parsed("impact on mental health");
  EXPECT_EQ(q.find("Zon"), std::string::npos) << q;
  EXPECT_NE(q.find("XC"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, TheFillerOfEverydaySpeechIsNotSearchedInEnglish) {
  // "nobody", "really", "even", "stuff" and "dont" say nothing of what is asked; the words that do
  // stay.
  QueryOptions drop;
  drop.drop_filler_words = true;
  std::string q =
      Parsed("nobody really tells us anything about the shootings, even stuff i dont see", drop);
  for (const char* filler : {"Znobodi", "Zreal", "Zus", "Zanyth", "Zeven", "Zstuff", "Zdont"}) {
    EXPECT_EQ(q.find(filler), std::string::npos) << filler << " in " << q;
  }
  EXPECT_NE(q.find("Zshoot"), std::string::npos) << q;
  EXPECT_NE(q.find("Zsee"), std::string::npos) << q;
  // "lot" is also a place (the empty lot): it stays.
  EXPECT_NE(Parsed("a lot of shootings near the empty lot", drop).find("Zlot"),
            std::string::npos);
  // Off by default (the check set's advocates lost by it); another language's stop list is left
  // as it is.
  EXPECT_NE(Parsed("nobody really cares").find("Znobodi"), std::string::npos);
  Xapian::QueryParser es;
  ConfigureQueryParser(es, db_, Xapian::Stem("spanish"), SearchLimits{});
  const Xapian::SimpleStopper spanish_stop;
  EXPECT_NE(ParseQueryText(es, "nobody", {}, &spanish_stop).query.get_description().find("nobody"),
            std::string::npos);
}

TEST(QueryBuilderAcronymTest, LowercaseCopsIsNotTheCopsOffice) {
  // "COPS" (the COPS Office) is also an everyday word: the synonym table leaves it out, so
  // "cops" searches the word (police, through the lay vocabulary), never the office's concept;
  // the search adds the concept itself when the query writes COPS in capitals
  // (ConceptMatcher::CapitalsOnlyConceptsIn). Other acronyms still expand in any case.
  test::TempDir dir;
  std::string corpus = dir / "corpus";
  test::CopyTaxonomy(corpus);
  std::ofstream(corpus + "/taxonomy.yaml", std::ios::app)
      << "  - [COPS, Community Oriented Policing Services]\n";
  test::WriteTextFile(dir.path() / "corpus/a.md",
                      test::ResourceMarkdown("Hiring grants", "community-engagement",
                                             "The COPS Office and NIBIN leads."));
  Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus, dir / "db", taxonomy, {}, &report).ok());
  Xapian::Database db(dir / "db");
  EXPECT_TRUE(db.synonyms_begin("cops") == db.synonyms_end("cops"));
  EXPECT_TRUE(db.synonyms_begin("cop") == db.synonyms_end("cop"));
  Xapian::Stem stemmer("english");
  Xapian::QueryParser qp;
  ConfigureQueryParser(qp, db, stemmer, SearchLimits{});
  for (const char* text : {"cops", "COPS", "cops in our schools"}) {
    std::string q = ParseQueryText(qp, text).query.get_description();
    EXPECT_EQ(q.find("XCg-cop"), std::string::npos) << text << ": " << q;
  }
  std::string q = ParseQueryText(qp, "nibin").query.get_description();
  EXPECT_NE(q.find("XCg-nibin"), std::string::npos) << q;
  // The long name still expands.
  q = ParseQueryText(qp, "community oriented policing services").query.get_description();
  EXPECT_NE(q.find("XCg-cop"), std::string::npos) << q;
}

}  // namespace
}  // namespace ch
