'use client';
// Sets or changes the owner password (auth.setPassword); every session ends, so a required login follows.
import { useState } from 'react';
import { useSetPassword } from '@/lib/client/settings-queries';
import { loginUrl } from '@/lib/shared/auth';
import { buttonClass } from '../ui/button-styles';
import { inputClass } from './section';

const MIN_LENGTH = 8;

export function PasswordForm({
  passwordSet,
  loginRequired,
}: {
  passwordSet: boolean;
  loginRequired: boolean;
}) {
  const save = useSetPassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (password.length < MIN_LENGTH) return setProblem(`Use at least ${MIN_LENGTH} characters.`);
    if (password !== repeat) return setProblem('The two new passwords differ.');
    setProblem(null);
    save.mutate(passwordSet ? { password, currentPassword: current } : { password }, {
      onSuccess: () => {
        setCurrent('');
        setPassword('');
        setRepeat('');
        setDone(true);
        // Setting a password ends every session: where a login is required, this browser logs in again.
        if (loginRequired) window.location.assign(loginUrl('/settings'));
      },
    });
  };
  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-2"
      aria-label={passwordSet ? 'Change the password' : 'Set a password'}
    >
      <h3 className="text-sm font-semibold">
        {passwordSet ? 'Change the password' : 'Set a password'}
      </h3>
      {/* A column per field: three with the current password, two without, so no column stands empty. */}
      <div
        className={`grid grid-cols-1 gap-2 ${passwordSet ? 'sm:grid-cols-3' : 'sm:grid-cols-2'}`}
      >
        {passwordSet ? (
          <label className="flex flex-col gap-1 text-sm">
            Current password
            <input
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              className={inputClass}
            />
          </label>
        ) : null}
        <label className="flex flex-col gap-1 text-sm">
          New password
          <input
            type="password"
            autoComplete="new-password"
            minLength={MIN_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={inputClass}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Repeat new password
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            className={inputClass}
          />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={save.isPending || !password}
        >
          {passwordSet ? 'Change password' : 'Set password'}
        </button>
        {/* Where no login is asked and no password was set, no browser is signed in to be logged out. */}
        {passwordSet || loginRequired ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            Every signed-in browser has to log in again afterwards.
          </span>
        ) : null}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      {save.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Password saved.
        </p>
      ) : null}
    </form>
  );
}
