'use client';
// An app's launch options on its dashboard: where it runs, arguments, environment, port, GPUs, auto-start and
// restart policy.
import { useState } from 'react';
import type { AppDetail } from '@/lib/shared/app';
import { describePlacement } from '@/lib/shared/placement';
import { useAppAction, useSystemInfo } from '@/lib/client/queries';
import { useClusterStatus } from '@/lib/client/settings-queries';
import { buttonClass, cardClass } from '../ui/button-styles';
import {
  fieldClass,
  placementDraftOf,
  placementErrors,
  placementPatchOf,
  PlacementFields,
  selectClass,
  type PlacementDraft,
} from './placement-fields';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line under the heading: what differs from the defaults, or "defaults". */
function summaryOf(app: AppDetail): string {
  const { launch } = app;
  const parts = [
    launch.placement?.runner === 'slurm' ? describePlacement(launch.placement) : '',
    launch.args.length > 0 ? plural(launch.args.length, 'argument') : '',
    Object.keys(launch.env).length > 0
      ? plural(Object.keys(launch.env).length, 'environment variable')
      : '',
    launch.port !== null ? `port ${launch.port}` : '',
    app.gpus ? `GPU ${app.gpus.join(',')}` : '',
    launch.autostart ? 'starts with Hangar' : '',
    app.restart === 'on-failure' ? 'restarts on crash' : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'defaults';
}

interface Draft {
  args: string;
  env: string;
  port: string;
  gpus: number[];
  autostart: boolean;
  restart: 'never' | 'on-failure';
  placement: PlacementDraft;
}

function draftOf(app: AppDetail): Draft {
  return {
    args: app.launch.args.join('\n'),
    env: Object.entries(app.launch.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    port: app.launch.port === null ? '' : String(app.launch.port),
    gpus: app.gpus ?? [],
    autostart: app.launch.autostart,
    restart: app.restart,
    placement: placementDraftOf(app.launch.placement),
  };
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

export function LaunchOptionsPanel({ app }: { app: AppDetail }) {
  const configure = useAppAction('apps.configure');
  const { data: system } = useSystemInfo();
  const { data: cluster } = useClusterStatus();
  const [draft, setDraft] = useState(() => draftOf(app));
  // A saved note belongs to the state it was saved in: "apply at the next start" is stale once the app moves on.
  const [message, setMessage] = useState<{ error: boolean; text: string; state: string } | null>(
    null,
  );
  const shown = message && (message.error || message.state === app.state) ? message : null;
  const gpus = (system?.gpus ?? []).filter((g) => g.index !== undefined);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setMessage(null);
  };
  const save = () => {
    const port = draft.port.trim();
    if (port !== '' && !/^\d+$/.test(port)) {
      setMessage({
        error: true,
        text: 'Port: a number from 1 to 65535, or empty for automatic.',
        state: app.state,
      });
      return;
    }
    if (Object.keys(placementErrors(draft.placement)).length > 0) {
      setMessage({
        error: true,
        text: 'Fix the Slurm fields marked above first.',
        state: app.state,
      });
      return;
    }
    // Untouched "This machine" on a Hangar without a cluster: nothing to say about placement.
    const placementShown = cluster?.configured === true || draft.placement.runner === 'slurm';
    configure.mutate(
      {
        name: app.name,
        args: lines(draft.args),
        env: lines(draft.env).map((l) => l.trim()),
        port: port === '' ? null : Number(port),
        gpus: draft.gpus.length > 0 ? draft.gpus : null,
        autostart: draft.autostart,
        restart: draft.restart,
        ...(placementShown ? { placement: placementPatchOf(draft.placement) } : {}),
      },
      {
        onSuccess: (saved) => {
          setDraft(draftOf(saved));
          setMessage({
            error: false,
            text: saved.state === 'running' ? 'Saved. They apply at the next start.' : 'Saved.',
            state: saved.state,
          });
        },
        onError: (e) => setMessage({ error: true, text: e.message, state: app.state }),
      },
    );
  };
  return (
    <section aria-labelledby="launch-heading" className={cardClass}>
      <details className="group flex flex-col" open={app.launch.autostart || undefined}>
        <summary className="cursor-pointer select-none">
          <h2 id="launch-heading" className="inline font-semibold">
            Launch options
          </h2>
          <span className="mt-0.5 block pl-4 text-xs text-zinc-500 dark:text-zinc-400">
            {summaryOf(app)}
          </span>
        </summary>
        <div className="mt-3 flex flex-col gap-3">
          <PlacementFields
            draft={draft.placement}
            cluster={cluster}
            onChange={(patch) => set({ placement: { ...draft.placement, ...patch } })}
          />
          <label className="flex flex-col gap-1 text-sm">
            Arguments{' '}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              one per line, added to the server command
            </span>
            <textarea
              rows={2}
              wrap="off"
              className={fieldClass}
              value={draft.args}
              onChange={(e) => set({ args: e.target.value })}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Environment{' '}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              KEY=VALUE, one per line
            </span>
            <textarea
              rows={2}
              wrap="off"
              className={fieldClass}
              value={draft.env}
              onChange={(e) => set({ env: e.target.value })}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Port{' '}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              empty: a free port at each start
            </span>
            <input
              inputMode="numeric"
              placeholder="automatic"
              className={fieldClass}
              value={draft.port}
              onChange={(e) => set({ port: e.target.value })}
            />
          </label>
          {draft.placement.runner === 'local' ? (
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="mb-1">GPUs</legend>
              {gpus.length === 0 ? (
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  No GPU was found; the app runs on the CPU.
                </p>
              ) : (
                gpus.map((g) => (
                  <label key={g.index} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={draft.gpus.includes(g.index!)}
                      onChange={(e) =>
                        set({
                          gpus: e.target.checked
                            ? [...draft.gpus, g.index!]
                            : draft.gpus.filter((i) => i !== g.index),
                        })
                      }
                    />
                    {g.index}: {g.name} {g.model}
                  </label>
                ))
              )}
              {gpus.length > 0 ? (
                <p className="text-xs text-zinc-500 dark:text-zinc-400">None checked: all GPUs.</p>
              ) : null}
            </fieldset>
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={draft.autostart}
              onChange={(e) => set({ autostart: e.target.checked })}
            />
            Start with Hangar
          </label>
          <label className="flex flex-col gap-1 text-sm">
            When it crashes
            <select
              className={selectClass}
              value={draft.restart}
              onChange={(e) => set({ restart: e.target.value as Draft['restart'] })}
            >
              <option value="never">Leave it stopped</option>
              <option value="on-failure">Restart it (with backoff)</option>
            </select>
          </label>
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              className={buttonClass.secondary}
              disabled={configure.isPending}
              onClick={save}
            >
              Save launch options
            </button>
            {shown ? (
              <p
                role={shown.error ? 'alert' : 'status'}
                className={`text-sm ${shown.error ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}
              >
                {shown.text}
              </p>
            ) : null}
          </div>
        </div>
      </details>
    </section>
  );
}
