#include "server/services/ranking.h"

#include <utility>

namespace ch {
namespace {

constexpr std::pair<WeightingScheme, const char*> kNames[] = {
    {WeightingScheme::kBm25, "bm25"},   {WeightingScheme::kBm25Plus, "bm25+"},
    {WeightingScheme::kPl2, "pl2"},     {WeightingScheme::kPl2Plus, "pl2+"},
    {WeightingScheme::kIneB2, "ineb2"}, {WeightingScheme::kBb2, "bb2"},
    {WeightingScheme::kDlh, "dlh"},     {WeightingScheme::kDph, "dph"},
    {WeightingScheme::kInL2, "inl2"},   {WeightingScheme::kIfB2, "ifb2"},
};

}  // namespace

const char* SchemeName(WeightingScheme scheme) {
  for (const auto& [s, name] : kNames) {
    if (s == scheme) return name;
  }
  return "?";
}

bool ParseScheme(const std::string& name, WeightingScheme* scheme) {
  for (const auto& [s, n] : kNames) {
    if (name == n) {
      *scheme = s;
      return true;
    }
  }
  return false;
}

std::unique_ptr<Xapian::Weight> MakeWeight(const RankingOptions& ranking, const Bm25Parameters& p) {
  switch (ranking.scheme) {
    case WeightingScheme::kBm25:
      return std::make_unique<Xapian::BM25Weight>(p.k1, p.k2, p.k3, p.b, p.min_normlen);
    case WeightingScheme::kBm25Plus:
      return std::make_unique<Xapian::BM25PlusWeight>(p.k1, p.k2, p.k3, p.b, p.min_normlen,
                                                      p.delta);
    case WeightingScheme::kPl2:
      return std::make_unique<Xapian::PL2Weight>();
    case WeightingScheme::kPl2Plus:
      return std::make_unique<Xapian::PL2PlusWeight>();
    case WeightingScheme::kIneB2:
      return std::make_unique<Xapian::IneB2Weight>();
    case WeightingScheme::kBb2:
      return std::make_unique<Xapian::BB2Weight>();
    case WeightingScheme::kDlh:
      return std::make_unique<Xapian::DLHWeight>();
    case WeightingScheme::kDph:
      return std::make_unique<Xapian::DPHWeight>();
    case WeightingScheme::kInL2:
      return std::make_unique<Xapian::InL2Weight>();
    case WeightingScheme::kIfB2:
      return std::make_unique<Xapian::IfB2Weight>();
  }
  return std::make_unique<Xapian::BM25Weight>();
}

}  // namespace ch
