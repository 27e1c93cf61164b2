import { readFileSync } from 'node:fs';
import { idFailures } from '../checks';

/**
 * checksums/vectors.tsv: resident ID (CN_RIC) vectors from several upstream
 * validators, and unified social credit codes (CN_USCC) as 18-character
 * negatives. Each ID vector gets an expectation in the engine's own scope
 * (province, birth date, check character; 18 characters), from the upstream
 * verdict and an independent check in ../checks.ts.
 */

export type Expectation =
  | 'valid: found at score 1'
  | 'valid 15-digit (pre-1999 format)'
  | 'wrong check character: lower score or absent'
  | 'bad region/date: absent without context'
  | 'bad length/format: absent'
  | 'beyond scope (county history, strict mode): upstream invalid';

export interface IdVector {
  value: string;
  upstream: 'valid' | 'invalid';
  reason: string;
  source: string;
  expectation: Expectation;
}

export interface ChecksumData {
  ids: IdVector[];
  uscc: string[];
}

export function loadChecksums(path: string): ChecksumData {
  const rows = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
  const seen = new Set<string>();
  const ids: IdVector[] = [];
  const uscc = new Set<string>();
  for (const [kind = '', value = '', expected = '', reason = '', comment = '', source = ''] of rows) {
    if (kind.startsWith('CN_USCC')) {
      if (expected === 'valid') uscc.add(value.replace(/\s/g, ''));
      continue;
    }
    if (!kind.startsWith('CN_RIC')) continue;
    const key = `${value}\u0000${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const upstream = expected === 'valid' ? 'valid' : 'invalid';
    const failed = idFailures(value);
    let expectation: Expectation;
    if (value.length === 15 && /^\d{15}$/.test(value))
      expectation = upstream === 'valid' ? 'valid 15-digit (pre-1999 format)' : 'bad region/date: absent without context';
    else if (failed.includes('format')) expectation = 'bad length/format: absent';
    else if (failed.length === 0) expectation = upstream === 'valid' ? 'valid: found at score 1' : 'beyond scope (county history, strict mode): upstream invalid';
    else if (failed.length === 1 && failed[0] === 'checksum') expectation = 'wrong check character: lower score or absent';
    else expectation = 'bad region/date: absent without context';
    ids.push({ value, upstream, reason: [reason, comment].filter(Boolean).join(' ') || '-', source: `${kind} ${source}`, expectation });
  }
  return { ids, uscc: [...uscc] };
}
