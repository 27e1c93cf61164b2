import type { SpanReplacement } from '../../../shared/document/edits';
import type { ExtractedDocument } from '../../../shared/document/model';

/** What an exporter needs: the document as imported and the sorted, disjoint spans to replace (`planRedactions`). */
export interface RedactionPlan {
  doc: ExtractedDocument;
  spans: readonly SpanReplacement[];
}

/** The distinct original values being removed; the leak check looks for each. */
export function redactedValues(plan: RedactionPlan): string[] {
  return [...new Set(plan.spans.map((s) => plan.doc.text.slice(s.start, s.end)).filter((v) => v.trim().length > 0))];
}
