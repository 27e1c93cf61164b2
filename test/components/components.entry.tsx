/**
 * Browser entry for the document-view and review-bar tests: the real
 * components with the real i18n setup, each in a tiny host that keeps the
 * state Review.tsx and DocumentView.tsx keep. Data comes from the test as
 * plain data; every callback is recorded on `window.__calls`. The one fake is
 * the IPC bridge (`window.mishen`), which forwards to the test.
 * Bundled by mount.ts with esbuild; type-checked by test/components/tsconfig.json.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import '../../renderer/src/i18n';
import { ApiError } from '../../renderer/src/api';
import { DecisionPanel } from '../../renderer/src/components/DecisionPanel';
import { ManualBar } from '../../renderer/src/components/ManualBar';
import { ShortcutLegend } from '../../renderer/src/components/ShortcutLegend';
import { DocToolbar } from '../../renderer/src/document/DocToolbar';
import { DocxView } from '../../renderer/src/document/DocxView';
import { HiddenLane } from '../../renderer/src/document/HiddenLane';
import { MarkStore, MarkStoreContext } from '../../renderer/src/document/mark-store';
import { MarkIndex, findAll, type Marks } from '../../renderer/src/document/marks';
import type { SearchResult } from '../../renderer/src/document/search';
import { SheetView } from '../../renderer/src/document/SheetView';
import { SessionContext } from '../../renderer/src/session';
import type { ReviewView } from '../../shared/ipc/views';
import type { ComponentMount, ComponentWindow } from './panel-window';

const w = window as unknown as ComponentWindow;
const record = (name: string, ...args: unknown[]) => w.__calls.push({ name, args });
/** What onError got: an ApiError's data, or what else it was. */
const recordError = (err: unknown) => record('onError', err instanceof ApiError ? { apiError: true, data: err.data } : { apiError: false, data: String(err) });

// The preload's bridge, answered by the test.
window.mishen = { invoke: (channel, payload) => w.__invoke(channel, payload) };

/**
 * The marks as Review.tsx keeps them: an index of the findings and the
 * selection, handed to the document view through a MarkStore set after each
 * commit. The view is drawn once the store holds the marks, as in the app,
 * where the layout arrives after the review.
 */
function Marked({ marks, render }: { marks: Marks; render(onSelect: (id: string) => void): ReactNode }) {
  const [selected, setSelected] = useState(marks.selected);
  const index = useMemo(() => new MarkIndex({ ...marks, selected }), [marks, selected]);
  const [store] = useState(() => new MarkStore());
  const [ready, setReady] = useState(false);
  useLayoutEffect(() => {
    store.set(index);
    setReady(true);
  }, [store, index]);
  const onSelect = useCallback((id: string) => {
    record('onSelect', id);
    setSelected(id);
  }, []);
  return <MarkStoreContext.Provider value={store}>{ready && render(onSelect)}</MarkStoreContext.Provider>;
}

function Lane({ m }: { m: Extract<ComponentMount, { kind: 'lane' }> }) {
  return <Marked marks={m.marks} render={(onSelect) => <HiddenLane hidden={m.hidden} text={m.text} onSelect={onSelect} />} />;
}

function Docx({ m }: { m: Extract<ComponentMount, { kind: 'docx' }> }) {
  // As DocumentView lays it out.
  return (
    <Marked
      marks={m.marks}
      render={(onSelect) => (
        <div className="doc-scroll paper" style={{ fontSize: '14px' }}>
          <div className="doc-docx" data-testid="document-text">
            <DocxView html={m.html} text={m.text} hidden={m.hidden} onSelect={onSelect} />
          </div>
        </div>
      )}
    />
  );
}

function Sheet({ m }: { m: Extract<ComponentMount, { kind: 'sheet' }> }) {
  const [sheet, setSheet] = useState(m.sheet);
  const [focus, setFocus] = useState<number | null>(null);
  w.__focus = setFocus;
  return (
    <Marked
      marks={m.marks}
      render={(onSelect) => (
        <div className="document-view kind-sheets">
          <div className="document-main">
            <SheetView
              sheets={m.sheets}
              text={m.text}
              onSelect={onSelect}
              sheet={sheet}
              onSheet={(i) => {
                record('onSheet', i);
                setSheet(i);
              }}
              focus={focus}
            />
          </div>
        </div>
      )}
    />
  );
}

/** The toolbar with the review's search state: hits found in `text`, the current one stepped round. */
function Toolbar({ m }: { m: Extract<ComponentMount, { kind: 'toolbar' }> }) {
  const [zoom, setZoom] = useState(m.zoom);
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [hit, setHit] = useState(-1);
  const [boxMode, setBoxMode] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  // As useSearch answers (its regular expressions run in a worker, which this bundle has not).
  const found = useMemo((): SearchResult => {
    if (m.slow && regex && query) return { error: 'slow' };
    const r = findAll(m.text, query, regex);
    return Array.isArray(r) ? r : { error: 'pattern' };
  }, [m.text, m.slow, query, regex]);
  const hits = Array.isArray(found) ? found.length : 0;
  return (
    <DocToolbar
      zoom={zoom}
      onZoom={(z) => {
        record('onZoom', z);
        setZoom(z);
      }}
      query={query}
      onQuery={(q) => {
        record('onQuery', q);
        setQuery(q);
        setHit(-1);
      }}
      regex={regex}
      onRegex={(on) => {
        record('onRegex', on);
        setRegex(on);
        setHit(-1);
      }}
      hits={hits}
      current={hit}
      searchError={Array.isArray(found) ? null : found.error}
      onStep={(dir) => {
        record('onStep', dir);
        if (hits > 0) setHit((h) => (h + dir + hits) % hits);
      }}
      searchRef={searchRef}
      {...(m.redact ? { onRedactHits: () => record('onRedactHits') } : {})}
      {...(m.box
        ? {
            boxMode,
            onBoxMode: (on: boolean) => {
              record('onBoxMode', on);
              setBoxMode(on);
            },
          }
        : {})}
    />
  );
}

function Legend({ m }: { m: Extract<ComponentMount, { kind: 'legend' }> }) {
  const [open, setOpen] = useState(true);
  // As Review.tsx passes it: a new function every render.
  return open ? (
    <ShortcutLegend
      pdf={m.pdf}
      onClose={() => {
        record('onClose');
        setOpen(false);
      }}
    />
  ) : null;
}

/** What onChange got, in short: the status and the manual redactions. */
const changed = (v: ReviewView) => record('onChange', { status: v.document.status, manual: v.manual.map((m) => m.id), attribute: v.document.attribute, opinion: v.opinion });

function Manual({ m }: { m: Extract<ComponentMount, { kind: 'manual' }> }) {
  const [view, setView] = useState(m.view);
  const [spans, setSpans] = useState(m.spans);
  return (
    <ManualBar
      view={view}
      spans={spans}
      onChange={(v) => {
        changed(v);
        setView(v);
      }}
      onDone={() => {
        record('onDone');
        setSpans([]);
      }}
      onError={recordError}
    />
  );
}

function Decision({ m }: { m: Extract<ComponentMount, { kind: 'decision' }> }) {
  const [view, setView] = useState(m.view);
  return (
    <SessionContext.Provider value={m.session}>
      <DecisionPanel
        key={view.document.id}
        view={view}
        onChange={(v) => {
          changed(v);
          setView(v);
        }}
        onError={recordError}
      />
    </SessionContext.Provider>
  );
}

/** Each kind's host. */
const HOSTS: { [K in ComponentMount['kind']]: (props: { m: Extract<ComponentMount, { kind: K }> }) => ReactNode } = {
  lane: Lane,
  docx: Docx,
  sheet: Sheet,
  toolbar: Toolbar,
  legend: Legend,
  manual: Manual,
  decision: Decision,
};

function Mounted({ m }: { m: ComponentMount }) {
  const Host = HOSTS[m.kind] as (props: { m: ComponentMount }) => ReactNode;
  return <Host m={m} />;
}

let root: Root | null = null;
w.__mount = (m) => {
  root?.unmount();
  w.__calls = [];
  root = createRoot(document.getElementById('root')!);
  root.render(<Mounted key={Math.random()} m={m} />);
};
w.__calls = [];
w.__ready = true;
