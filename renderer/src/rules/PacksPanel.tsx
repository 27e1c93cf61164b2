import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListSummary, RulePackPreview, TrustedKey } from '../../../shared/ipc/views';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import { authorName } from './DiffView';
import { FilePick } from './FilePick';

/**
 * Moving lists and rules to isolated workstations: a pack signed with this
 * workstation's key is written to removable media; on the other side it is
 * checked against the keys the administrator trusts before anything changes.
 */
export function PacksPanel({ onError }: { onError(err: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [lists, setLists] = useState<ListSummary[]>([]);
  const [chosen, setChosen] = useState<number[]>([]);
  const [withRules, setWithRules] = useState(true);
  const [note, setNote] = useState('');
  const [written, setWritten] = useState<string | null>(null);
  const [key, setKey] = useState<{ fingerprint: string; publicKeyPem: string } | null>(null);
  const [trusted, setTrusted] = useState<TrustedKey[]>([]);
  const [pem, setPem] = useState('');
  const [label, setLabel] = useState('');
  const [pack, setPack] = useState<{ bytes: Uint8Array<ArrayBuffer>; name: string; preview: RulePackPreview } | null>(null);
  const [imported, setImported] = useState<RulePackPreview | null>(null);
  const load = useCallback(() => {
    call('rules.lists', {}).then((l) => setLists(l.filter((x) => !x.builtin && !x.file)), onError);
    call('rules.signingKey', {}).then(setKey, onError);
    call('rules.trustedKeys', {}).then(setTrusted, onError);
  }, [onError]);
  useEffect(load, [load]);
  const exportPack = () =>
    call('rules.exportPack', { listIds: chosen, includeRules: withRules, note: note.trim() }).then((r) => setWritten(r.cancelled ? null : r.path), onError);
  return (
    <section className="packs" data-testid="packs">
      <div className="panel">
        <h2>{t('rules.packs.export')}</h2>
        <fieldset className="pack-lists">
          <legend className="small muted">{t('rules.packs.chooseLists')}</legend>
          {lists.map((l) => (
            <label key={l.id} className="inline-check">
              <input type="checkbox" checked={chosen.includes(l.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, l.id] : c.filter((x) => x !== l.id)))} /> {l.name}{' '}
              <span className="muted small">
                v{l.version} · {t(`rules.kinds.${l.kind}`)}
              </span>
            </label>
          ))}
          <label className="inline-check">
            <input type="checkbox" checked={withRules} onChange={(e) => setWithRules(e.target.checked)} /> {t('rules.packs.withRules')}
          </label>
        </fieldset>
        <label className="field">
          <span>{t('rules.packs.note')}</span>
          <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="panel-actions">
          <button type="button" className="primary" disabled={chosen.length === 0 && !withRules} onClick={() => void exportPack()}>
            {t('rules.packs.write')}
          </button>
          {key && <span className="muted small">{t('rules.packs.signedWith', { fingerprint: key.fingerprint })}</span>}
        </div>
        {written && <p className="ok-text" role="status">✓ {t('rules.packs.written', { path: written })}</p>}
      </div>

      <div className="panel">
        <h2>{t('rules.packs.import')}</h2>
        <FilePick
          accept=".mishen-rules,.json"
          label={t('rules.packs.import')}
          testId="pack-file"
          onFile={({ name, bytes }) => {
            setImported(null);
            setPack(null);
            call('rules.previewPack', { bytes }).then((preview) => setPack({ bytes, name, preview }), onError);
          }}
        />
        {pack && (
          <div className="pack-preview" data-testid="pack-preview" role="status">
            <p>
              {t('rules.packs.from', { by: authorName(pack.preview.createdBy, t), at: formatDateTime(pack.preview.createdAt, i18n.language) })}{' '}
              <span className={pack.preview.trusted ? 'ok-text' : 'warn-text'}>
                {pack.preview.trusted ? '✓ ' : '✗ '}
                {t(pack.preview.trusted ? 'rules.packs.trusted' : 'rules.packs.untrusted', { fingerprint: pack.preview.signer })}
              </span>
            </p>
            <ul>
              {pack.preview.lists.map((l) => (
                <li key={`${l.kind}:${l.name}`}>
                  {l.name} <span className="muted small">{t(`rules.kinds.${l.kind}`)} · {l.terms}</span> — {t(`rules.packs.actions.${l.action}`)}
                  {l.reason && <span className="warn-text">（{l.reason}）</span>}
                </li>
              ))}
              {pack.preview.rules.action !== 'none' && <li>{t('rules.packs.rules', { count: pack.preview.rules.customRules })} — {t(`rules.packs.actions.${pack.preview.rules.action}`)}</li>}
            </ul>
            <button
              type="button"
              className="primary"
              disabled={!pack.preview.trusted}
              onClick={() =>
                call('rules.importPack', { bytes: pack.bytes }).then((r) => {
                  setImported(r);
                  setPack(null);
                  load();
                }, onError)
              }
            >
              {t('rules.packs.apply')}
            </button>
          </div>
        )}
        {imported && <p className="ok-text" role="status">✓ {t('rules.packs.imported', { signer: imported.signer })}</p>}
      </div>

      <div className="panel">
        <h2>{t('rules.packs.keys')}</h2>
        {key && (
          <details>
            <summary>{t('rules.packs.myKey', { fingerprint: key.fingerprint })}</summary>
            <pre className="mono small pem">{key.publicKeyPem}</pre>
          </details>
        )}
        <table className="table" data-testid="trusted-keys">
          <thead>
            <tr>
              <th>{t('rules.packs.label')}</th>
              <th>{t('accounts.fingerprint')}</th>
              <th>{t('rules.packs.addedBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {trusted.map((k) => (
              <tr key={k.fingerprint}>
                <td>{k.label}</td>
                <td className="mono small">{k.fingerprint}</td>
                <td className="small">
                  {authorName(k.addedBy, t)} · {formatDateTime(k.addedAt, i18n.language)}
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => call('rules.untrustKey', { fingerprint: k.fingerprint }).then(setTrusted, onError)}>
                    {t('rules.packs.untrust')}
                  </button>
                </td>
              </tr>
            ))}
            {trusted.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('rules.packs.noKeys')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <form
          className="trust-form"
          onSubmit={(e) => {
            e.preventDefault();
            call('rules.trustKey', { publicKeyPem: pem.trim(), label: label.trim() }).then((k) => {
              setTrusted(k);
              setPem('');
              setLabel('');
            }, onError);
          }}
        >
          <label className="field">
            <span>{t('rules.packs.label')}</span>
            <input type="text" value={label} maxLength={100} placeholder={t('rules.packs.labelHint')} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('rules.packs.pem')}</span>
            <textarea rows={4} className="mono" value={pem} placeholder="-----BEGIN PUBLIC KEY-----" onChange={(e) => setPem(e.target.value)} />
          </label>
          <button type="submit" disabled={!pem.trim() || !label.trim()}>
            {t('rules.packs.trust')}
          </button>
        </form>
      </div>
    </section>
  );
}
