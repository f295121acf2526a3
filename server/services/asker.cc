#include "server/services/asker.h"

#include <algorithm>
#include <span>
#include <utility>

#include <xapian.h>

#include "indexer/taxonomy.h"

namespace ch {
namespace {

// Word classes the cues name as "@class". Each word is compared by its English stem, so one form
// stands for its plurals and tenses ("sons", "threatened", "threatening").
using WordClass = std::pair<std::string_view, std::string_view>;

// English.
const WordClass kEnglishClasses[] = {
    // A person one speaks of as one's own: family, partners, friends.
    {"kin",
     "son daughter brother sister mother mom mum father dad cousin nephew niece uncle aunt "
     "grandson granddaughter grandmother grandfather grandma grandpa stepson stepdaughter child "
     "kid baby husband wife boyfriend girlfriend fiance fiancee friend family"},
    // What was done to a person, said of them ("was shot", "got jumped"), and the loss itself.
    {"harmed",
     "shot stabbed killed murdered raped assaulted attacked robbed beaten jumped hit hurt "
     "threatened abused trafficked stalked harassed choked strangled kidnapped molested injured "
     "wounded carjacked mugged groped harmed targeted blackmailed extorted groomed drugged"},
    {"loss",
     "murder killing killer death funeral shooting stabbing rape assault died dead missing"},
    // What someone does to a person ("threatened me", "killed my cousin").
    {"harm",
     "kill murder shoot shot stab rape assault attack rob beat hit hurt threaten abuse trafficked "
     "stalk "
     "harass choke strangle kidnap molest injure wound jump grab touch punch kick slap push "
     "blackmail extort groom drug follow text message chase intimidate bully pressure"},
    // Who harmed one, named as one's own ("my ex", "my attacker").
    {"offender",
     "ex exboyfriend exhusband exwife exgirlfriend abuser attacker rapist stalker trafficker "
     "batterer assailant shooter killer murderer pimp perpetrator perp"},
    // A harm named as one's own ("my rape kit", "my assault").
    {"own_harm", "rape assault attack shooting stabbing abuse robbery beating injuries"},
    // What a witness saw.
    {"event", "shooting stabbing murder killing fight crime robbery attack assault happen shot"},
    // Coming for someone ("they will come after me").
    {"pursue", "come came go went hunt"},
    // Places one lives in, speaking of them as one's own ("our block", "my street").
    {"place",
     "neighborhood neighbourhood block street corner community area town park playground "
     "building complex apartment road avenue alley hood district ward village estate parish "
     "subdivision sidewalk"},
    {"home", "house home address apartment place yard"},
    {"direction", "down up across"},
    {"way", "street block road"},
    // People who live near one.
    {"neighbor", "neighbor neighbour neighbors neighbours tenants homeowners landlord"},
    // The young of a community, spoken of together ("our kids").
    {"young", "kids children youth teens teenagers"},
    // One's own organisation or the people one works with or for ("our officers", "my clients").
    {"org",
     "officer department dept agency unit detective deputy analyst prosecutor office staff "
     "client caseload program organization organisation team jurisdiction investigator grant "
     "grantee coalition sergeant patrol worker advocate trainee student patient squad precinct "
     "partner"},
    // An institution one works in, said as "our" ("our trauma center"; "my hospital room" is a
    // patient's).
    {"institution", "center centre hospital clinic shelter"},
    // A profession named as one's own ("as an advocate", "I'm a teacher").
    {"role",
     "advocate officer detective sergeant chief analyst prosecutor teacher counselor counsellor "
     "nurse doctor therapist caseworker principal researcher lieutenant captain commander "
     "director coordinator manager supervisor trainer investigator clinician"},
};

// A victim, witness or family member speaks about a person harmed.
const char* const kEnglishPerson[] = {
    "my/our ~1 @kin ~3 @harmed",  // my brother was shot, my little sister got jumped
    "my/our ~1 @kin ~3 @loss",    // my son's funeral, my daughter's murder
    "@harm ~1 my/our ~1 @kin",    // they killed my cousin, threatening my family
    "@harm ~2 me",                // he threatened me, keeps texting me, said he'd kill me
    "@pursue after me",           // they will come after me
    "my @offender",               // my ex, my attacker
    "my @own_harm",               // my rape kit, my assault case
    "i/im ~2 @harmed",            // I was shot, I got jumped, I'm being stalked
    "i/im ~2 victim/survivor",    // I was the victim, I'm a survivor
    "as a victim/survivor",
    "i witnessed",
    "i saw ~3 @event",  // I saw the shooting, I saw it happen
};

// A resident speaks about a place, and for its people.
const char* const kEnglishPlace[] = {
    "my/our/this ~1 @place",  // our neighborhood, my street, this block, our little park
    "on/at the corner",       // (not "around the corner": soon, or nearby anywhere)
    "around here",            //
    "side/part of town",      // our side of town
    "near/by my/our @home",   // near my house, by our apartment
    "@direction the @way",    // down the street, across the road
    "next door",              //
    "@neighbor",              // the neighbors, our landlord
    "block club",             //
    "neighborhood/neighbourhood watch",
    "our @young",  // our kids, our teens
};

// A professional speaks about their own work: the question is not a resident's or a victim's.
const char* const kEnglishProfessional[] = {
    "my/our ~1 @org",       // our officers, my clients, our outreach workers
    "our ~1 @institution",  // our trauma center
    "i/we work/volunteer ~2 with/at/for",
    "we serve",
    "i/we supervise/manage/train/run",
    "as a/an @role",
    "i/im ~1 a/an @role",  // I'm a teacher, I am an advocate
};

// Spanish: the same kinds of cue as people say them in Spanish (compared by Spanish stem, after
// folding accents: "asesinó" is "asesino"). Spanish puts a pronoun object before the verb ("me
// amenazó") and names a person harmed after "a" ("mataron a mi primo").
const WordClass kSpanishClasses[] = {
    {"kin",
     "hijo hija hijos hermano hermana madre mama padre papa primo prima sobrino sobrina tio tia "
     "nieto nieta abuelo abuela esposo esposa marido novio novia pareja amigo amiga familia nino "
     "nina bebe"},
    {"harmed",
     "asesinado asesinada matado matada baleado baleada herido herida violado violada atacado "
     "atacada golpeado golpeada robado robada asaltado asaltada amenazado amenazada secuestrado "
     "secuestrada apunalado apunalada abusado abusada acosado acosada muerto muerta murio "
     "desaparecido desaparecida disparado disparo balazo"},
    {"loss", "asesinato homicidio muerte funeral entierro tiroteo violacion asesino"},
    {"harm",
     "mato mataron asesino asesinaron disparo dispararon balearon golpeo golpearon pego "
     "pegaron violo amenazo amenazaron amenaza robo robaron ataco atacaron acosa acoso sigue "
     "persigue secuestro hirio hirieron apunalo abuso"},
    {"offender",
     "ex expareja exnovio exnovia exesposo exesposa agresor agresora abusador violador acosador "
     "asesino tratante"},
    {"event", "tiroteo balacera asesinato pelea crimen robo ataque disparos paso"},
    {"place",
     "barrio colonia vecindario cuadra calle esquina comunidad zona area parque edificio pueblo "
     "manzana"},
    {"home", "casa hogar apartamento departamento domicilio"},
    {"neighbor", "vecinos vecinas vecino vecina inquilinos"},
    {"young", "jovenes ninos muchachos chicos adolescentes hijos"},
    {"org",
     "agentes oficiales departamento agencia unidad detectives analistas fiscales oficina "
     "personal clientes clienta cliente programa organizacion equipo clinica hospital centro "
     "refugio"},
    {"role",
     "defensora defensor oficial agente detective fiscal maestra maestro consejera consejero "
     "trabajadora trabajador enfermera enfermero terapeuta analista investigador investigadora "
     "directora director coordinadora coordinador"},
};

const char* const kSpanishPerson[] = {
    "mi/mis/nuestro/nuestra ~1 @kin ~3 @harmed",  // mi hijo fue asesinado
    "@loss de mi/mis/nuestro/nuestra ~1 @kin",    // el asesinato de mi hija, el funeral de mi tío
    "@harm ~1 mi/mis/nuestro/nuestra ~1 @kin",    // mataron a mi primo
    "me ~1 @harm",                                // me amenazó, me sigue amenazando
    "mi @offender",                               // mi ex, mi agresor
    "fui/estoy ~1 @harmed",                       // fui atacada, estoy amenazado
    "he sido ~1 @harmed",                         // he sido amenazada
    "soy ~1 victima/sobreviviente",               // soy víctima, soy una sobreviviente
    "fui testigo",                                //
    "vi ~3 @event",                               // vi el tiroteo, vi lo que pasó
};

const char* const kSpanishPlace[] = {
    "mi/nuestro/nuestra/este/esta ~1 @place",  // nuestro barrio, mi calle, esta cuadra
    "en la esquina",                           //
    "por aqui",                                //
    "cerca ~1 mi/nuestra/nuestro @home",       // cerca de mi casa
    "@neighbor",                               // los vecinos
    "nuestros/nuestras @young",                // nuestros jóvenes
};

const char* const kSpanishProfessional[] = {
    "mi/mis/nuestro/nuestra/nuestros/nuestras ~1 @org",  // nuestros agentes, mis clientes
    "trabajo ~1 con/en/para",                            // trabajo con víctimas
    "como ~1 @role",                                     // como defensora
    "soy ~1 @role",                                      // soy maestra
};

// The cue lists of each language that has them; a language without is read as unknown.
struct CueTable {
  std::string_view language;
  std::span<const WordClass> classes;
  std::span<const char*const> person, place, professional;
};
const CueTable kTables[] = {
    {"en", kEnglishClasses, kEnglishPerson, kEnglishPlace, kEnglishProfessional},
    {"es", kSpanishClasses, kSpanishPerson, kSpanishPlace, kSpanishProfessional},
};

std::vector<std::string> Stems(std::string_view words, const Xapian::Stem& stemmer) {
  std::vector<std::string> out;
  for (const std::string& w : LayPhraseWords(words)) out.push_back(stemmer(w));
  return out;
}

// "my/our ~1 @kin" -> slots; "@class" names an entry of `classes` (an unknown name is a programming
// error: the class is empty, and the tests of each cue fail).
AskerClassifier::Pattern Compile(std::string_view text, std::span<const WordClass> classes,
                                 const Xapian::Stem& stemmer) {
  AskerClassifier::Pattern pattern{std::string(text), {}};
  size_t gap = 0;
  for (size_t i = 0; i < text.size();) {
    size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view token = text.substr(i, end - i);
    i = end + 1;
    if (token.empty()) continue;
    if (token[0] == '~') {
      gap = static_cast<size_t>(std::stoul(std::string(token.substr(1))));
      continue;
    }
    AskerClassifier::Pattern::Slot slot;
    slot.gap = gap;
    gap = 0;
    if (token[0] == '@') {
      for (const auto& [name, words] : classes) {
        if (name == token.substr(1)) slot.stems = Stems(words, stemmer);
      }
    } else {
      std::string alternatives(token);
      std::replace(alternatives.begin(), alternatives.end(), '/', ' ');
      slot.stems = Stems(alternatives, stemmer);
    }
    pattern.slots.push_back(std::move(slot));
  }
  return pattern;
}

// Whether `pattern`'s slots from `slot` on match `stems`, the first of them at `at` (the pattern's
// first slot) or within its gap after `at` (the others).
bool MatchesFrom(const AskerClassifier::Pattern& pattern, const std::vector<std::string>& stems,
                 size_t slot, size_t at) {
  if (slot == pattern.slots.size()) return true;
  const auto& s = pattern.slots[slot];
  const size_t last = slot == 0 ? at : at + s.gap;
  for (size_t i = at; i < stems.size() && i <= last; ++i) {
    if (std::find(s.stems.begin(), s.stems.end(), stems[i]) != s.stems.end() &&
        MatchesFrom(pattern, stems, slot + 1, i + 1)) {
      return true;
    }
    if (slot == 0) break;
  }
  return false;
}

bool Matches(const AskerClassifier::Pattern& pattern, const std::vector<std::string>& stems) {
  for (size_t start = 0; start < stems.size(); ++start) {
    if (MatchesFrom(pattern, stems, 0, start)) return true;
  }
  return false;
}

// How many of `patterns` match; their texts are appended to `cues`.
size_t Count(const std::vector<AskerClassifier::Pattern>& patterns,
             const std::vector<std::string>& stems, std::vector<std::string>* cues) {
  size_t n = 0;
  for (const auto& p : patterns) {
    if (!Matches(p, stems)) continue;
    ++n;
    cues->push_back(p.text);
  }
  return n;
}

}  // namespace

const char* AskerName(Asker asker) {
  switch (asker) {
    case Asker::kResident:
      return "resident";
    case Asker::kVictim:
      return "victim";
    case Asker::kUnknown:
      break;
  }
  return "unknown";
}

AskerClassifier::AskerClassifier(std::string_view language) : spec_(&LanguageFor(language)) {
  const Xapian::Stem stemmer = MakeStemmer(*spec_);
  for (const CueTable& table : kTables) {
    if (table.language != spec_->code) continue;
    for (const char* cue : table.person) person_.push_back(Compile(cue, table.classes, stemmer));
    for (const char* cue : table.place) place_.push_back(Compile(cue, table.classes, stemmer));
    for (const char* cue : table.professional) {
      professional_.push_back(Compile(cue, table.classes, stemmer));
    }
  }
}

AskerReading AskerClassifier::Read(std::string_view question) const {
  const std::vector<std::string> stems = Stems(question, MakeStemmer(*spec_));
  AskerReading reading;
  reading.person = Count(person_, stems, &reading.cues);
  reading.place = Count(place_, stems, &reading.cues);
  reading.professional = Count(professional_, stems, &reading.cues);
  if (reading.professional > 0) return reading;
  if (reading.person > 0 && reading.place == 0) reading.asker = Asker::kVictim;
  if (reading.place > 0 && reading.person == 0) reading.asker = Asker::kResident;
  return reading;
}

}  // namespace ch
