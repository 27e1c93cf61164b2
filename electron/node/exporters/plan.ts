import type { ExtractedDocument } from '../../../shared/document/model';
import type { Span } from '../../../shared/review/decisions';

/** What an exporter needs: the document as imported and the merged spans to remove. */
export interface RedactionPlan {
  doc: ExtractedDocument;
  spans: Span[];
}

/** The distinct original values being removed; the leak check looks for each. */
export function redactedValues(plan: RedactionPlan): string[] {
  return [...new Set(plan.spans.map((s) => plan.doc.text.slice(s.start, s.end)).filter((v) => v.trim().length > 0))];
}
