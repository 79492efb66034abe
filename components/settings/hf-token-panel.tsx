'use client';
// The Hugging Face token: set, replace or remove it; the page only ever learns whether one is set.
import { useState } from 'react';
import { useSetSettings, useSettings } from '@/lib/client/settings-queries';
import { buttonClass } from '../ui/button-styles';
import { ConfirmButton } from '../ui/confirm-button';
import { inputClass, SettingsSection } from './section';

export function HfTokenPanel() {
  const { data, error } = useSettings();
  const save = useSetSettings();
  const [token, setToken] = useState('');
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) return;
    save.mutate({ hfToken: value }, { onSuccess: () => setToken('') });
  };
  return (
    <SettingsSection
      id="hf"
      title="Hugging Face token"
      description="Used for gated or private models on Hugging Face downloads. Stored in this Hangar's config.json; never shown again."
    >
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not read settings: {error.message}
        </p>
      ) : null}
      {data ? (
        <p className="text-sm" data-testid="hf-token-state" data-set={data.hfTokenSet}>
          Token:{' '}
          {data.hfTokenSet ? (
            <span className="font-medium text-emerald-700 dark:text-emerald-400">set</span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">not set</span>
          )}
        </p>
      ) : null}
      <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor="hf-token" className="sr-only">
          Paste a Hugging Face token
        </label>
        <input
          id="hf-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder={data?.hfTokenSet ? 'Paste a new token to replace it' : 'hf_…'}
          className={`${inputClass} flex-1`}
        />
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={save.isPending || !token.trim()}
        >
          {data?.hfTokenSet ? 'Replace token' : 'Save token'}
        </button>
        {data?.hfTokenSet ? (
          <ConfirmButton
            label="Remove token"
            question="Remove the Hugging Face token?"
            confirmLabel="Remove"
            variant="secondary"
            onConfirm={() => save.mutate({ hfToken: null })}
          />
        ) : null}
      </form>
      {save.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
    </SettingsSection>
  );
}
