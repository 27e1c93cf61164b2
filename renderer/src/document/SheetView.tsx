import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SheetCell } from '../../../shared/ipc/views';
import { columnName, parseRef } from './sheet-refs';
import { TextRange } from './TextRange';

/** Columns drawn at most; a sheet wider than this says so (its text is still scanned and listed). */
const MAX_COLUMNS = 200;
const ROW_HEIGHT = 28;

interface Grid {
  /** Used rows in order, each with its cells by column. */
  rows: { row: number; cells: Map<number, SheetCell> }[];
  columns: number;
  wide: boolean;
}

/** Only rows that hold something are drawn: a sheet with one cell at row 100,000 is one row, not 100,000. */
function gridOf(cells: readonly SheetCell[]): Grid {
  const byRow = new Map<number, Map<number, SheetCell>>();
  let columns = 0;
  for (const c of cells) {
    const at = parseRef(c.ref);
    if (!at) continue;
    columns = Math.max(columns, at.col + 1);
    let row = byRow.get(at.row);
    if (!row) byRow.set(at.row, (row = new Map()));
    row.set(at.col, c);
  }
  const rows = [...byRow.entries()].sort((a, b) => a[0] - b[0]).map(([row, c]) => ({ row, cells: c }));
  return { rows, columns: Math.min(columns, MAX_COLUMNS), wide: columns > MAX_COLUMNS };
}

interface Props {
  sheets: { name: string; hidden: boolean; cells: SheetCell[] }[];
  text: string;
  onSelect(id: string): void;
  /** The sheet to show, e.g. the one holding the selected finding. */
  sheet: number;
  onSheet(i: number): void;
  /** A text offset to bring into view (the selected finding or search hit), or null. */
  focus: number | null;
}

export function SheetView({ sheets, text, onSelect, sheet, onSheet, focus }: Props) {
  const { t } = useTranslation();
  const grids = useMemo(() => sheets.map((s) => gridOf(s.cells)), [sheets]);
  const grid = grids[sheet] ?? grids[0];
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: grid?.rows.length ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  useEffect(() => {
    if (focus === null || !grid) return;
    const row = grid.rows.findIndex((r) => [...r.cells.values()].some((c) => c.start <= focus && focus < c.end));
    if (row >= 0) rows.scrollToIndex(row, { align: 'center' });
  }, [focus, grid, rows]);
  if (!grid) return <p className="muted">{t('view.emptySheet')}</p>;
  const items = rows.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = rows.getTotalSize() - (items.at(-1)?.end ?? 0);
  const cols = Array.from({ length: grid.columns }, (_, i) => i);
  return (
    <div className="sheet-view">
      <div className="tabs sheet-tabs" role="tablist" aria-label={t('view.sheets')}>
        {sheets.map((s, i) => (
          <button
            key={s.name}
            type="button"
            role="tab"
            aria-selected={i === sheet}
            className={`tab${i === sheet ? ' active' : ''}`}
            onClick={() => onSheet(i)}
          >
            {s.name}
            {s.hidden && <span className="tag-hidden"> {t('view.hiddenSheet')}</span>}
          </button>
        ))}
      </div>
      {grid.wide && <p className="muted small">{t('view.wideSheet', { count: MAX_COLUMNS })}</p>}
      <div className="sheet-scroll" ref={scroller} data-testid="sheet-grid">
        <table className="sheet-grid">
          <thead>
            <tr>
              <th className="row-head" />
              {cols.map((c) => (
                <th key={c} scope="col">
                  {columnName(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr aria-hidden="true" style={{ height: before }} />
            {items.map((v) => {
              const r = grid.rows[v.index]!;
              return (
                <tr key={r.row} style={{ height: ROW_HEIGHT }}>
                  <th scope="row" className="row-head">
                    {r.row + 1}
                  </th>
                  {cols.map((c) => {
                    const cell = r.cells.get(c);
                    return (
                      <td key={c} data-cell={cell?.ref} title={cell ? text.slice(cell.start, cell.end) : undefined}>
                        {cell && <TextRange text={text} from={cell.start} to={cell.end} onSelect={onSelect} />}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            <tr aria-hidden="true" style={{ height: after }} />
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The sheet holding a text offset, for jumping to a finding. */
export function sheetOf(sheets: Props['sheets'], offset: number): number {
  return sheets.findIndex((s) => s.cells.some((c) => c.start <= offset && offset < c.end));
}
