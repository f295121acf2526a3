// The catalogue of end-user error messages (server/http/error_messages.h): a known English
// message becomes its Spanish template with its parts copied; anything else stays English; the
// JSON body keeps its code and param.
#include "server/http/error_messages.h"

#include <gtest/gtest.h>

#include "base/json_writer.h"

namespace ch {
namespace {

TEST(ErrorMessagesTest, TranslatesAKnownMessageKeepingItsParts) {
  EXPECT_EQ(LocaliseErrorMessage("invalid_parameter", "at most 20 values per filter", "es"),
            "como máximo 20 valores por filtro");
  EXPECT_EQ(LocaliseErrorMessage("not_found", "no resource with id 'abc-1'", "es"),
            "no hay ningún recurso con el id 'abc-1'");
  EXPECT_EQ(LocaliseErrorMessage("invalid_parameter", "unknown value 'x'; allowed: a, b", "es"),
            "valor desconocido 'x'; valores permitidos: a, b");
  EXPECT_EQ(LocaliseErrorMessage("rate_limited",
                                 "too many writes from this address; try again in 7 seconds", "es"),
            "demasiados envíos desde esta dirección; vuelva a intentarlo en 7 segundos");
  EXPECT_EQ(LocaliseErrorMessage("invalid_parameter", "per_page must be between 1 and 100", "es"),
            "per_page debe estar entre 1 y 100");
}

TEST(ErrorMessagesTest, LeavesEnglishUnknownMessagesAndOtherCodesAlone) {
  EXPECT_FALSE(LocaliseErrorMessage("internal", "the server could not complete the request", "es"));
  EXPECT_FALSE(LocaliseErrorMessage("invalid_parameter", "something new went wrong", "es"));
  // The same words under another code are another message.
  EXPECT_FALSE(LocaliseErrorMessage("not_found", "at most 20 values per filter", "es"));
  EXPECT_FALSE(LocaliseErrorMessage("invalid_parameter", "at most 20 values per filter", "en"));
  EXPECT_FALSE(LocaliseErrorMessage("invalid_parameter", "at most 20 values per filter", "fr"));
  // A template's fixed words must all be there: a longer message is not the same message.
  EXPECT_FALSE(LocaliseErrorMessage("invalid_parameter", "page must be 1 or more, or else", "es"));
  EXPECT_FALSE(LocaliseErrorMessage("not_found", "no resource with id ''", "es"))
      << "a {} part is never empty";
}

TEST(ErrorMessagesTest, EveryLanguageHasTheWholeCatalogue) {
  EXPECT_GT(ErrorCatalogueSize("es"), 20u);
  EXPECT_EQ(ErrorCatalogueSize("fr"), 0u);
}

TEST(ErrorMessagesTest, RewritesOnlyTheMessageOfAJsonErrorBody) {
  std::string body =
      R"({"error":{"code":"invalid_parameter","message":"at most 20 values per filter",)"
      R"("param":"topic"}})";
  EXPECT_EQ(LocaliseErrorBody(body, "es"), "es");
  EXPECT_EQ(body, R"({"error":{"code":"invalid_parameter","message":"como máximo 20 valores por )"
                  R"(filtro","param":"topic"}})");
  std::string untranslated = R"({"error":{"code":"internal","message":"logged"}})";
  const std::string before = untranslated;
  EXPECT_EQ(LocaliseErrorBody(untranslated, "es"), "en");
  EXPECT_EQ(untranslated, before);
  std::string not_json = "plain text";
  EXPECT_EQ(LocaliseErrorBody(not_json, "es"), "en");
  EXPECT_EQ(not_json, "plain text");
}

}  // namespace
}  // namespace ch
