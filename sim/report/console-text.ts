// Text for a terminal: control characters from user-supplied names and values shown as visible
// escapes, so a scenario name cannot move the cursor, recolour the screen or hide text.
// Rule: every C0 control (U+0000–U+001F) except the line feed, DEL (U+007F) and every C1 control
// (U+0080–U+009F) prints as \xNN (ESC → \x1b, NUL → \x00, tab → \x09, CR → \x0d); the line feed
// stays where the caller intends a line break. Everything else passes unchanged.
// NOTE: Unicode bidirectional overrides and other format characters are not escaped.

const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;

/** The text with control characters (except \n) shown as \xNN. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
