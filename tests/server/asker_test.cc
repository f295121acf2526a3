// Who asks a question (server/services/asker.h), on probe questions written for this test from how
// residents, victims, families and professionals speak (not the development set's questions):
// each kind is read as itself, and a question with cues of two kinds, or a professional's, or none
// is read as unknown.
#include "server/services/asker.h"

#include <gtest/gtest.h>

#include <string>

namespace ch {
namespace {

struct Probe {
  const char* question;
  Asker expected;
};

// Each probe is read as expected by `who`; a failure names the cues that matched.
void ExpectAll(const AskerClassifier& who, std::initializer_list<Probe> probes) {
  for (const Probe& p : probes) {
    const AskerReading r = who.Read(p.question);
    std::string cues;
    for (const auto& c : r.cues) cues += "[" + c + "] ";
    EXPECT_EQ(AskerName(r.asker), std::string(AskerName(p.expected)))
        << p.question << "\n  cues: " << cues;
  }
}

class AskerTest : public ::testing::Test {
 protected:
  void ExpectAll(std::initializer_list<Probe> probes) { ch::ExpectAll(who_, probes); }
  AskerClassifier who_;
};

TEST_F(AskerTest, AVictimOrFamilyMemberSpeaksAboutAPersonHarmed) {
  ExpectAll({
      {"My nephew was stabbed outside a party on Saturday and the police haven't called",
       Asker::kVictim},
      {"I got robbed at gunpoint walking home from work, do I have to go to court", Asker::kVictim},
      {"somebody broke into my car and then threatened me when I yelled", Asker::kVictim},
      {"they murdered my grandson two years ago and nobody was ever charged", Asker::kVictim},
      {"my husband choked me last night, can I get a protective order", Asker::kVictim},
      {"My ex keeps showing up at work even though there is an order", Asker::kVictim},
      {"I was raped in college and never reported it, is it too late", Asker::kVictim},
      {"who pays for my father's funeral after he was killed in a carjacking", Asker::kVictim},
      {"im being harassed online by the guy who attacked my sister", Asker::kVictim},
      {"I witnessed a robbery at the gas station, will they make me testify", Asker::kVictim},
      {"my attacker gets out of prison soon, will anyone tell me", Asker::kVictim},
      {"I'm a survivor of trafficking and need a lawyer", Asker::kVictim},
      // A patient's hospital is not a professional's own institution.
      {"I was beaten up and the nurse in my hospital room called the police", Asker::kVictim},
  });
}

TEST_F(AskerTest, AResidentSpeaksAboutAPlace) {
  ExpectAll({
      {"there are fights every weekend in the park on our side of town", Asker::kResident},
      {"cars speeding down the street and kids playing, who do we call", Asker::kResident},
      {"how can we get more lights in the alley behind our apartment complex", Asker::kResident},
      {"guys selling weed on the corner by the bus stop every afternoon", Asker::kResident},
      {"Is there a program to keep our teens busy in the summer", Asker::kResident},
      {"the neighbors think a house near my home is a stash house", Asker::kResident},
      {"what are police doing about the break ins around here", Asker::kResident},
      {"we want to start a neighborhood watch, where do we begin", Asker::kResident},
      {"is crime going up in this area or does it just feel that way", Asker::kResident},
  });
}

TEST_F(AskerTest, AProfessionalsOwnWorkLeavesTheQuestionUnread) {
  // Each also has a cue of a place or of a person harmed, which the professional's cue overrides.
  ExpectAll({
      {"our officers keep getting complaints from the neighbors, what training helps",
       Asker::kUnknown},
      {"a client's ex threatened me in the parking lot, what can my office do", Asker::kUnknown},
      {"I work at a shelter and a resident's ex threatened me", Asker::kUnknown},
      {"as a teacher, what do I do when a student says he was jumped on our block",
       Asker::kUnknown},
      {"I was threatened by a patient's boyfriend, how does our clinic report it", Asker::kUnknown},
  });
}

TEST_F(AskerTest, CuesOfBothKindsOrNoneAreUnknown) {
  ExpectAll({
      // A person harmed on one's own street: victim and resident at once.
      {"my cousin got shot on our block last summer", Asker::kUnknown},
      // No cue at all: a question anybody could ask.
      {"what is a violence interrupter and do they work", Asker::kUnknown},
      {"how long do police keep body camera video", Asker::kUnknown},
      // "around the corner" is an idiom (soon, or nearby anywhere), not a place one lives.
      {"does crime just move around the corner when police crack down", Asker::kUnknown},
      // Family without a harm done to them.
      {"my daughter wants to be a police officer, what should she study", Asker::kUnknown},
      // "I think the shooting..." names an event, not a harm done to the asker.
      {"I think the shootings downtown are gang related", Asker::kUnknown},
  });
}

TEST(AskerSpanishTest, SpanishQuestionsAreReadWithSpanishCues) {
  const AskerClassifier who("es");
  ASSERT_EQ(std::string(who.language().code), "es");
  ExpectAll(who,
            {
                {"mataron a mi sobrino en una fiesta y la policía no nos llama", Asker::kVictim},
                {"mi exnovio me sigue amenazando por mensajes", Asker::kVictim},
                {"fui atacada saliendo del trabajo, tengo que ir a la corte", Asker::kVictim},
                {"¿quién paga el funeral de mi tío?", Asker::kVictim},
                {"venden drogas en la esquina de nuestra cuadra todos los días", Asker::kResident},
                {"los vecinos tienen miedo de salir de noche", Asker::kResident},
                {"como defensora, ¿qué hago si amenazan a mis clientes?", Asker::kUnknown},
                // A person harmed and a place: unknown.
                {"mi primo recibió un disparo en nuestro barrio", Asker::kUnknown},
                {"¿qué es un programa de intervención de violencia?", Asker::kUnknown},
            });
  // The English cues do not read Spanish, nor the Spanish ones English.
  EXPECT_EQ(AskerClassifier("en").Read("mataron a mi sobrino").asker, Asker::kUnknown);
  EXPECT_EQ(who.Read("they killed my nephew").asker, Asker::kUnknown);
}

TEST_F(AskerTest, TheReadingNamesTheCuesThatDecidedIt) {
  const AskerReading r = who_.Read("they killed my cousin");
  EXPECT_EQ(r.asker, Asker::kVictim);
  EXPECT_EQ(r.person, 1u);
  EXPECT_EQ(r.place, 0u);
  ASSERT_EQ(r.cues.size(), 1u);
  EXPECT_EQ(r.cues[0], "@harm ~1 my/our ~1 @kin");
}

TEST_F(AskerTest, AGapAllowsNoMoreWordsThanItSays) {
  // "my/our ~1 @kin ~3 @harmed": three words between the brother and the harm, then four.
  EXPECT_EQ(who_.Read("my brother was very badly hurt").asker, Asker::kVictim);
  EXPECT_EQ(who_.Read("my brother says he was nearly hurt").asker, Asker::kUnknown);
}

}  // namespace
}  // namespace ch
