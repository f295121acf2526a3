#include "indexer/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace ch {
namespace {

constexpr const char* kExtensions[] = {"table", "autolink", "strikethrough", "tagfilter"};

void EnsureExtensionsRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

bool IsBlock(cmark_node_type type) {
  return (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

// Collects the visible words of the document: text, code and code blocks, with a newline after
// each block and a space for soft and hard breaks, so that words of adjacent blocks never merge.
std::string PlainText(cmark_node* root) {
  std::string out;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(node);
    if (event == CMARK_EVENT_ENTER) {
      switch (type) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_CODE_BLOCK:
          if (const char* literal = cmark_node_get_literal(node)) out += literal;
          if (type == CMARK_NODE_CODE_BLOCK) out += '\n';
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          out += ' ';
          break;
        default:
          break;
      }
    } else if (event == CMARK_EVENT_EXIT && IsBlock(type)) {
      if (!out.empty() && out.back() != '\n') out += '\n';
    } else if (event == CMARK_EVENT_EXIT) {
      // Table cells are inline containers in cmark-gfm: keep their words apart.
      const char* name = cmark_node_get_type_string(node);
      if (name && std::string_view(name) == "table_cell") out += ' ';
    }
  }
  cmark_iter_free(iter);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

RenderedMarkdown RenderMarkdown(std::string_view markdown) {
  EnsureExtensionsRegistered();
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> root(cmark_parser_finish(parser.get()));

  RenderedMarkdown out;
  char* html =
      cmark_render_html(root.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  out.html = html;
  std::free(html);
  out.text = PlainText(root.get());
  return out;
}

}  // namespace ch
