/** A stretch of a displayed string that is also, character for character, a stretch of the document text. */
export interface AlignedRun {
  /** Offset in the displayed string. */
  at: number;
  /** Offset in the document text. */
  start: number;
  length: number;
}

/** How far ahead a lost alignment looks for its place again (characters of the document text). */
const RESYNC_WINDOW = 4000;
/** Characters of the displayed string used to find that place. */
const ANCHOR = 4;

const SPACE = /\s/u;

/**
 * Maps strings shown in order (the text nodes of mammoth's HTML) onto the
 * document text our importer read from the same file. Both come from the
 * same runs in the same order, but each adds or drops some text (mammoth
 * leaves out comments, deletions and headers; our text has separators and
 * hidden places), so characters are matched greedily in order: the next
 * character of the text when it agrees, else the next place the following
 * few characters occur. Unmatched characters stay unmapped (no highlight,
 * no selection) rather than mapped wrong.
 */
export function alignTexts(text: string, shown: readonly string[]): AlignedRun[][] {
  let c = 0;
  return shown.map((s) => {
    const runs: AlignedRun[] = [];
    let run: AlignedRun | null = null;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      let p = text[c] === ch ? c : -1;
      if (p < 0 && !SPACE.test(ch)) {
        const anchor = s.slice(i, i + ANCHOR);
        const ahead = text.slice(c, c + RESYNC_WINDOW);
        const found = ahead.indexOf(anchor);
        p = found >= 0 ? c + found : -1;
      }
      if (p < 0) {
        run = null;
        continue;
      }
      if (run && run.start + run.length === p && run.at + run.length === i) run.length++;
      else runs.push((run = { at: i, start: p, length: 1 }));
      c = p + 1;
    }
    return runs;
  });
}
