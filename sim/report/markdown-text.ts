// User-supplied text (scenario names, descriptions, run notes) made inert in Markdown: it reads
// as the same words and can neither open HTML, links, images or code spans nor break a table row
// or start a heading or list.
// Rule: & < > become HTML entities; \ ` [ ] become backslash escapes; line breaks become one
// space; a leading '#', '-', '+', '*' or '=' is backslash-escaped; '|' is escaped too unless the
// caller's table formatter does it (formatMarkdownTable escapes '|' itself: pass { pipes: false }).
// NOTE: emphasis characters inside text ('*', '_') are left alone: at worst they italicise a
// word; escaping them everywhere would clutter names like fp8_kv.

/** Text escaped for Markdown (see the rule above). */
export function escapeMarkdown(text: string, options: { pipes?: boolean } = {}): string {
  let s = text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`[\]]/g, (c) => `\\${c}`)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
  if (options.pipes !== false) s = s.replaceAll('|', '\\|');
  return s.replace(/^(\s*)([#\-+*=])/, '$1\\$2');
}
