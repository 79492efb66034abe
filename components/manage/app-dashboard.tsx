'use client';
// The per-app dashboard: state, menu, web UI, the selected run's live log, failure view, terminal and maintenance.
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { AppDetail } from '@/lib/shared/app';
import { BUSY_STATES, STARTABLE_STATES } from '@/lib/shared/app-state';
import { isLiveRun } from '@/lib/shared/events';
import { useApp, useAppAction } from '@/lib/client/queries';
import { rpc } from '@/lib/client/rpc';
import { openTerminal } from '@/lib/client/terminal-client';
import { dashboardMenu, withStart } from '@/lib/client/dashboard-menu';
import { filesNeverArrived } from '@/lib/client/app-files';
import { scriptName } from '@/lib/client/text';
import { AppIcon } from '../apps/app-icon';
import { AppNameTag } from '../apps/app-name-tag';
import { JobStatus } from '../apps/job-status';
import { StateBadge } from '../apps/state-badge';
import { RunPanel } from '../runs/run-panel';
import { RunList } from './run-list';
import { buttonClass, cardClass } from '../ui/button-styles';
import { PageTitle } from '../ui/page-title';
import { DangerZone } from './danger-zone';
import { UpdateNotice } from '../apps/update-notice';
import { LaunchOptionsPanel } from './launch-options';
import { DocumentTitle } from '../layout/document-title';
import { AppFailureView } from './failure-view';
import { RecoveryActions } from './recovery-actions';
import { ReinstallBar } from './reinstall-bar';
import { MenuList, type MenuTarget } from './menu-list';
import { WebView } from './web-view';
import { DisplayView } from './display-view';

/** States in which the start script's menu item still means apps.start (which joins or answers at once). */
const START_BUSY = new Set(['starting', 'running']);

function latestRun(app: AppDetail): string | null {
  const runs = [...app.runs].sort((a, b) => b.startedAt - a.startedAt);
  return (runs.find((r) => isLiveRun(r.status)) ?? runs[0])?.runId ?? null;
}

export function AppDashboard({ name }: { name: string }) {
  const router = useRouter();
  const search = useSearchParams();
  const { data: app, error, isLoading } = useApp(name);
  const [chosenRun, setChosenRun] = useState<string | null>(search.get('run'));
  const [actionError, setActionError] = useState<string | null>(null);
  const [noticeEpoch, setNoticeEpoch] = useState(0);
  const [maintenanceEpoch, setMaintenanceEpoch] = useState(0);
  const start = useAppAction('apps.start');
  const install = useAppAction('apps.install');
  // A refusal such as "wait until it finishes" holds only for the state it came in: the next app:status clears it.
  const state = app?.state;
  const [errorState, setErrorState] = useState(state);
  if (errorState !== state) {
    setErrorState(state);
    setActionError(null);
  }
  if (isLoading) return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading {name}…</p>;
  if (error || !app)
    return (
      <PageTitle
        title={name}
        subtitle={`Could not load this app: ${error?.message ?? 'not found'}`}
      />
    );
  const runId = chosenRun ?? latestRun(app);
  const installFailed = app.state === 'install-failed';
  const noFiles = filesNeverArrived(app);
  // A stop during the install cancelled it: nothing failed, so no red failure view, just Install again.
  const cancelled = installFailed && app.error?.message === 'install cancelled';
  const appFailure = (app.state === 'failed' || installFailed) && !cancelled ? app.error : null;
  // The launcher's menu without what the dashboard offers itself; when that leaves nothing, no "no menu" note.
  const menu = withStart(dashboardMenu(app.menu, app.state, app.port), app.state, app.scripts);
  // The app's serving run is stopped with Stop app, so its panel offers no second Stop.
  const serving =
    app.state === 'running'
      ? app.runs.find((r) => isLiveRun(r.status) && /^start\.(js|json)$/.test(scriptName(r.script)))
          ?.runId
      : undefined;
  const logFirst =
    BUSY_STATES.has(app.state) || app.runs.find((r) => r.runId === runId)?.status === 'waiting';
  const reinstall = (source: string) => {
    setActionError(null);
    install.mutate(
      { source, name },
      { onSuccess: (r) => setChosenRun(r.runId), onError: (e) => setActionError(e.message) },
    );
  };

  const onRun = (target: MenuTarget) => {
    if (target.kind === 'url')
      return void window.open(target.url, target.popout ? '_blank' : '_self');
    setActionError(null);
    const running = app.runs.find(
      (r) => isLiveRun(r.status) && scriptName(r.script) === scriptName(target.script),
    );
    if (running) return setChosenRun(running.runId);
    // Start goes through apps.start, which also explains why an app whose install failed cannot start.
    if (
      /^start\.(js|json)$/.test(scriptName(target.script)) &&
      (STARTABLE_STATES.has(app.state) || installFailed || START_BUSY.has(app.state))
    ) {
      // A second click while it starts joins the start under way (apps.start joins it), never a second run.
      if (start.isPending) return;
      setChosenRun(null);
      return start.mutate({ name }, { onError: (e) => setActionError(e.message) });
    }
    rpc('scripts.run', { name, script: target.script, params: target.params })
      .then((r) => setChosenRun(r.runId))
      .catch((e: Error) => setActionError(e.message));
  };

  const openAppTerminal = () => {
    openTerminal({ app: name, cols: 100, rows: 30 })
      .then(({ id }) => router.push(`/terminals?id=${id}`))
      .catch((e: Error) => setActionError(e.message));
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <AppIcon title={app.title} icon={app.icon} app={app.name} size={48} />
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight">{app.title || app.name}</h1>
          <AppNameTag name={app.name} title={app.title} />
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{app.description}</p>
        </div>
        <StateBadge state={app.state} cancelled={cancelled} activity={app.activity} />
        <JobStatus app={app} className="basis-full text-right sm:basis-auto" />
      </div>
      {/* A start refused for the reason the failure view below explains would say it twice. */}
      {actionError && !(appFailure && actionError.includes(appFailure.message)) ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {actionError}
        </p>
      ) : null}
      {appFailure ? (
        <AppFailureView
          failure={appFailure}
          install={installFailed}
          noFiles={noFiles}
          logShown={appFailure.runId !== undefined && appFailure.runId === runId}
        />
      ) : null}
      <RecoveryActions app={app} shownRun={runId} onShowRun={setChosenRun} />
      {installFailed ? (
        <ReinstallBar
          app={app}
          cancelled={cancelled}
          pending={install.isPending}
          onInstall={reinstall}
        />
      ) : null}
      {!appFailure && !cancelled && app.error && app.state !== 'running' ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {app.error.message}
        </p>
      ) : null}
      {/* A running app's own page is the first thing on offer, above menu and log at every width. */}
      {app.state === 'running' ? <WebView name={name} /> : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[18rem_1fr] lg:grid-rows-[auto_1fr] xl:grid-cols-[22rem_1fr]">
        <aside className="flex flex-col gap-4 lg:row-span-2">
          {/* Before the app's files arrive there is no launcher to offer a menu, no folder and nothing to launch. */}
          {noFiles ? null : (
            <section aria-labelledby="menu-heading" className={`${cardClass} flex flex-col gap-2`}>
              <h2 id="menu-heading" className="font-semibold">
                Menu
              </h2>
              {menu.length > 0 || app.menu.length === 0 ? (
                <MenuList items={menu} appName={name} appPort={app.port} onRun={onRun} />
              ) : null}
              {app.state === 'running' ? (
                <button
                  type="button"
                  className={buttonClass.secondary}
                  onClick={() => {
                    rpc('apps.stop', { name }).catch((e: Error) => setActionError(e.message));
                  }}
                >
                  Stop app
                </button>
              ) : null}
              <button type="button" className={buttonClass.secondary} onClick={openAppTerminal}>
                Shell in the app's folder
              </button>
            </section>
          )}
          <RunList runs={app.runs} menu={app.menu} shown={runId} onShow={setChosenRun} />
          {noFiles ? null : <LaunchOptionsPanel app={app} />}
          <DocumentTitle title={app.title} />
        </aside>
        {/* On a phone the aside comes first; an install under way or a question comes before the menu. */}
        <div
          className={`flex min-w-0 flex-col gap-4 ${logFirst ? 'order-first lg:order-none' : ''}`}
        >
          <DisplayView name={name} />
          {runId ? (
            <RunPanel
              key={runId}
              runId={runId}
              label={app.runs.find((r) => r.runId === runId)?.script}
              menu={app.menu}
              showFailure={appFailure?.runId !== runId}
              serving={runId === serving}
            />
          ) : (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">
              Nothing has run yet. Pick an item from the menu.
            </p>
          )}
        </div>
        {/* Below the log when wide; last on a phone, after the menu, whichever comes first there. */}
        <div className="flex min-w-0 flex-col gap-4 self-start lg:col-start-2">
          {/* One line tells what the last update did: an action in either remounts the other, clearing its outcome. */}
          <UpdateNotice
            key={noticeEpoch}
            name={app.name}
            state={app.state}
            activity={app.activity}
            commit={app.commit}
            rollBackBeside
            onAction={() => setMaintenanceEpoch((n) => n + 1)}
          />
          <DangerZone
            app={app}
            key={maintenanceEpoch}
            onAction={() => setNoticeEpoch((n) => n + 1)}
          />
        </div>
      </div>
    </div>
  );
}
