// resource_json.h: a resource's fields in JSON, written one way for every API response and export
// that shows them (search results, resource pages, related lists, toolkit items).
//
//   JsonWriter w;
//   w.StartObject(); WriteResourceFields(w, resource); w.EndObject();
//   WriteResourceSummary(w, summary);   // a whole object
//
// Empty optional strings (source, published, updated, url, duration) are written as null.
// Pure functions of their inputs; the writer is the caller's.
#pragma once

#include "base/json_writer.h"
#include "indexer/resource.h"

namespace ch {

// The resource fields shared by results and pages (not the body), inside an open object.
void WriteResourceFields(JsonWriter& w, const Resource& r);
// "evidence": null when empty, else {sample_data, ratings: [{outcome, rating, evidence_base,
// rated_by, url (null when empty), date}], emmie}: the one JSON shape of evidence.h.
void WriteEvidence(JsonWriter& w, const Evidence& e);
// A summary as a complete object.
void WriteResourceSummary(JsonWriter& w, const ResourceSummary& s);

}  // namespace ch
