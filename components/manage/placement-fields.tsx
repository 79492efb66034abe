'use client';
// The launch options' "Runs on": this machine or the Slurm cluster, with the job's partition, GPUs, CPUs, memory,
// time limit and account checked against the placement schema as they are typed.
import Link from 'next/link';
import type { ClusterStatus } from '@/lib/shared/cluster';
import {
  placementPatchSchema,
  type Placement,
  type PlacementPatch,
  type RunnerKind,
} from '@/lib/shared/placement';

export const fieldClass =
  'w-full rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950';

export const selectClass =
  'w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950';

const TEXT_FIELDS = ['partition', 'memory', 'time', 'account'] as const;
const NUMBER_FIELDS = ['gpus', 'cpus'] as const;
type Field = (typeof TEXT_FIELDS)[number] | (typeof NUMBER_FIELDS)[number];

export type PlacementDraft = { runner: RunnerKind } & Record<Field, string>;

export function placementDraftOf(placement: Placement | undefined): PlacementDraft {
  const p = placement ?? { runner: 'local' };
  return {
    runner: p.runner,
    partition: p.partition ?? '',
    gpus: p.gpus === undefined ? '' : String(p.gpus),
    cpus: p.cpus === undefined ? '' : String(p.cpus),
    memory: p.memory ?? '',
    time: p.time ?? '',
    account: p.account ?? '',
  };
}

/** Each field's value as the patch holds it (empty: null, which clears it), or the schema's word on it. */
function parseField(
  field: Field,
  text: string,
): { value: string | number | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  const isNumber = (NUMBER_FIELDS as readonly string[]).includes(field);
  if (isNumber && !/^\d+$/.test(trimmed)) return { error: 'a whole number' };
  const value = isNumber ? Number(trimmed) : trimmed;
  const checked = placementPatchSchema.shape[field].safeParse(value);
  return checked.success ? { value } : { error: checked.error.issues[0]?.message ?? 'not valid' };
}

export function placementErrors(draft: PlacementDraft): Partial<Record<Field, string>> {
  if (draft.runner !== 'slurm') return {};
  const errors: Partial<Record<Field, string>> = {};
  for (const field of [...TEXT_FIELDS, ...NUMBER_FIELDS]) {
    const parsed = parseField(field, draft[field]);
    if ('error' in parsed) errors[field] = parsed.error;
  }
  return errors;
}

/** The apps.configure patch: on this machine only the runner changes (the job's request is kept for later). */
export function placementPatchOf(draft: PlacementDraft): PlacementPatch {
  if (draft.runner === 'local') return { runner: 'local' };
  const patch: Record<string, unknown> = { runner: 'slurm' };
  for (const field of [...TEXT_FIELDS, ...NUMBER_FIELDS]) {
    const parsed = parseField(field, draft[field]);
    if ('value' in parsed) patch[field] = parsed.value;
  }
  return patch as PlacementPatch;
}

const LABELS: Record<Exclude<Field, 'partition'>, [string, string]> = {
  gpus: ['GPUs', '0'],
  cpus: ['CPUs', '1'],
  memory: ['Memory', '16G'],
  time: ['Time limit', '04:00:00'],
  account: ['Account', 'default'],
};

function defaultPartition(cluster: ClusterStatus | undefined): string {
  const own = cluster?.partition ?? cluster?.info?.partitions.find((p) => p.default)?.name;
  return own ? `Default (${own})` : "Slurm's default";
}

export function PlacementFields({
  draft,
  cluster,
  onChange,
}: {
  draft: PlacementDraft;
  cluster: ClusterStatus | undefined;
  onChange: (patch: Partial<PlacementDraft>) => void;
}) {
  const offered = cluster?.configured === true || draft.runner === 'slurm';
  if (!offered)
    return (
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Runs on this machine. Where a Slurm cluster is set up (
        <Link
          href="/settings#settings-cluster"
          className="text-sky-700 underline dark:text-sky-400"
        >
          Settings → Cluster
        </Link>
        ), it can run there instead.
      </p>
    );
  const errors = placementErrors(draft);
  const partitions = cluster?.info?.partitions.map((p) => p.name) ?? [];
  if (draft.partition && !partitions.includes(draft.partition)) partitions.push(draft.partition);
  const input = (field: Exclude<Field, 'partition'>) => (
    <label key={field} className="flex min-w-0 flex-col gap-1 text-sm">
      {LABELS[field][0]}
      <input
        inputMode={field === 'gpus' || field === 'cpus' ? 'numeric' : undefined}
        placeholder={LABELS[field][1]}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `placement-${field}-error` : undefined}
        className={`${fieldClass} ${errors[field] ? 'border-red-500 dark:border-red-500' : ''}`}
        value={draft[field]}
        onChange={(e) => onChange({ [field]: e.target.value })}
      />
      {errors[field] ? (
        <span id={`placement-${field}-error`} className="text-xs text-red-600 dark:text-red-400">
          {errors[field]}
        </span>
      ) : field === 'time' ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Minutes, HH:MM:SS or D-HH:MM:SS.
        </span>
      ) : null}
    </label>
  );
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1">Runs on</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {(
          [
            ['local', 'This machine'],
            ['slurm', 'Slurm cluster'],
          ] as const
        ).map(([runner, label]) => (
          <label key={runner} className="flex items-center gap-2">
            <input
              type="radio"
              name="placement-runner"
              checked={draft.runner === runner}
              onChange={() => onChange({ runner })}
            />
            {label}
          </label>
        ))}
      </div>
      {draft.runner === 'slurm' ? (
        <div className="grid grid-cols-2 gap-2">
          <label className="col-span-2 flex flex-col gap-1 text-sm">
            Partition
            <select
              className={selectClass}
              value={draft.partition}
              onChange={(e) => onChange({ partition: e.target.value })}
            >
              <option value="">{defaultPartition(cluster)}</option>
              {partitions.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          {input('gpus')}
          {input('cpus')}
          {input('memory')}
          {input('time')}
          <div className="col-span-2">{input('account')}</div>
        </div>
      ) : null}
    </fieldset>
  );
}
