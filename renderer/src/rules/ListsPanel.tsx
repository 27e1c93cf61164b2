import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListKind, ListMeta, ListSummary } from '../../../shared/ipc/views';
import { BASIS } from '../../../shared/rules/basis';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { authorName } from './DiffView';
import { ListEditor } from './ListEditor';
import { DeletedLists } from './DeletedLists';

const NEW_LIST: ListMeta = { name: '', category: 'negative_list', basis: BASIS.securityStability, owner: '', enabled: true };

/** Every list the scans use: the office's (editable, versioned), the shipped ones and files in the data folder (read-only). */
export function ListsPanel({ onError }: { onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [lists, setLists] = useState<ListSummary[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [kind, setKind] = useState<ListKind>('negative');
  const [meta, setMeta] = useState<ListMeta>(NEW_LIST);
  const load = useCallback(() => call('rules.lists', {}).then(setLists, onError), [onError]);
  useEffect(() => void load(), [load]);
  if (open !== null) {
    return (
      <ListEditor
        id={open}
        onBack={() => {
          setOpen(null);
          void load();
        }}
        onError={onError}
      />
    );
  }
  const create = () =>
    call('rules.createList', { kind, meta: { ...meta, name: meta.name.trim(), owner: meta.owner.trim() }, note: t('rules.created') }).then((d) => {
      setMeta(NEW_LIST);
      setOpen(d.list.id);
    }, onError);
  return (
    <section className="rules-lists">
      <table className="table" data-testid="lists-table">
        <thead>
          <tr>
            <th>{t('rules.columns.name')}</th>
            <th>{t('rules.columns.kind')}</th>
            <th>{t('rules.columns.category')}</th>
            <th>{t('rules.columns.owner')}</th>
            <th className="num">{t('rules.columns.terms')}</th>
            <th className="num">{t('rules.columns.version')}</th>
            <th>{t('rules.columns.updated')}</th>
            <th>{t('rules.columns.state')}</th>
          </tr>
        </thead>
        <tbody>
          {lists.map((l) => (
            <tr key={`${l.kind}:${l.id}:${l.name}`}>
              <td>
                <button type="button" className="link-button" onClick={() => setOpen(l.id)}>
                  {l.name}
                </button>
                {l.builtin && <span className="tag">{t('rules.builtin')}</span>}
                {l.file && <span className="tag" title={l.file}>{t('rules.fromFile')}</span>}
              </td>
              <td>{t(`rules.kinds.${l.kind}`)}</td>
              <td>{l.kind === 'negative' ? t(`category.${l.category}`) : '—'}</td>
              <td>{l.owner || '—'}</td>
              <td className="num">
                {l.enabledTerms.toLocaleString(i18n.language)}
                {l.enabledTerms !== l.terms && <span className="muted small"> / {l.terms.toLocaleString(i18n.language)}</span>}
              </td>
              <td className="num">{l.file ? '—' : `v${l.version}`}</td>
              <td className="small">
                {l.updatedAt ? formatDateTime(l.updatedAt, i18n.language) : '—'} {l.updatedBy && <span className="muted">{authorName(l.updatedBy, t)}</span>}
              </td>
              <td>{l.enabled ? <span className="ok-text">✓ {t('rules.enabled')}</span> : <span className="muted">○ {t('rules.disabled')}</span>}</td>
            </tr>
          ))}
          {lists.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                {t('rules.noLists')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <DeletedLists key={lists.map((l) => `${l.id}:${l.version}`).join()} onRestored={() => void load()} onError={onError} />
      <form
        className="panel list-create"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <h2>{t('rules.newList')}</h2>
        <div className="form-row">
          <label className="field">
            <span>{t('rules.columns.kind')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as ListKind)}>
              <option value="negative">{t('rules.kinds.negative')}</option>
              <option value="allow">{t('rules.kinds.allow')}</option>
            </select>
          </label>
          <MetaFields meta={meta} kind={kind} onChange={setMeta} />
        </div>
        <button type="submit" className="primary" disabled={meta.name.trim() === ''}>
          {t('rules.create')}
        </button>
      </form>
    </section>
  );
}

/** Name, category, legal basis and owner of a list. */
export function MetaFields({ meta, kind, onChange, disabled = false }: { meta: ListMeta; kind: ListKind; onChange(m: ListMeta): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<ListMeta>) => onChange({ ...meta, ...patch });
  return (
    <>
      <label className="field">
        <span>{t('rules.columns.name')}</span>
        <input type="text" value={meta.name} maxLength={100} disabled={disabled} onChange={(e) => set({ name: e.target.value })} />
      </label>
      {kind === 'negative' && (
        <label className="field">
          <span>{t('rules.columns.category')}</span>
          <select value={meta.category} disabled={disabled} onChange={(e) => set({ category: e.target.value as ListMeta['category'] })}>
            {(['negative_list', 'classified', 'internal', 'trade_secret', 'personal'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field wide">
        <span>{t('rules.basis')}</span>
        <input type="text" value={meta.basis} maxLength={500} disabled={disabled} onChange={(e) => set({ basis: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('rules.columns.owner')}</span>
        <input type="text" value={meta.owner} maxLength={100} disabled={disabled} placeholder={t('rules.ownerHint')} onChange={(e) => set({ owner: e.target.value })} />
      </label>
    </>
  );
}
