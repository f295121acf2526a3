#include "server/services/curator_service.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "base/file_util.h"
#include "base/hash.h"
#include "base/slug.h"
#include "indexer/corpus.h"
#include "indexer/reference_edit.h"
#include "indexer/resource_parser.h"
#include "toolkits/featured_references.h"

namespace ch {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxDocumentBytes = 1 << 20;

// Temporary files of WriteFileAtomic that a crash left behind: ".name.tmp-PID".
void RemoveLeftoverTemporaryFiles(const std::string& corpus_dir) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(corpus_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos &&
        it->is_regular_file(ec)) {
      fs::remove(it->path(), ec);
    }
  }
}

CuratorOutcome Failed(Status status, Diagnostics problems = {}) {
  CuratorOutcome out;
  out.status = std::move(status);
  out.problems = std::move(problems);
  return out;
}

}  // namespace

bool IfMatchAccepts(const std::string& if_match, const std::string& version) {
  size_t start = 0;
  while (start < if_match.size()) {
    size_t end = if_match.find(',', start);
    if (end == std::string::npos) end = if_match.size();
    std::string tag = if_match.substr(start, end - start);
    tag.erase(0, tag.find_first_not_of(" \t"));
    tag.erase(tag.find_last_not_of(" \t") + 1);
    if (tag == "*" && !version.empty()) return true;
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
      tag = tag.substr(1, tag.size() - 2);
    if (!version.empty() && tag == version) return true;
    start = end + 1;
  }
  return false;
}

CuratorService::CuratorService(CuratorOptions options, const Taxonomy& taxonomy,
                               IndexReader& reader, std::unique_ptr<IndexWriter> writer)
    : options_(std::move(options)),
      taxonomy_(taxonomy),
      reader_(reader),
      writer_(std::move(writer)) {}

Result<std::unique_ptr<CuratorService>> CuratorService::Open(CuratorOptions options,
                                                             const Taxonomy& taxonomy,
                                                             IndexReader& reader,
                                                             IndexReport* startup) {
  std::error_code ec;
  if (!fs::is_directory(options.corpus_dir, ec)) {
    return Status::NotFound("corpus folder " + options.corpus_dir + " does not exist");
  }
  IndexOptions index_options;
  index_options.holder = options.holder;
  index_options.adopt_corpus = options.adopt_corpus;
  CH_ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> writer,
                      IndexWriter::Open(options.db_dir, taxonomy, index_options));
  CH_RETURN_IF_ERROR(writer->CheckCorpus(options.corpus_dir));
  RemoveLeftoverTemporaryFiles(options.corpus_dir);
  std::unique_ptr<CuratorService> service(
      new CuratorService(std::move(options), taxonomy, reader, std::move(writer)));
  if (startup) CH_RETURN_IF_ERROR(service->SyncWithCorpus(startup));
  return service;
}

Status CuratorService::SyncWithCorpus(IndexReport* report, const RunControl& control) {
  Status synced =
      queue_.Submit([&] { return writer_->Sync(options_.corpus_dir, report, control); }).get();
  reader_.NotifyChanged();
  if (!synced.ok() && synced.code() != Status::Code::kInvalidArgument) return synced;
  return Status::Ok();
}

std::string CuratorService::FullPath(const std::string& relative) const {
  return (fs::path(options_.corpus_dir) / relative).string();
}

void CuratorService::CheckRelated(ParsedResource& parsed) {
  // Translations are checked for existence only here; the language of the target is checked when
  // the corpus is validated or synced (corpus.h).
  for (const auto& [field, refs] : {std::pair{"related", &parsed.related_refs},
                                    std::pair{"translations", &parsed.translation_refs}}) {
    for (const auto& ref : *refs) {
      if (ref.id == parsed.resource.id) continue;
      Result<bool> exists = writer_->Contains(ref.id);
      if (exists.ok() && !*exists) {
        parsed.diagnostics.push_back(Diagnostic{parsed.path,
                                                ref.line,
                                                ref.column,
                                                Severity::kError,
                                                field,
                                                "no resource has the id '" + ref.id + "'",
                                                {}});
      }
    }
  }
}

CuratorService::Validation CuratorService::Validate(const std::string& markdown) {
  return queue_
      .Submit([&] {
        ParsedResource parsed =
            ParseSubmittedResource(markdown, options_.resources_folder, taxonomy_);
        CheckRelated(parsed);
        return Validation{std::move(parsed.diagnostics), std::move(parsed.resource.body_html)};
      })
      .get();
}

CuratorOutcome CuratorService::Create(const std::string& markdown) {
  return queue_.Submit([&] { return Write("", markdown, "", /*create_only=*/true); }).get();
}

CuratorOutcome CuratorService::Replace(const std::string& id, const std::string& markdown,
                                       const std::string& if_match) {
  return queue_.Submit([&] { return Write(id, markdown, if_match, /*create_only=*/false); }).get();
}

CuratorOutcome CuratorService::Delete(const std::string& id, const std::string& if_match,
                                      bool force) {
  return queue_.Submit([&] { return Remove(id, if_match, force); }).get();
}

Result<ResourceSource> CuratorService::Source(const std::string& id) {
  return queue_
      .Submit([&]() -> Result<ResourceSource> {
        CH_ASSIGN_OR_RETURN(StoredEntry entry, writer_->Find(id));
        CH_ASSIGN_OR_RETURN(std::string bytes,
                            ReadFile(FullPath(entry.source_path), kMaxDocumentBytes));
        std::string version = Sha256Hex(bytes);
        return ResourceSource{std::move(bytes), std::move(version)};
      })
      .get();
}

CuratorOutcome CuratorService::Write(const std::string& url_id, const std::string& markdown,
                                     const std::string& if_match, bool create_only) {
  // Where the file goes: an existing resource keeps its file; a new one goes into the folder.
  Result<StoredEntry> existing = Status::NotFound("");
  if (!url_id.empty()) existing = writer_->Find(url_id);
  if (!existing.ok() && existing.status().code() != Status::Code::kNotFound) {
    return Failed(existing.status());
  }
  ParsedResource parsed = ParseSubmittedResource(markdown, options_.resources_folder, taxonomy_);
  if (!url_id.empty() && parsed.ok()) {
    if (parsed.id_from_front_matter && parsed.resource.id != url_id) {
      parsed.diagnostics.push_back(Diagnostic{
          "body",
          parsed.id_line,
          parsed.id_column,
          Severity::kError,
          "id",
          "the document's id '" + parsed.resource.id + "' differs from the URL's '" + url_id + "'",
          {}});
    }
    parsed.resource.id = url_id;
    parsed.resource.source_path =
        existing.ok() ? existing->source_path : options_.resources_folder + "/" + url_id + ".md";
    // Without an `id` field the id comes from the file name: it must still say url_id, or the
    // next sync would see another resource.
    if (!parsed.id_from_front_matter &&
        SlugFromFileName(fs::path(parsed.resource.source_path).filename().string()) != url_id) {
      parsed.diagnostics.push_back(
          Diagnostic{"body",
                     1,
                     1,
                     Severity::kError,
                     "id",
                     "this resource is stored as " + parsed.resource.source_path +
                         ", so its front matter must keep 'id: " + url_id + "'",
                     {}});
    }
  }
  CheckRelated(parsed);
  if (!parsed.ok()) {
    return Failed(Status::InvalidArgument("the document has problems; nothing was changed"),
                  parsed.diagnostics);
  }
  Resource& r = parsed.resource;
  if (create_only) {
    Result<StoredEntry> clash = writer_->Find(r.id);
    if (clash.ok()) {
      return Failed(Status::AlreadyExists("a resource with id '" + r.id +
                                          "' already exists; change it with PUT")
                        .WithField("id"));
    }
  }
  // The version is the stored file's hash: read the file itself, the source of truth.
  std::string current_version;
  if (existing.ok()) {
    Result<std::string> current = ReadFile(FullPath(existing->source_path), kMaxDocumentBytes);
    if (current.ok()) current_version = Sha256Hex(*current);
  }
  if (!if_match.empty() && !IfMatchAccepts(if_match, current_version)) {
    return Failed(Status::FailedPrecondition(
        current_version.empty() ? "the resource does not exist, so If-Match cannot match"
                                : "the resource has changed since you read it (version " +
                                      current_version + "); fetch it again and redo your change"));
  }
  const std::string path = FullPath(r.source_path);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  Status written = WriteFileAtomic(path, markdown);
  if (!written.ok()) return Failed(written);
  Status indexed = writer_->Put(r);
  if (indexed.ok()) {
    auto gate = reader_.GateForCommit();
    indexed = writer_->Commit();
  }
  if (!indexed.ok()) return Failed(indexed);  // the next start's sync indexes the file
  reader_.NotifyChanged();
  CuratorOutcome out;
  out.id = r.id;
  out.version = r.content_hash;
  out.created = !existing.ok();
  return out;
}

Result<CuratorService::ReferrerPlan> CuratorService::PlanReferrers(const std::string& id,
                                                                   bool plan) {
  ReferrerPlan out;
  CH_ASSIGN_OR_RETURN(std::vector<Resource> related, writer_->ResourcesRelatedTo(id));
  for (const Resource& r : related) {
    if (r.id == id) continue;
    out.referrers.push_back(Referrer{Referrer::Kind::kResource, r.id, r.title, ""});
    if (!plan) continue;
    const std::string path = FullPath(r.source_path);
    CH_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path, kMaxDocumentBytes));
    ParsedResource parsed = ParseResource(bytes, path, r.source_path, taxonomy_);
    Result<std::string> edited = RemoveRelatedId(bytes, parsed.related_refs, id);
    ParsedResource after =
        ParseResource(edited.ok() ? *edited : bytes, path, r.source_path, taxonomy_);
    if (!edited.ok() || !after.ok() ||
        std::find(after.resource.related.begin(), after.resource.related.end(), id) !=
            after.resource.related.end()) {
      return Status::FailedPrecondition("resource " + r.source_path +
                                        " cannot be rewritten without '" + id +
                                        "' in its related list; edit it by hand, then delete");
    }
    out.resource_texts.push_back(std::move(edited).value());
  }
  const std::string featured_dir = FullPath("toolkits");
  CH_ASSIGN_OR_RETURN(std::vector<FeaturedReference> featured,
                      FindFeaturedReferences(featured_dir, id));
  std::unordered_set<std::string> remaining;
  if (plan && !featured.empty()) {
    CH_ASSIGN_OR_RETURN(auto entries, writer_->Entries());
    for (const auto& [other, entry] : entries) {
      if (other != id) remaining.insert(other);
    }
  }
  for (FeaturedReference& ref : featured) {
    out.referrers.push_back(
        Referrer{Referrer::Kind::kFeaturedToolkit, ref.toolkit_id, ref.title, ""});
    if (!plan) continue;
    CH_RETURN_IF_ERROR(RewriteWithoutResource(ref, id, remaining));
    out.featured_files.emplace_back(ref.path, std::move(ref.rewritten));
  }
  return out;
}

Status CuratorService::ApplyPlan(ReferrerPlan& plan) {
  size_t next_text = 0;
  for (Referrer& referrer : plan.referrers) {
    if (referrer.kind != Referrer::Kind::kResource) continue;
    CuratorOutcome rewritten =
        Write(referrer.id, plan.resource_texts[next_text++], "", /*create_only=*/false);
    if (!rewritten.status.ok()) {
      return Status(rewritten.status.code(),
                    "rewriting " + referrer.id + ": " + rewritten.status.message());
    }
    referrer.version = rewritten.version;
  }
  for (const auto& [path, text] : plan.featured_files) {
    CH_RETURN_IF_ERROR(WriteFileAtomic(path, text));
  }
  return Status::Ok();
}

CuratorOutcome CuratorService::Remove(const std::string& id, const std::string& if_match,
                                      bool force) {
  Result<StoredEntry> existing = writer_->Find(id);
  if (!existing.ok()) return Failed(existing.status());
  const std::string path = FullPath(existing->source_path);
  Result<std::string> current = ReadFile(path, kMaxDocumentBytes);
  std::string version = current.ok() ? Sha256Hex(*current) : "";
  if (!if_match.empty() && !IfMatchAccepts(if_match, version)) {
    return Failed(
        Status::FailedPrecondition("the resource has changed since you read it (version " +
                                   version + "); fetch it again before deleting"));
  }
  Result<ReferrerPlan> plan = PlanReferrers(id, force);
  if (!plan.ok()) return Failed(plan.status());
  if (!plan->referrers.empty() && !force) {
    CuratorOutcome refused = Failed(Status::AlreadyExists(
        "resource '" + id + "' is referred to by " + std::to_string(plan->referrers.size()) +
        " other resource(s) or featured toolkit(s) (listed in referrers); remove those "
        "references first, or repeat the delete with ?force=true to remove them automatically"));
    refused.referrers = std::move(plan->referrers);
    return refused;
  }
  if (Status applied = ApplyPlan(*plan); !applied.ok()) return Failed(applied);
  if (current.ok() && ::unlink(path.c_str()) != 0) {
    return Failed(Status::IOError("cannot remove " + path));
  }
  Status synced = SyncDirectory(fs::path(path).parent_path().string());
  if (!synced.ok()) return Failed(synced);
  Status removed = writer_->Remove(id);
  if (removed.ok()) {
    auto gate = reader_.GateForCommit();
    removed = writer_->Commit();
  }
  if (!removed.ok()) return Failed(removed);
  reader_.NotifyChanged();
  CuratorOutcome out;
  out.id = id;
  out.referrers = std::move(plan->referrers);
  return out;
}

}  // namespace ch
