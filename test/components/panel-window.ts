import type { HiddenRange, IpcResult, ReviewView, SessionView, SheetCell } from '../../shared/ipc/views';
import type { Marks } from '../../renderer/src/document/marks';
import type { SyntheticOptions } from './synthetic';

/** What findings-panel.entry.tsx puts on `window` for the tests. */
export interface PanelWindow {
  __ready: boolean;
  __mount(count: number, options?: SyntheticOptions & { locked?: boolean }): void;
  __select(id: string | null): void;
  __selected: string | null;
  __language(lng: 'zh-CN' | 'en'): Promise<void>;
  __decisions: { ids: string[]; decision: 'accepted' | 'rejected' }[];
  /** Every query the panel asked for (FindingQuery of renderer/src/findings-order.ts). */
  __queries: { groupBy: string; sortBy: string; state: string; category: string; text: string }[];
}

/** A callback the page recorded: its name and arguments (plain data). */
export interface RecordedCall {
  name: string;
  args: unknown[];
}

/** What components.entry.tsx mounts: the component and the data it gets, all plain data (functions are recorded). */
export type ComponentMount =
  | { kind: 'lane'; hidden: HiddenRange[]; text: string; marks: Marks }
  | { kind: 'docx'; html: string; text: string; hidden: HiddenRange[]; marks: Marks }
  | { kind: 'sheet'; sheets: { name: string; hidden: boolean; cells: SheetCell[] }[]; text: string; marks: Marks; sheet: number }
  /**
   * The toolbar over `text`, searched as the review searches it; `redact`/`box`: whether those callbacks are given;
   * `slow`: every regular expression is reported as abandoned (the worker's budget ran out).
   */
  | { kind: 'toolbar'; text: string; zoom: number; redact: boolean; box: boolean; slow?: boolean }
  | { kind: 'legend'; pdf: boolean }
  | { kind: 'manual'; view: ReviewView; spans: { start: number; end: number }[] }
  | { kind: 'decision'; view: ReviewView; session: SessionView | null };

/** What components.entry.tsx puts on `window` for the tests. */
export interface ComponentWindow {
  __ready: boolean;
  __mount(what: ComponentMount): void;
  /** The sheet view's `focus` prop. */
  __focus(offset: number | null): void;
  /** Every callback a mounted component called, in order. */
  __calls: RecordedCall[];
  /** Set by a script that should never run. */
  __pwned?: unknown;
  /** The IPC bridge's answer, installed by the test (page.exposeFunction); window.mishen forwards to it. */
  __invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
}
