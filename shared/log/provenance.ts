import type { LogEntryBody, StoredLogEntry } from './entry';

/** Where a published file comes from, as the (verified) log records it. */
export interface Provenance {
  sha256: string;
  known: boolean;
  exports: { seq: number; ts: string; review: number; document: string; fileName: string; actor: string; key: string }[];
  /** The submission of each of those reviews: disclosure attribute, who, when. */
  submissions: { seq: number; ts: string; review: number; attribute: string; actor: string; key: string }[];
  /** The approval of each of those reviews: who, when. */
  approvals: { seq: number; ts: string; review: number; actor: string; key: string }[];
}

/** Reads the export and submit entries for a file whose SHA-256 is `sha256`; entries must have been verified first. */
export function provenanceOf(entries: readonly StoredLogEntry[], sha256: string): Provenance {
  const bodies = entries.map((e) => JSON.parse(e.body) as LogEntryBody);
  const exports = bodies
    .filter((b) => b.action === 'document.export' && b.data.output === sha256)
    .map((b) => ({
      seq: b.seq,
      ts: b.ts,
      review: Number(b.data.review),
      document: String(b.data.document),
      fileName: String(b.data.fileName),
      actor: b.actor.name,
      key: b.actor.key,
    }));
  const reviews = new Set(exports.map((x) => x.review));
  const submissions = bodies
    .filter((b) => b.action === 'review.submit' && reviews.has(Number(b.data.review)))
    .map((b) => ({ seq: b.seq, ts: b.ts, review: Number(b.data.review), attribute: String(b.data.attribute), actor: b.actor.name, key: b.actor.key }));
  const approvals = bodies
    .filter((b) => b.action === 'review.approve' && reviews.has(Number(b.data.review)))
    .map((b) => ({ seq: b.seq, ts: b.ts, review: Number(b.data.review), actor: b.actor.name, key: b.actor.key }));
  return { sha256, known: exports.length > 0, exports, submissions, approvals };
}
