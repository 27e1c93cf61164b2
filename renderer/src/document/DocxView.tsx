import { createElement, memo, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { alignTexts, type AlignedRun } from './align';
import type { HiddenRange } from '../../../shared/ipc/views';
import { rangeIndexAt } from '../../../shared/document/model';
import { TextRange } from './TextRange';

/** Elements of mammoth's output shown as they are; anything else is dropped and its children kept. */
const KEPT = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'strong', 'em', 'u', 's', 'sup', 'sub', 'br', 'blockquote', 'pre', 'code']);

type Tree = { tag: string; attrs: Record<string, string>; children: Tree[] } | { text: string; runs: AlignedRun[] };

/**
 * mammoth's HTML is built from an untrusted file, so it is never inserted as
 * markup: it is parsed inert (DOMParser runs no scripts) and rebuilt from a
 * short list of tags and attributes; images only as data: URIs.
 */
export function docxTree(html: string, text: string): Tree[] {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  const shown: string[] = [];
  const texts: { text: string; runs: AlignedRun[] }[] = [];
  const walk = (node: Node): Tree[] => {
    const out: Tree[] = [];
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        const t = { text: child.nodeValue ?? '', runs: [] as AlignedRun[] };
        shown.push(t.text);
        texts.push(t);
        out.push(t);
      } else if (child instanceof Element) {
        const tag = child.tagName.toLowerCase();
        if (tag === 'script' || tag === 'style') continue;
        if (tag === 'img') {
          const src = child.getAttribute('src') ?? '';
          if (/^data:image\/(png|jpeg|gif|bmp|webp);base64,/i.test(src)) out.push({ tag, attrs: { src, alt: child.getAttribute('alt') ?? '' }, children: [] });
          continue;
        }
        const children = walk(child);
        if (!KEPT.has(tag)) {
          out.push(...children);
          continue;
        }
        const attrs: Record<string, string> = {};
        for (const a of ['colspan', 'rowspan']) {
          const v = child.getAttribute(a);
          if (v && /^\d{1,3}$/.test(v)) attrs[a === 'colspan' ? 'colSpan' : 'rowSpan'] = v;
        }
        out.push({ tag, attrs, children });
      }
    }
    return out;
  };
  const tree = walk(body);
  alignTexts(text, shown).forEach((runs, i) => (texts[i]!.runs = runs));
  return tree;
}

interface Props {
  html: string;
  text: string;
  /** Ranges the page does not show; mammoth shows some (hidden text, insertions), so they are marked where they appear. */
  hidden: readonly HiddenRange[];
  onSelect(id: string): void;
}

export const DocxView = memo(function DocxView({ html, text, hidden, onSelect }: Props) {
  // Built once per document: marks live in the text leaves, which follow the mark store themselves.
  return useMemo(() => {
    const render = (nodes: Tree[], key: string): ReactNode[] =>
      nodes.map((n, i) => {
        const k = `${key}.${i}`;
        if ('text' in n) return <ShownText key={k} node={n} text={text} hidden={hidden} onSelect={onSelect} />;
        if (n.tag === 'br' || n.tag === 'img') return createElement(n.tag, { key: k, ...n.attrs });
        return createElement(n.tag, { key: k, ...n.attrs }, ...render(n.children, k));
      });
    return <div className="docx-page">{render(docxTree(html, text), 'n')}</div>;
  }, [html, text, hidden, onSelect]);
});

/** A text node of the HTML: its aligned runs drawn from the document text with their marks, the rest as plain text. */
function ShownText({ node, text, hidden, onSelect }: { node: { text: string; runs: AlignedRun[] }; text: string; hidden: readonly HiddenRange[]; onSelect(id: string): void }) {
  const { t } = useTranslation();
  const out: ReactNode[] = [];
  let at = 0;
  for (const r of node.runs) {
    if (r.at > at) out.push(node.text.slice(at, r.at));
    // A run is cut where hidden content (a tracked insertion, hidden text mammoth shows) begins or ends inside it.
    for (const part of splitAtHidden(hidden, r.start, r.start + r.length)) {
      const range = <TextRange key={part.from} text={text} from={part.from} to={part.to} onSelect={onSelect} />;
      out.push(
        part.hidden ? (
          <span key={part.from} className="inline-hidden" title={t(`hiddenPlace.${part.hidden.place}`)}>
            {range}
          </span>
        ) : (
          range
        ),
      );
    }
    at = r.at + r.length;
  }
  if (at < node.text.length) out.push(node.text.slice(at));
  return <>{out}</>;
}

/** [from, to) cut at the boundaries of the hidden ranges (sorted, not overlapping) it crosses. */
export function splitAtHidden(hidden: readonly HiddenRange[], from: number, to: number): { from: number; to: number; hidden: HiddenRange | null }[] {
  const out: { from: number; to: number; hidden: HiddenRange | null }[] = [];
  let at = from;
  while (at < to) {
    const h = hidden[rangeIndexAt(hidden, at)];
    if (h) {
      const end = Math.min(to, h.end);
      out.push({ from: at, to: end, hidden: h });
      at = end;
      continue;
    }
    // Visible up to the next hidden range that starts inside.
    let next = to;
    let lo = 0;
    let hi = hidden.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hidden[mid]!.start <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo < hidden.length) next = Math.min(to, hidden[lo]!.start);
    out.push({ from: at, to: next, hidden: null });
    at = next;
  }
  return out;
}
