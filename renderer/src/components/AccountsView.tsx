import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, SessionView } from '../../../shared/ipc/views';
import { call } from '../api';

const ROLES = ['reviewer', 'approver', 'clerk', 'auditor', 'administrator'] as const;

interface Props {
  session: SessionView;
  /** Called after a change that alters the session (the first account ends single-operator mode). */
  onSessionChange(): void;
  onError(err: unknown): void;
}

/**
 * The administrator's page: the workstation's accounts with their roles and
 * key fingerprints, a form to create one (the first must be an
 * administrator, which ends single-operator mode), and disabling. Accounts
 * are never deleted: their keys verify the entries they signed.
 */
export function AccountsView({ session, onSessionChange, onError }: Props) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<AccountSummary[]>([]);
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>(session.mode === 'single_operator' ? ['administrator'] : ['reviewer']);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [selfApproval, setSelfApproval] = useState(false);
  const load = useCallback(() => {
    call('accounts.list', {}).then(setAccounts, onError);
    call('settings.get', {}).then((s) => setSelfApproval(s.allowSelfApproval), onError);
  }, [onError]);
  useEffect(load, [load]);
  const create = () => {
    call('accounts.create', { name, displayName: displayName || name, roles: roles as (typeof ROLES)[number][], password }).then(() => {
      setName('');
      setDisplayName('');
      setPassword('');
      setAgain('');
      load();
      onSessionChange();
    }, onError);
  };
  const toggle = (role: string) => setRoles((r) => (r.includes(role) ? r.filter((x) => x !== role) : [...r, role]));
  return (
    <div className="accounts-view" data-testid="accounts-view">
      <h1 className="doc-title">{t('accounts.title')}</h1>
      {session.mode === 'single_operator' && <p className="warn-text">{t('accounts.firstHint')}</p>}
      <table className="table">
        <thead>
          <tr>
            <th>{t('session.name')}</th>
            <th>{t('accounts.displayName')}</th>
            <th>{t('accounts.roles')}</th>
            <th>{t('accounts.fingerprint')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.name}>
              <td>{a.name}</td>
              <td>{a.displayName}</td>
              <td>{a.roles.map((r) => t(`roles.${r}`)).join('、')}</td>
              <td className="mono small">{a.keyFingerprint.slice(0, 16)}…</td>
              <td>
                <button type="button" className="link-button" onClick={() => call('accounts.setDisabled', { name: a.name, disabled: !a.disabled }).then(load, onError)}>
                  {a.disabled ? t('accounts.enable') : t('accounts.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="self-approval">
        <input
          type="checkbox"
          checked={selfApproval}
          onChange={(e) => call('settings.setSelfApproval', { allowed: e.target.checked }).then((s) => setSelfApproval(s.allowSelfApproval), onError)}
        />{' '}
        {t('accounts.selfApproval')}
      </label>
      <form
        className="panel account-form"
        aria-label={t('accounts.create')}
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <h2>{t('accounts.create')}</h2>
        <label className="field">
          <span>{t('session.name')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('accounts.displayName')}</span>
          <input type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <fieldset className="role-boxes">
          <legend>{t('accounts.roles')}</legend>
          {ROLES.map((r) => (
            <label key={r}>
              <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} /> {t(`roles.${r}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('accounts.password')}</span>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('accounts.again')}</span>
          <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        </label>
        {again && again !== password && <p className="warn-text">{t('accounts.mismatch')}</p>}
        <button type="submit" className="primary" disabled={!name || roles.length === 0 || password.length < 10 || password !== again}>
          {t('accounts.createButton')}
        </button>
      </form>
    </div>
  );
}
