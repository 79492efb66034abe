'use client';
// The doctor report (system.doctor): problems, disk space of the home, recent failures; and the diagnostics bundle.
import { useDiagnosticsBundle, useDoctor } from '@/lib/client/settings-queries';
import { startDownload } from '@/lib/client/download';
import { DIAGNOSTICS_PATH, type DiagnosticsBundleInfo } from '@/lib/shared/diagnosis';
import { formatBytes, scriptName } from '@/lib/client/text';
import { buttonClass } from '../ui/button-styles';
import { CopyButton } from './copy-button';
import { SettingsSection } from './section';

export function DoctorPanel() {
  const { data, error, isFetching, refetch } = useDoctor();
  const bundle = useDiagnosticsBundle();
  const download = (info: DiagnosticsBundleInfo) =>
    startDownload(`${DIAGNOSTICS_PATH}${info.name}`, info.name);
  const actions = (
    <div className="flex flex-wrap gap-2">
      <button
        type="button"
        className={buttonClass.secondary}
        disabled={isFetching}
        onClick={() => void refetch()}
      >
        {isFetching ? 'Checking…' : 'Run doctor'}
      </button>
      <button
        type="button"
        className={buttonClass.primary}
        disabled={bundle.isPending}
        onClick={() => bundle.mutate(undefined, { onSuccess: download })}
      >
        {bundle.isPending ? 'Writing…' : 'Download diagnostics bundle'}
      </button>
    </div>
  );
  return (
    <SettingsSection
      id="doctor"
      title="Doctor"
      description="A health check of this Hangar. The diagnostics bundle (secrets redacted) is what to attach to a bug report."
      actions={actions}
    >
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          The doctor could not run: {error.message}
        </p>
      ) : null}
      {bundle.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {bundle.error.message}
        </p>
      ) : null}
      {bundle.data ? (
        <div
          role="status"
          data-testid="diagnostics-file"
          className="flex flex-wrap items-center gap-2 rounded bg-zinc-100 px-2 py-1 text-sm dark:bg-zinc-800"
        >
          <span>
            Bundle written ({formatBytes(bundle.data.bytes)}, {bundle.data.entries.length} files):
          </span>
          <a
            href={`${DIAGNOSTICS_PATH}${bundle.data.name}`}
            download={bundle.data.name}
            className="font-mono text-xs underline"
            data-testid="diagnostics-link"
          >
            {bundle.data.name}
          </a>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">on the server at</span>
          <code className="min-w-0 break-all font-mono text-xs">{bundle.data.file}</code>
          <CopyButton text={bundle.data.file} label="Copy the bundle path" />
        </div>
      ) : null}
      {data ? (
        <>
          {data.problems.length === 0 ? (
            <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="doctor-ok">
              No problems found.
            </p>
          ) : (
            <ul
              className="ml-5 list-disc text-sm text-amber-800 dark:text-amber-300"
              data-testid="doctor-problems"
            >
              {data.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <p className="text-sm">
            Disk of the home ({data.home.path}):{' '}
            {data.home.freeBytes !== null
              ? `${formatBytes(data.home.freeBytes)} free${data.home.totalBytes ? ` of ${formatBytes(data.home.totalBytes)}` : ''}`
              : 'unknown'}
          </p>
          {data.provisioned && data.provisioned.length > 0 ? (
            <div className="flex flex-col gap-1" data-testid="doctor-provisioned">
              <h3 className="text-sm font-semibold">Provisioned by Hangar in bin/</h3>
              <ul className="flex flex-col gap-1 text-sm">
                {data.provisioned.map((tool) => (
                  <li key={tool.id}>
                    <span className="font-medium">{tool.id}</span>{' '}
                    {tool.kind === 'shim'
                      ? `pip shim (${tool.reason ?? 'the real tool could not be installed'})`
                      : `${tool.version ?? ''} from ${tool.source}`}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {data.recentFailures.length > 0 ? (
            <div className="flex flex-col gap-1">
              {/* Open failures are problems above; with none, these are history a later run got past. */}
              <h3 className="text-sm font-semibold">
                {data.problems.length === 0 ? 'Failures a later run got past' : 'Recent failures'}
              </h3>
              <ul className="flex flex-col gap-1 text-sm">
                {data.recentFailures.map((f) => (
                  <li key={f.runId}>
                    <span className="font-medium">{f.app ?? 'home'}</span> · {scriptName(f.script)}:{' '}
                    {f.diagnosis ? f.diagnosis.explanation : f.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </SettingsSection>
  );
}
