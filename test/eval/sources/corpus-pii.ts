import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffChars } from 'diff';
import type { FindingType } from '../../../shared/rules/finding';
import { idFailures, luhnValid } from '../checks';
import type { LabelledSpan } from '../markup';
import type { Span } from '../score';
import type { EvalDoc } from '../types';

/**
 * bench/corpus_pii.txt is corpus.txt with identifiers and decoys inserted
 * (pii_truth.json holds only their counts). The inserted stretches are
 * recovered by a character diff per line (both files have the same lines);
 * each identifier-shaped token inside an inserted stretch is then labelled
 * by its own value: a valid GB 11643 number is an ID, one failing only its
 * check character an ID decoy; 11 digits 1[3-9] a mobile, 12x a decoy;
 * 16-19 digits passing Luhn a card, failing it a decoy; an address an e-mail.
 */

export type DecoyKind = 'idBadChecksum' | 'digits11NotPhone' | 'cardBadLuhn' | 'unclassified';

export interface Decoy extends Span {
  kind: DecoyKind;
  text: string;
}

export interface PiiDoc extends EvalDoc {
  decoys: Decoy[];
  /** Inserted stretches; findings outside them are in the original text (unlabelled). */
  regions: Span[];
}

export interface PiiData {
  docs: PiiDoc[];
  planted: Record<string, number>;
  decoys: Record<string, number>;
  truth: { planted: Record<string, number>; decoys: Record<string, number> };
  /** Planted tokens glued to a digit or letter of the original text (their boundary is ambiguous). */
  glued: number;
  chars: number;
}

const TOKEN = /(?<![0-9A-Za-z._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|(?<!\d)\d{11,19}[Xx]?(?!\d)/g;

function classify(token: string): { gold?: FindingType; decoy?: DecoyKind } {
  if (token.includes('@')) return { gold: 'email' };
  if (token.length === 18 && /^\d{17}[\dXx]$/.test(token)) {
    const failed = idFailures(token);
    if (failed.length === 0) return { gold: 'id_card' };
    if (failed.length === 1 && failed[0] === 'checksum') return { decoy: 'idBadChecksum' };
  }
  if (/^\d{11}$/.test(token)) {
    if (/^1[3-9]/.test(token)) return { gold: 'mobile_phone' };
    if (token.startsWith('12')) return { decoy: 'digits11NotPhone' };
  }
  if (/^\d{16,19}$/.test(token)) return luhnValid(token) ? { gold: 'bank_card' } : { decoy: 'cardBadLuhn' };
  return { decoy: 'unclassified' };
}

export function loadCorpusPii(benchDir: string, chunkChars = 64_000): PiiData {
  const original = readFileSync(join(benchDir, 'corpus.txt'), 'utf8');
  const pii = readFileSync(join(benchDir, 'corpus_pii.txt'), 'utf8');
  const truth = JSON.parse(readFileSync(join(benchDir, 'pii_truth.json'), 'utf8')) as PiiData['truth'];
  const a = original.split('\n');
  const b = pii.split('\n');
  if (a.length !== b.length) throw new Error(`corpus_pii: ${b.length} lines, corpus: ${a.length}; expected the same lines`);

  // Inserted stretches, absolute offsets in corpus_pii.
  const regions: Span[] = [];
  let offset = 0;
  for (let k = 0; k < b.length; k++) {
    const lineA = a[k]!;
    const lineB = b[k]!;
    if (lineA !== lineB) {
      let pos = offset;
      for (const part of diffChars(lineA, lineB)) {
        if (part.removed) throw new Error(`corpus_pii line ${k + 1}: text was removed, not only inserted`);
        if (part.added) {
          const last = regions.at(-1);
          if (last && last.end === pos) last.end += part.value.length;
          else regions.push({ start: pos, end: pos + part.value.length });
        }
        pos += part.value.length;
      }
    }
    offset += lineB.length + 1;
  }

  // Identifier-shaped tokens that lie mostly inside an inserted stretch.
  const gold: LabelledSpan[] = [];
  const decoys: Decoy[] = [];
  const planted: Record<string, number> = {};
  const decoyCounts: Record<string, number> = {};
  let glued = 0;
  let r = 0;
  for (const m of pii.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    while (r < regions.length && regions[r]!.end <= start) r++;
    const region = regions[r];
    if (!region || region.start >= end) continue;
    const inside = Math.min(end, region.end) - Math.max(start, region.start);
    if (inside * 2 < end - start) continue;
    if (start < region.start || end > region.end) glued++;
    const c = classify(m[0]);
    if (c.gold) {
      gold.push({ type: c.gold, start, end, text: m[0], tolerated: false });
      // A card labelled 账号 is also a bank account: tolerate that type there.
      if (c.gold === 'bank_card') gold.push({ type: 'bank_account', start, end, text: m[0], tolerated: true });
      planted[c.gold] = (planted[c.gold] ?? 0) + 1;
    } else {
      decoys.push({ start, end, kind: c.decoy!, text: m[0] });
      decoyCounts[c.decoy!] = (decoyCounts[c.decoy!] ?? 0) + 1;
    }
  }

  // Chunks of whole lines, each an EvalDoc with relative offsets.
  const docs: PiiDoc[] = [];
  let gi = 0;
  let di = 0;
  let ri = 0;
  for (let start = 0; start < pii.length; ) {
    let end = pii.indexOf('\n', Math.min(pii.length, start + chunkChars));
    end = end < 0 ? pii.length : end + 1;
    const rel = <T extends Span>(s: T): T => ({ ...s, start: s.start - start, end: s.end - start });
    const spans: LabelledSpan[] = [];
    while (gi < gold.length && gold[gi]!.start < end) spans.push(rel(gold[gi++]!));
    const ds: Decoy[] = [];
    while (di < decoys.length && decoys[di]!.start < end) ds.push(rel(decoys[di++]!));
    const rs: Span[] = [];
    while (ri < regions.length && regions[ri]!.start < end) rs.push(rel(regions[ri++]!));
    docs.push({ id: `corpus_pii@${start}`, text: pii.slice(start, end), spans, decoys: ds, regions: rs });
    start = end;
  }
  return { docs, planted, decoys: decoyCounts, truth, glued, chars: pii.length };
}
