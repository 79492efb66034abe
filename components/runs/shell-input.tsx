'use client';
// Types into a run's interactive shell (shell.run with `input: true`): a line with Enter, or Ctrl-C.
import { useState } from 'react';
import { rpc } from '@/lib/client/rpc';
import { buttonClass } from '../ui/button-styles';

export function ShellInput({ runId }: { runId: string }) {
  const [line, setLine] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = (data: string) =>
    rpc('runs.write', { runId, data })
      .then(() => setError(null))
      .catch((e: Error) => setError(e.message));
  return (
    <form
      aria-label="Shell input"
      data-testid="shell-input"
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void send(`${line}\r`);
        setLine('');
      }}
    >
      <label htmlFor={`shell-input-${runId}`} className="text-sm font-medium">
        Type into the shell
      </label>
      <input
        id={`shell-input-${runId}`}
        value={line}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setLine(e.target.value)}
        className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <button type="submit" className={buttonClass.primary}>
        Enter
      </button>
      <button type="button" className={buttonClass.secondary} onClick={() => void send('\x03')}>
        Ctrl-C
      </button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
