'use client';
// Bind address and access: where Hangar listens, whether a login is needed, HTTPS, the owner password and log out.
import { useAuthStatus, useDoctor } from '@/lib/client/settings-queries';
import { buttonClass } from '../ui/button-styles';
import { PasswordForm } from './password-form';
import { AppIsolation } from './app-isolation';
import { SettingsSection } from './section';

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="contents">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="break-all">
        {value}
      </dd>
    </div>
  );
}

export function AccessPanel() {
  const auth = useAuthStatus();
  const doctor = useDoctor();
  const server = doctor.data?.server ?? null;
  const status = auth.data;
  const logout = status?.required ? (
    <form method="post" action="/_hangar/logout">
      <button type="submit" className={buttonClass.secondary}>
        Log out
      </button>
    </form>
  ) : null;
  return (
    <SettingsSection
      id="access"
      title="Bind address and access"
      description="Who can reach this Hangar. Start it with --host 0.0.0.0 to open it to your network; a login is then required."
      actions={logout}
    >
      {auth.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not read the access settings: {auth.error.message}
        </p>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        <Fact
          label="Listening on"
          value={server ? `${server.host}:${server.port}` : doctor.isLoading ? '…' : 'unknown'}
          testId="access-bind"
        />
        {status ? (
          <>
            <Fact
              label="Login required"
              value={status.required ? 'yes' : 'no (loopback only)'}
              testId="access-login"
            />
            <Fact
              label="Password"
              value={status.passwordSet ? 'set' : 'not set'}
              testId="access-password"
            />
            <Fact
              label="HTTPS"
              value={status.https ? 'yes' : 'no (plain HTTP)'}
              testId="access-https"
            />
          </>
        ) : null}
      </dl>
      {status ? <AppIsolation running={status.appOrigins} /> : null}
      {status ? (
        <PasswordForm passwordSet={status.passwordSet} loginRequired={status.required} />
      ) : null}
    </SettingsSection>
  );
}
