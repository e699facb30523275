/** Fitting text into AWS Config's 256-character annotation without cutting an identifier in half. */

export const ANNOTATION_LIMIT = 256;

/** Renders sentences; `maxIds` caps every list of identifiers (the rest become "+N more"). */
export type SentenceRenderer = (maxIds: number) => readonly string[];

/** Join ids, naming at most `maxIds` of them. */
export const idList = (ids: readonly string[], maxIds: number): string => {
  if (ids.length <= maxIds) return ids.join(', ');
  return `${ids.slice(0, maxIds).join(', ')} +${ids.length - maxIds} more`;
};

/**
 * Cut to `limit` characters with "…": at a word boundary when there is one near the end, else at a character
 * boundary (text without spaces, such as Japanese, keeps all it can; a surrogate pair is never split).
 */
export const cutAtWord = (text: string, limit: number): string => {
  if (text.length <= limit) return text;
  let room = '';
  for (const ch of text) {
    if (room.length + ch.length > limit - 1) break;
    room += ch;
  }
  const lastSpace = room.lastIndexOf(' ');
  const atWord = lastSpace >= room.length * 0.6 ? room.slice(0, lastSpace) : room;
  return `${atWord.replace(/[\s,;:(]+$/, '')}…`;
};

/** Shorten a problem sentence ("what is wrong; the fix.") to `limit`, keeping the fix whole. */
const keepFix = (sentence: string, limit: number): string => {
  const split = sentence.lastIndexOf('; ');
  if (split < 0 || sentence.length <= limit) return cutAtWord(sentence, limit);
  const fix = sentence.slice(split);
  return `${cutAtWord(sentence.slice(0, split), limit - fix.length)}${fix}`;
};

/**
 * Render sentences within `limit` characters: first in full, then with shorter id lists, then dropping
 * trailing sentences (saying how many), but always keeping the opening and the first problem with its fix;
 * only as a last resort is that problem's description shortened (never its fix) or the text cut.
 */
export const fitSentences = (render: SentenceRenderer, limit = ANNOTATION_LIMIT): string => {
  for (const maxIds of [Number.POSITIVE_INFINITY, 3, 1]) {
    const text = render(maxIds).join(' ');
    if (text.length <= limit) return text;
  }
  const sentences = render(1);
  const more = (n: number) => ` (+${n} more: redshift-evr scan)`;
  for (let keep = sentences.length - 1; keep >= Math.min(2, sentences.length); keep--) {
    const text = `${sentences.slice(0, keep).join(' ')}${more(sentences.length - keep)}`;
    if (text.length <= limit) return text;
  }
  if (sentences.length < 2) return cutAtWord(sentences.join(' '), limit);
  const [opening = '', first = ''] = sentences;
  const suffix = sentences.length > 2 ? more(sentences.length - 2) : '';
  const text = `${opening} ${keepFix(first, limit - opening.length - 1 - suffix.length)}${suffix}`;
  return text.length <= limit ? text : cutAtWord(text, limit);
};
