/**
 * Wrap Markdown lines at `width` characters, between words. A list item's continuation lines are indented
 * under its text, so that the wrapped Markdown renders as the unwrapped one. Headings are never wrapped.
 */
export const wrapMarkdown = (lines: readonly string[], width: number): string =>
  lines.map((line) => (line.startsWith('#') ? line : wrapLine(line, width))).join('\n');

const wrapLine = (line: string, width: number): string => {
  const [, lead = '', text = ''] = /^(\s*(?:\d+\.\s|-\s)?)(.*)$/.exec(line) ?? [];
  const hanging = ' '.repeat(lead.length);
  const [first = '', ...rest] = text.split(' ');
  const wrapped: string[] = [];
  let current = lead + first;
  for (const word of rest) {
    if (current.length + 1 + word.length > width) {
      wrapped.push(current);
      current = hanging + word;
    } else {
      current = `${current} ${word}`;
    }
  }
  wrapped.push(current);
  return wrapped.join('\n');
};
