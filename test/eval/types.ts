import type { TermList } from '../../shared/rules/term-list';
import type { LabelledSpan } from './markup';

/** One labelled text the engine is scored on. */
export interface EvalDoc {
  id: string;
  text: string;
  spans: LabelledSpan[];
  lists?: readonly TermList[];
}
