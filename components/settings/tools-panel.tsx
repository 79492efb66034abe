'use client';
// Tools launchers need (system.tools): found with version and path, or missing with the command that installs it.
import type { ToolInfo } from '@/lib/shared/diagnosis';
import { useTools } from '@/lib/client/settings-queries';
import { buttonClass } from '../ui/button-styles';
import { InlineCode } from '../ui/inline-code';
import { CopyButton } from './copy-button';
import { SettingsSection } from './section';

/** A description as a sentence: capital first letter, full stop. */
function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function ToolRow({ tool }: { tool: ToolInfo }) {
  // Missing here but fetched by Hangar into bin/ when a launcher needs it: nothing for the user to install.
  const onDemand = !tool.found && tool.provided !== null;
  // Missing, but only for hardware this machine may not have (a GPU driver): a note, not a warning.
  const optional = !tool.found && !onDemand && tool.onlyWith !== null;
  return (
    <li
      data-testid={`tool-${tool.id}`}
      data-found={tool.found}
      className="flex flex-col gap-1 border-t border-zinc-100 py-2 first:border-t-0 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span
          aria-hidden
          className={
            tool.found
              ? 'text-emerald-600'
              : onDemand
                ? 'text-sky-600'
                : optional
                  ? 'text-zinc-400'
                  : 'text-amber-600'
          }
        >
          {tool.found ? '●' : '○'}
        </span>
        <span className="font-medium">{tool.title}</span>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {tool.found
            ? (tool.version ?? 'found')
            : onDemand
              ? 'fetched when needed'
              : optional
                ? `not found; needed only with ${tool.onlyWith}`
                : 'missing'}
        </span>
        {tool.path ? (
          <span className="min-w-0 break-all font-mono text-xs text-zinc-500 dark:text-zinc-400">
            {tool.path}
          </span>
        ) : null}
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <InlineCode text={sentence(tool.why)} />
      </p>
      {onDemand ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          <InlineCode text={sentence(tool.provided ?? '')} />
        </p>
      ) : null}
      {!tool.found && !onDemand && tool.install ? (
        <div className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          {tool.install.manual ? (
            <p>
              {tool.install.manual.startsWith('https://') ? 'Get it from ' : 'Install '}
              <InlineCode text={tool.install.manual} />.
            </p>
          ) : null}
          {tool.install.command ? (
            <div className="flex items-center gap-1">
              <code className="min-w-0 flex-1 overflow-x-auto whitespace-pre rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800">
                {tool.install.command}
              </code>
              <CopyButton
                text={tool.install.command}
                label={`Copy the install command of ${tool.title}`}
              />
            </div>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export function ToolsPanel() {
  const { data, error, isLoading, refresh } = useTools();
  const actions = (
    <button
      type="button"
      className={buttonClass.secondary}
      disabled={refresh.isPending}
      onClick={() => refresh.mutate()}
    >
      {refresh.isPending ? 'Checking…' : 'Check again'}
    </button>
  );
  return (
    <SettingsSection
      id="tools"
      title="Tools"
      description="Programs launchers call. Missing ones come with the command that installs them; run it in a terminal."
      actions={actions}
    >
      {isLoading ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Looking for tools…</p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not list the tools: {error.message}
        </p>
      ) : null}
      {refresh.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {refresh.error.message}
        </p>
      ) : null}
      {data ? (
        <ul className="flex flex-col" aria-label="Tools">
          {data.tools.map((tool) => (
            <ToolRow key={tool.id} tool={tool} />
          ))}
        </ul>
      ) : null}
    </SettingsSection>
  );
}
