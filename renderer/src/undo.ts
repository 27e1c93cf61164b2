import type { FindingView } from '../../shared/ipc/views';

export type DecisionValue = 'accepted' | 'rejected' | 'undecided';

/** One decision as made, with what each finding held before, so it can be taken back and made again. */
export interface DecisionStep {
  ids: string[];
  decision: DecisionValue;
  reason: string | null;
  before: Map<string, { decision: DecisionValue; reason: string | null }>;
}

export function stepOf(findings: readonly FindingView[], ids: readonly string[], decision: DecisionValue, reason: string | null): DecisionStep {
  const chosen = new Set(ids);
  const before = new Map<string, { decision: DecisionValue; reason: string | null }>();
  for (const f of findings) if (chosen.has(f.id)) before.set(f.id, { decision: f.decision ?? 'undecided', reason: f.reason });
  return { ids: [...ids], decision, reason, before };
}

/** The calls that restore the state before a step: one per previous (decision, reason). */
export function undoCalls(step: DecisionStep): { ids: string[]; decision: DecisionValue; reason: string | null }[] {
  const groups = new Map<string, { ids: string[]; decision: DecisionValue; reason: string | null }>();
  for (const [id, b] of step.before) {
    const k = `${b.decision}\u0000${b.reason ?? ''}`;
    const g = groups.get(k) ?? { ids: [], decision: b.decision, reason: b.reason };
    g.ids.push(id);
    groups.set(k, g);
  }
  return [...groups.values()];
}

/** Undo and redo stacks of decision steps; a new step clears the redo stack. */
export class UndoStack {
  constructor(
    readonly done: readonly DecisionStep[] = [],
    readonly undone: readonly DecisionStep[] = [],
  ) {}
  push(step: DecisionStep): UndoStack {
    return new UndoStack([...this.done.slice(-199), step], []);
  }
  undo(): { stack: UndoStack; step: DecisionStep } | null {
    const step = this.done.at(-1);
    return step ? { stack: new UndoStack(this.done.slice(0, -1), [...this.undone, step]), step } : null;
  }
  redo(): { stack: UndoStack; step: DecisionStep } | null {
    const step = this.undone.at(-1);
    return step ? { stack: new UndoStack([...this.done, step], this.undone.slice(0, -1)), step } : null;
  }
}
