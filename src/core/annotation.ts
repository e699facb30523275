/** Fitting text into AWS Config's 256-character annotation without cutting an identifier in half. */

export const ANNOTATION_LIMIT = 256;

/** Renders sentences; `maxIds` caps every list of identifiers (the rest become "+N more"). */
export type SentenceRenderer = (maxIds: number) => readonly string[];

/** Join ids, naming at most `maxIds` of them. */
export const idList = (ids: readonly string[], maxIds: number): string => {
  if (ids.length <= maxIds) return ids.join(', ');
  return `${ids.slice(0, maxIds).join(', ')} +${ids.length - maxIds} more`;
};

const cutAtWord = (text: string, limit: number): string => {
  if (text.length <= limit) return text;
  const room = text.slice(0, limit - 1);
  const lastSpace = room.lastIndexOf(' ');
  return `${(lastSpace > 0 ? room.slice(0, lastSpace) : room).replace(/[\s,;:(]+$/, '')}…`;
};

/**
 * Render sentences within `limit` characters: first in full, then with shorter id lists, then dropping
 * trailing sentences (saying how many), and only as a last resort cutting at a word boundary.
 */
export const fitSentences = (render: SentenceRenderer, limit = ANNOTATION_LIMIT): string => {
  for (const maxIds of [Number.POSITIVE_INFINITY, 3, 1]) {
    const text = render(maxIds).join(' ');
    if (text.length <= limit) return text;
  }
  const sentences = render(1);
  for (let keep = sentences.length - 1; keep >= 1; keep--) {
    const text = `${sentences.slice(0, keep).join(' ')} (+${sentences.length - keep} more problems: run redshift-evr scan)`;
    if (text.length <= limit) return text;
  }
  return cutAtWord(sentences.join(' '), limit);
};
