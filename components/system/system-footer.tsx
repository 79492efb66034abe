'use client';
// Footer line with the running Hangar's version, platform, GPUs and home (system.info).
import { useSystemInfo } from '@/lib/client/queries';

export function SystemFooter() {
  const { data, error } = useSystemInfo();
  return (
    <footer className="border-t border-zinc-200 py-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
      <div className="mx-auto max-w-6xl px-4" data-testid="system-footer">
        {error ? (
          <span>Hangar server unreachable: {error.message}</span>
        ) : data ? (
          <span>
            Hangar {data.version} · Node {data.node} · {data.platform}/{data.arch} ·{' '}
            {data.gpus.length > 0 ? data.gpus.map((g) => g.model).join(', ') : 'no GPU detected'} ·
            home {data.home}
          </span>
        ) : (
          <span>Loading system info…</span>
        )}
      </div>
    </footer>
  );
}
