import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListDetail, ListMeta, TermEntry } from '../../../shared/ipc/views';
import { call } from '../api';
import { ListHistory } from './ListHistory';
import { ListImport } from './ListImport';
import { MetaFields } from './ListsPanel';

const ROW = 34;

interface Props {
  id: number;
  onBack(): void;
  onError(err: unknown): void;
}

/** One list: its metadata, its terms (add, edit the note, disable, delete), import and export, and its history. */
export function ListEditor({ id, onBack, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [detail, setDetail] = useState<ListDetail | null>(null);
  const [meta, setMeta] = useState<ListMeta | null>(null);
  const [filter, setFilter] = useState('');
  const [term, setTerm] = useState('');
  const [note, setNote] = useState('');
  /** The term whose note is being edited, and the draft. */
  const [editing, setEditing] = useState<{ term: string; note: string } | null>(null);
  const load = useCallback(
    (d: ListDetail) => {
      setDetail(d);
      setMeta({ name: d.list.name, category: d.list.category, basis: d.list.basis, owner: d.list.owner, enabled: d.list.enabled });
    },
    [],
  );
  useEffect(() => void call('rules.list', { id }).then(load, onError), [id, load, onError]);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (detail?.terms ?? []).filter((e) => !q || e.term.toLowerCase().includes(q) || e.note.toLowerCase().includes(q));
  }, [detail, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  if (!detail || !meta) return <p className="muted">{t('rules.loading')}</p>;
  const readOnly = detail.list.builtin || detail.list.file !== null;
  const change = (request: { meta?: Partial<ListMeta>; upsert?: TermEntry[]; remove?: string[]; deleted?: boolean }, why: string) =>
    call('rules.changeList', { id, expectedVersion: detail.list.version, ...request, note: why }).then(load, onError);
  const addTerm = () => {
    const value = term.trim();
    if (!value) return;
    void change({ upsert: [{ term: value, note: note.trim(), disabled: false }] }, t('rules.notes.added', { term: value })).then(() => {
      setTerm('');
      setNote('');
    });
  };
  const metaChanged = JSON.stringify(meta) !== JSON.stringify({ name: detail.list.name, category: detail.list.category, basis: detail.list.basis, owner: detail.list.owner, enabled: detail.list.enabled });
  return (
    <section className="list-editor" data-testid="list-editor">
      <div className="review-head">
        <button type="button" className="link-button" onClick={onBack}>
          ← {t('rules.backToLists')}
        </button>
        <h2>
          {detail.list.name} <span className="muted">v{detail.list.version}</span>
        </h2>
        <span className="muted small">
          {t(`rules.kinds.${detail.list.kind}`)} · {t('rules.termCount', { count: detail.list.enabledTerms, total: detail.list.terms.toLocaleString(i18n.language) })}
        </span>
        {readOnly && <span className="tag">{detail.list.builtin ? t('rules.builtin') : t('rules.fromFile')}</span>}
      </div>
      <div className="panel form-row">
        <MetaFields meta={meta} kind={detail.list.kind} onChange={setMeta} disabled={readOnly} />
        <label className="inline-check">
          <input type="checkbox" checked={meta.enabled} disabled={readOnly} onChange={(e) => setMeta({ ...meta, enabled: e.target.checked })} /> {t('rules.useInScans')}
        </label>
        <button type="button" disabled={readOnly || !metaChanged || meta.name.trim() === ''} onClick={() => void change({ meta }, t('rules.notes.meta'))}>
          {t('rules.saveMeta')}
        </button>
        <button type="button" className="danger" disabled={readOnly} onClick={() => window.confirm(t('rules.confirmDelete', { name: detail.list.name })) && void change({ deleted: true }, t('rules.notes.deleted')).then(onBack)}>
          {t('rules.deleteList')}
        </button>
      </div>
      <div className="list-body">
        <div className="panel list-terms">
          <div className="panel-actions">
            <input type="search" value={filter} placeholder={t('rules.filter')} aria-label={t('rules.filter')} onChange={(e) => setFilter(e.target.value)} />
            <span className="muted small" aria-live="polite">
              {t('rules.shown', { shown: shown.length.toLocaleString(i18n.language), total: detail.terms.length.toLocaleString(i18n.language) })}
            </span>
          </div>
          {!readOnly && (
            <form
              className="panel-actions term-add"
              onSubmit={(e) => {
                e.preventDefault();
                addTerm();
              }}
            >
              <input type="text" value={term} maxLength={200} placeholder={t('rules.term')} aria-label={t('rules.term')} onChange={(e) => setTerm(e.target.value)} />
              <input type="text" value={note} maxLength={500} placeholder={t('rules.note')} aria-label={t('rules.note')} onChange={(e) => setNote(e.target.value)} />
              <button type="submit" className="primary" disabled={term.trim() === ''}>
                {t('rules.addTerm')}
              </button>
            </form>
          )}
          <div className="terms-scroll" ref={scroller} data-testid="terms">
            <div style={{ height: rows.getTotalSize(), position: 'relative' }} role="list" aria-label={t('rules.terms')}>
              {rows.getVirtualItems().map((v) => {
                const e = shown[v.index]!;
                return (
                  <div key={e.term} className={`term-row${e.disabled ? ' off' : ''}`} style={{ transform: `translateY(${v.start}px)`, height: ROW }} role="listitem">
                    <span className="term">{e.term}</span>
                    {editing?.term === e.term ? (
                      <form
                        className="note-edit"
                        onSubmit={(ev) => {
                          ev.preventDefault();
                          void change({ upsert: [{ ...e, note: editing.note.trim() }] }, t('rules.notes.noted', { term: e.term })).then(() => setEditing(null));
                        }}
                      >
                        <input
                          type="text"
                          value={editing.note}
                          maxLength={500}
                          aria-label={t('rules.noteFor', { term: e.term })}
                          autoFocus
                          onChange={(ev) => setEditing({ term: e.term, note: ev.target.value })}
                          onKeyDown={(ev) => ev.key === 'Escape' && setEditing(null)}
                        />
                      </form>
                    ) : (
                      <button type="button" className="note-button muted small" disabled={readOnly} title={t('rules.editNote')} onClick={() => setEditing({ term: e.term, note: e.note })}>
                        {e.note || (readOnly ? '' : t('rules.addNote'))}
                      </button>
                    )}
                    <span className="small">{e.disabled ? `○ ${t('rules.termOff')}` : `● ${t('rules.termOn')}`}</span>
                    {!readOnly && (
                      <>
                        <button type="button" className="link-button" onClick={() => void change({ upsert: [{ ...e, disabled: !e.disabled }] }, t(e.disabled ? 'rules.notes.enabled' : 'rules.notes.disabled', { term: e.term }))}>
                          {e.disabled ? t('rules.enableTerm') : t('rules.disableTerm')}
                        </button>
                        <button type="button" className="link-button" aria-label={t('rules.removeTerm', { term: e.term })} onClick={() => void change({ remove: [e.term] }, t('rules.notes.removed', { term: e.term }))}>
                          ×
                        </button>
                      </>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        <div className="list-side">
          {!readOnly && <ListImport detail={detail} onImported={load} onError={onError} />}
          <div className="panel">
            <h3>{t('rules.export')}</h3>
            <div className="panel-actions">
              {(['txt', 'csv', 'xlsx'] as const).map((format) => (
                <button key={format} type="button" onClick={() => void call('rules.exportList', { id, format }).catch(onError)}>
                  {format.toUpperCase()}
                </button>
              ))}
            </div>
          </div>
          <ListHistory detail={detail} onError={onError} />
        </div>
      </div>
    </section>
  );
}
