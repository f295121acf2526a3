// ToolkitDrafter (toolkit_drafter.h): relevance with diversity, sections, determinism.
#include "toolkits/toolkit_drafter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "tests/toolkits/fake_directory.h"

namespace ch {
namespace {

using test::MakeSummary;

// 20 near-identical guides that all match best, and a handful of other kinds that match less.
void AddCrowdedDirectory(test::FakeDirectory& d) {
  for (int i = 0; i < 20; ++i) {
    d.Add(MakeSummary("nibin-guide-" + std::to_string(i), "NIBIN guide " + std::to_string(i),
                      "guide", {"gun-violence"}),
          {"crime-gun-intelligence"}, 10.0 - 0.1 * i);
  }
  d.Add(MakeSummary("nibin-report", "NIBIN evaluation report", "report",
                    {"gun-violence", "investigations"}),
        {"crime-gun-intelligence"}, 6);
  d.Add(MakeSummary("nibin-research", "NIBIN research brief", "research-brief",
                    {"gun-violence", "crime-analysis"}),
        {}, 5.5);
  d.Add(MakeSummary("nibin-training", "NIBIN analyst training", "training",
                    {"crime-analysis", "technology"}),
        {}, 5);
  d.Add(MakeSummary("nibin-case", "NIBIN case study", "case-study",
                    {"investigations", "federal-partnerships"}),
        {}, 4.5);
  d.Add(MakeSummary("nibin-tracker", "NIBIN lead tracker tool", "tool", {"technology"}), {}, 4);
  d.Add(MakeSummary("nibin-podcast", "NIBIN podcast", "podcast", {"federal-partnerships"}), {},
        3.5);
  d.Add(MakeSummary("nibin-policy", "NIBIN evidence policy", "policy",
                    {"gun-violence", "constitutional-policing"}),
        {}, 3);
}

std::vector<std::string> Ids(const ResolvedToolkit& t) {
  std::vector<std::string> out;
  for (const auto& item : t.items) out.push_back(item.item.resource_id);
  return out;
}

TEST(ToolkitDrafter, NoTypeOrFocusSetDominates) {
  test::FakeDirectory directory;
  AddCrowdedDirectory(directory);
  ToolkitDrafter drafter(directory);
  Result<ResolvedToolkit> draft = drafter.Draft({"nibin", {}, 10});
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  ASSERT_EQ(draft->items.size(), 10u);
  std::map<std::string, int> per_type, per_focus_set;
  for (const auto& item : draft->items) {
    per_type[item.resource.type]++;
    std::string key;
    for (const auto& f : item.resource.focus_areas) key += f + ",";
    per_focus_set[key]++;
  }
  // The stated bounds: 40% of size per type, 50% per focus-area set (rounded up).
  for (const auto& [type, n] : per_type) EXPECT_LE(n, 4) << type;
  for (const auto& [set, n] : per_focus_set) EXPECT_LE(n, 5) << set;
  EXPECT_GE(per_type.size(), 6u);
  // Relevance still leads: the best match is in, and the guides chosen are the best guides.
  const std::vector<std::string> picked = Ids(*draft);
  std::set<std::string> ids(picked.begin(), picked.end());
  EXPECT_TRUE(ids.count("nibin-guide-0"));
  EXPECT_TRUE(ids.count("nibin-report"));
  EXPECT_FALSE(ids.count("nibin-guide-19"));
  EXPECT_TRUE(ValidateToolkitContent(draft->toolkit.content, ToolkitLimits()).ok());
}

TEST(ToolkitDrafter, GroupsItemsIntoSectionsByTypeFamily) {
  test::FakeDirectory directory;
  AddCrowdedDirectory(directory);
  Result<ResolvedToolkit> draft = ToolkitDrafter(directory).Draft({"nibin", {}, 10});
  ASSERT_TRUE(draft.ok());
  const auto& sections = draft->toolkit.content.sections;
  std::vector<std::string> section_ids;
  for (const auto& s : sections) section_ids.push_back(s.id);
  EXPECT_EQ(section_ids, (std::vector<std::string>{"start-here", "evidence", "training", "tools",
                                                   "case-studies"}));
  EXPECT_EQ(sections[0].title, "Start here: guides and toolkits");
  std::map<std::string, std::string> family = {
      {"guide", "start-here"},  {"report", "evidence"},        {"research-brief", "evidence"},
      {"training", "training"}, {"podcast", "training"},       {"tool", "tools"},
      {"policy", "tools"},      {"case-study", "case-studies"}};
  size_t last_section = 0;
  for (const auto& item : draft->items) {
    EXPECT_EQ(item.item.section_id, family[item.resource.type]) << item.item.resource_id;
    size_t index = 0;
    while (section_ids[index] != item.item.section_id) ++index;
    EXPECT_GE(index, last_section) << "items are listed section by section";
    last_section = index;
    EXPECT_TRUE(item.available);
    EXPECT_TRUE(item.item.note.empty());
  }
  EXPECT_EQ(draft->items[0].item.resource_id, "nibin-guide-0");
  EXPECT_TRUE(draft->draft);
  EXPECT_EQ(draft->toolkit.version, 0);
  EXPECT_TRUE(draft->toolkit.id.empty());
  EXPECT_EQ(draft->toolkit.content.title, "Toolkit: nibin");
}

TEST(ToolkitDrafter, IsDeterministic) {
  test::FakeDirectory directory;
  AddCrowdedDirectory(directory);
  ToolkitDrafter drafter(directory);
  std::vector<std::string> first = Ids(*drafter.Draft({"nibin", {}, 12}));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Ids(*drafter.Draft({"nibin", {}, 12})), first);
}

TEST(ToolkitDrafter, AsksForFiveTimesTheSizeWithTheFocusAreas) {
  test::FakeDirectory directory;
  AddCrowdedDirectory(directory);
  ToolkitDrafter drafter(directory);
  ASSERT_TRUE(drafter.Draft({"nibin", {"technology", "crime-analysis"}, 7}).ok());
  EXPECT_EQ(directory.last_search_limit(), 35u);
  EXPECT_EQ(directory.last_search_focus_areas(),
            (std::vector<std::string>{"technology", "crime-analysis"}));
}

TEST(ToolkitDrafter, FillsFromOneTypeWhenThatIsAllThereIs) {
  test::FakeDirectory directory;
  for (int i = 0; i < 20; ++i) {
    directory.Add(MakeSummary("g" + std::to_string(i), "Guide " + std::to_string(i)), {}, 20 - i);
  }
  Result<ResolvedToolkit> draft = ToolkitDrafter(directory).Draft({"guide", {}, 10});
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(draft->items.size(), 10u);
  EXPECT_EQ(draft->toolkit.content.sections.size(), 1u);
}

TEST(ToolkitDrafter, NothingFoundGivesAnEmptyDraft) {
  test::FakeDirectory directory;
  Result<ResolvedToolkit> draft = ToolkitDrafter(directory).Draft({"zzz", {}, 10});
  ASSERT_TRUE(draft.ok());
  EXPECT_TRUE(draft->items.empty());
  EXPECT_TRUE(draft->toolkit.content.sections.empty());
}

TEST(ToolkitDrafter, TitlesComeFromTheQueryOrTheFocusAreas) {
  test::FakeDirectory directory;
  AddCrowdedDirectory(directory);
  ToolkitDrafter drafter(directory);
  EXPECT_EQ(drafter.Draft({"", {"technology"}, 3})->toolkit.content.title, "Toolkit: technology");
  EXPECT_EQ(drafter.Draft({"", {}, 3})->toolkit.content.title, "Draft toolkit");
  EXPECT_EQ(drafter.Draft({" nibin\nleads ", {}, 3})->toolkit.content.title,
            "Toolkit: nibin leads");
  std::string long_q(1000, 'q');
  Result<ResolvedToolkit> long_title = drafter.Draft({long_q, {}, 3});
  ASSERT_TRUE(long_title.ok());
  EXPECT_EQ(long_title->toolkit.content.title.size(), 200u);
}

TEST(ToolkitDrafter, ASpanishDraftIsWrittenInSpanish) {
  test::FakeDirectory directory;
  AddCrowdedDirectory(directory);
  ToolkitDrafter drafter(directory);
  Result<ResolvedToolkit> es = drafter.Draft({"nibin", {}, 10, "es"});
  ASSERT_TRUE(es.ok());
  const ToolkitContent& c = es->toolkit.content;
  EXPECT_EQ(c.language, "es") << "its exports are in Spanish too";
  EXPECT_EQ(c.title, "Kit: nibin");
  EXPECT_EQ(c.description.rfind("Un borrador de 10 recursos sobre “nibin”, elegidos en "
                                "el centro de recursos por su relevancia y su variedad (",
                                0),
            0u)
      << c.description;
  std::vector<std::string> titles;
  for (const auto& s : c.sections) titles.push_back(s.title);
  EXPECT_EQ(titles, (std::vector<std::string>{
                        "Para empezar: guías y kits", "Evidencia: informes e investigación",
                        "Capacitación y eventos", "Herramientas, plantillas y políticas",
                        "Estudios de caso"}));
  EXPECT_EQ(drafter.Draft({"", {}, 3, "es"})->toolkit.content.title, "Borrador de kit");
  // The same request without a language is the English draft; the ids do not change.
  Result<ResolvedToolkit> en = drafter.Draft({"nibin", {}, 10});
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->toolkit.content.language, "en");
  EXPECT_EQ(en->toolkit.content.sections[0].title, "Start here: guides and toolkits");
  EXPECT_EQ(Ids(*en), Ids(*es));
  EXPECT_EQ(drafter.Draft({"q", {}, 5, "fr"}).status().field(), "language");
}

TEST(ToolkitDrafter, RejectsBadRequests) {
  test::FakeDirectory directory;
  ToolkitDrafter drafter(directory);
  EXPECT_EQ(drafter.Draft({"q", {}, 0}).status().field(), "size");
  EXPECT_EQ(drafter.Draft({"q", {}, 31}).status().field(), "size");
  EXPECT_TRUE(drafter.Draft({"q", {}, 30}).ok());
  EXPECT_EQ(drafter.Draft({std::string(1001, 'q'), {}, 5}).status().field(), "q");
  EXPECT_EQ(drafter.Draft({"q", {"Gun Violence"}, 5}).status().field(), "focus_areas[0]");
  EXPECT_EQ(drafter.Draft({"q", std::vector<std::string>(9, "a"), 5}).status().field(),
            "focus_areas");
  directory.FailWith(Status::Unavailable("no index"));
  EXPECT_EQ(drafter.Draft({"q", {}, 5}).status().code(), Status::Code::kUnavailable);
}

}  // namespace
}  // namespace ch
