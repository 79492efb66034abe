'use client';
// Networks as they are: the proxy (and hosts it skips), a Hugging Face mirror, and a cap on download bandwidth.
import { useState } from 'react';
import type { PublicSettings, SettingsPatch } from '@/lib/shared/config';
import { useSetSettings, useSettings } from '@/lib/client/settings-queries';
import { buttonClass } from '../ui/button-styles';
import { inputClass, SettingsSection } from './section';

const MiB = 1024 * 1024;

interface Fields {
  proxy: string;
  noProxy: string;
  hfEndpoint: string;
  /** MiB/s as typed; empty for no cap. */
  limit: string;
}

function fieldsOf(settings: PublicSettings): Fields {
  return {
    proxy: settings.proxy ?? '',
    noProxy: settings.noProxy ?? '',
    hfEndpoint: settings.hfEndpoint ?? '',
    limit: settings.bandwidthLimit
      ? String(Math.round((settings.bandwidthLimit / MiB) * 100) / 100)
      : '',
  };
}

/** Only what changed: the proxy comes back with its password hidden, so an unchanged one is not sent. */
function patchOf(before: Fields, after: Fields): SettingsPatch {
  const patch: SettingsPatch = {};
  const text = (value: string): string | null => value.trim() || null;
  if (after.proxy !== before.proxy) patch.proxy = text(after.proxy);
  if (after.noProxy !== before.noProxy) patch.noProxy = text(after.noProxy);
  if (after.hfEndpoint !== before.hfEndpoint) patch.hfEndpoint = text(after.hfEndpoint);
  if (after.limit !== before.limit) {
    const mibps = Number(after.limit);
    patch.bandwidthLimit = after.limit.trim() === '' ? null : Math.round(mibps * MiB);
  }
  return patch;
}

const FIELDS: { key: keyof Fields; label: string; placeholder: string; hint: string }[] = [
  {
    key: 'proxy',
    label: 'Proxy',
    placeholder: 'http://user:password@proxy.example:3128',
    hint: 'For downloads, git and apps; over HTTPS_PROXY/HTTP_PROXY of the environment.',
  },
  {
    key: 'noProxy',
    label: 'No proxy for',
    placeholder: 'localhost, 127.0.0.1, .internal.example',
    hint: 'Added to NO_PROXY: host names and their subdomains, IPs, CIDR ranges, * for all.',
  },
  {
    key: 'hfEndpoint',
    label: 'Hugging Face mirror',
    placeholder: 'https://hf-mirror.example',
    hint: 'Hangar downloads from it and apps get it as HF_ENDPOINT.',
  },
  {
    key: 'limit',
    label: 'Download limit (MiB/s)',
    placeholder: 'no limit',
    hint: 'Shared by all downloads at once.',
  },
];

function NetworkForm({ initial }: { initial: Fields }) {
  const save = useSetSettings();
  const [fields, setFields] = useState(initial);
  const invalidLimit = fields.limit.trim() !== '' && !(Number(fields.limit) * MiB >= 1024);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (invalidLimit) return;
    save.mutate(patchOf(initial, fields));
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      {FIELDS.map(({ key, label, placeholder, hint }) => (
        <label key={key} className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{label}</span>
          <input
            name={key}
            type="text"
            inputMode={key === 'limit' ? 'decimal' : undefined}
            autoComplete="off"
            spellCheck={false}
            value={fields[key]}
            onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
            placeholder={placeholder}
            className={inputClass}
          />
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
        </label>
      ))}
      {invalidLimit ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          The limit is a number of MiB per second (at least 0.001), or empty for none.
        </p>
      ) : null}
      <div>
        <button type="submit" className={buttonClass.primary} disabled={save.isPending}>
          Save network settings
        </button>
      </div>
      {save.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
    </form>
  );
}

export function NetworkPanel() {
  const { data, error } = useSettings();
  const initial = data ? fieldsOf(data) : null;
  return (
    <SettingsSection
      id="network"
      title="Network"
      description="Applies at once to the next download, git command and app start."
    >
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not read settings: {error.message}
        </p>
      ) : null}
      {initial ? <NetworkForm key={JSON.stringify(initial)} initial={initial} /> : null}
    </SettingsSection>
  );
}
