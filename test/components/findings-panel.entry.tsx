/**
 * Browser entry for the findings panel tests: the real panel, the real i18n
 * setup, findings from the shared synthetic generator, and a tiny host that
 * keeps the state Review.tsx would keep. Calls are recorded on `window`.
 * Bundled by mount.ts with esbuild; not part of the tsc projects.
 */
import { useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import i18n from '../../renderer/src/i18n';
import { FindingsPanel } from '../../renderer/src/components/FindingsPanel';
import { DEFAULT_QUERY, type FindingQuery } from '../../renderer/src/findings-order';
import type { FindingView } from '../../shared/ipc/views';
import { syntheticFindings, type SyntheticOptions } from './synthetic';
import type { PanelWindow } from './panel-window';

const w = window as unknown as PanelWindow;

function Host({ initial, locked }: { initial: FindingView[]; locked: boolean }) {
  const [findings, setFindings] = useState(initial);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState<FindingQuery>(DEFAULT_QUERY);
  const [reason, setReason] = useState('');
  const [sameValue, setSameValue] = useState(false);
  w.__select = setSelected;
  w.__selected = selected;
  return (
    <FindingsPanel
      findings={findings}
      selected={selected}
      locked={locked}
      onSelect={setSelected}
      onDecide={(ids, decision) => {
        w.__decisions.push({ ids, decision });
        const chosen = new Set(ids);
        setFindings((all) => all.map((f) => (chosen.has(f.id) ? { ...f, decision, reason: decision === 'rejected' ? reason : null } : f)));
      }}
      reason={reason}
      onReasonChange={setReason}
      sameValue={sameValue}
      onSameValueChange={setSameValue}
      query={query}
      onQueryChange={(q) => {
        w.__queries.push(q);
        setQuery(q);
      }}
    />
  );
}

let root: Root | null = null;
w.__mount = (count: number, options: SyntheticOptions & { locked?: boolean } = {}) => {
  root?.unmount();
  w.__decisions = [];
  w.__queries = [];
  root = createRoot(document.getElementById('root')!);
  root.render(<Host key={Math.random()} initial={syntheticFindings(count, options)} locked={options.locked ?? false} />);
};
w.__language = (lng) => i18n.changeLanguage(lng).then(() => undefined);
w.__ready = true;
