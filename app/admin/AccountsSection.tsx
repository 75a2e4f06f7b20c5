'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { formatDate } from '@/components/format';
import { Skeleton } from '@/components/Skeleton';
import { type AccountView, useAccountsQuery } from '@/hooks/useAccountsQuery';
import { useCreateAccountMutation } from '@/hooks/useCreateAccountMutation';
import { useResetPasswordMutation } from '@/hooks/useResetPasswordMutation';
import { useSessionQuery } from '@/hooks/useSessionQuery';
import { useUpdateAccountMutation } from '@/hooks/useUpdateAccountMutation';
import { type Role, roles } from '@/lib/auth/roles';
import styles from './admin.module.css';
import { OneTimeSecret } from './OneTimeSecret';

function NewAccountForm({ onCreated }: { onCreated: (email: string, password: string | null) => void }) {
  const t = useTranslations('Admin.accounts');
  const ids = { email: useId(), role: useId(), password: useId(), error: useId() };
  const create = useCreateAccountMutation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { email, role, password: password === '' ? undefined : password },
      {
        onSuccess: (result) => {
          onCreated(result.account.email, result.password);
          setEmail('');
          setPassword('');
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label={t('newAccount')}>
      <div className={styles.field}>
        <label htmlFor={ids.email}>{t('email')}</label>
        <input id={ids.email} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.role}>{t('role')}</label>
        <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((value) => (
            <option key={value} value={value}>
              {t(`roleHelp.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.password}>{t('passwordOptional')}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          minLength={8}
          placeholder={t('generated')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? t('creating') : t('create')}
      </button>
      {create.isError ? (
        <p id={ids.error} role="alert" className={styles.errorText}>
          {create.error.message}
        </p>
      ) : null}
    </form>
  );
}

function AccountRow({
  account,
  isYou,
  onPassword,
}: {
  account: AccountView;
  isYou: boolean;
  onPassword: (email: string, password: string) => void;
}) {
  const t = useTranslations('Admin.accounts');
  const update = useUpdateAccountMutation();
  const reset = useResetPasswordMutation();
  const roleId = useId();
  const error = update.error ?? reset.error;

  const resetPassword = () => {
    if (!window.confirm(t('confirmReset', { email: account.email }))) return;
    reset.mutate(account.id, { onSuccess: (result) => onPassword(result.account.email, result.password) });
  };
  const toggleDisabled = () => {
    if (!account.disabled && !window.confirm(t('confirmDisable', { email: account.email }))) return;
    update.mutate({ id: account.id, disabled: !account.disabled });
  };

  return (
    <tr className={account.disabled ? styles.disabledRow : undefined}>
      <th scope="row">
        {account.email}
        {isYou ? <span className="muted"> {t('you')}</span> : null}
      </th>
      <td>
        <label htmlFor={roleId} className="visually-hidden">
          {t('roleOf', { email: account.email })}
        </label>
        <select
          id={roleId}
          value={account.role}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ id: account.id, role: event.target.value as Role })}
        >
          {roles.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </td>
      <td>{account.disabled ? t('disabled') : t('active')}</td>
      <td className="nowrap">{formatDate(account.createdAt)}</td>
      <td>
        <div className={styles.actions}>
          <button type="button" onClick={toggleDisabled} disabled={update.isPending}>
            {account.disabled ? t('enable') : t('disable')}
            <span className="visually-hidden"> {account.email}</span>
          </button>
          <button type="button" onClick={resetPassword} disabled={reset.isPending}>
            {t.rich('resetPassword', {
              email: account.email,
              hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
            })}
          </button>
        </div>
        {error ? (
          <p role="alert" className={styles.errorText}>
            {error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** Dashboard accounts: create, change role, disable, reset a password (shown once). */
export function AccountsSection() {
  const t = useTranslations('Admin.accounts');
  const accounts = useAccountsQuery();
  const session = useSessionQuery();
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);

  const showPassword = (email: string, password: string | null) =>
    setSecret(password ? { label: t('passwordFor', { email }), value: password } : null);

  return (
    <>
      {secret ? <OneTimeSecret label={secret.label} secret={secret.value} onDone={() => setSecret(null)} /> : null}
      {accounts.isPending ? (
        <Skeleton height={120} />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} title={t('couldNotLoad')} onRetry={() => accounts.refetch()} />
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('email')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <AccountRow
                  key={account.id}
                  account={account}
                  isYou={account.email === session.data?.email}
                  onPassword={showPassword}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewAccountForm onCreated={showPassword} />
      <p className="muted small">{t('help')}</p>
    </>
  );
}
