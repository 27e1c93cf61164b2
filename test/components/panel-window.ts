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
