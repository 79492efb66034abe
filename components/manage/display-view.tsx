'use client';
// The app's virtual display (Xvfb) live in the page: noVNC over Hangar's own WebSocket, or how to enable it.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { rpc } from '../../lib/client/rpc';
import { displayPath } from '../../lib/shared/display';
import { buttonClass } from '../ui/button-styles';

export function DisplayView({ name }: { name: string }) {
  const { data } = useQuery({
    queryKey: ['apps.displays', name],
    queryFn: () => rpc('apps.displays', { name }),
    refetchInterval: 5000,
  });
  const [shown, setShown] = useState(false);
  if (!data || data.displays.length === 0) return null;
  if (!data.viewer)
    return (
      <p role="note" className="text-sm text-zinc-600 dark:text-zinc-400">
        This app draws on a virtual display (:{data.displays[0]}). To watch it here, install x11vnc
        on this machine (<code>{data.install}</code>) and reload the page.
      </p>
    );
  return (
    <section aria-label="Virtual display" className="flex flex-col gap-2">
      <div>
        <button
          type="button"
          aria-pressed={shown}
          className={buttonClass.secondary}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? 'Hide display' : 'Show display'}
        </button>
      </div>
      {shown ? <LiveDisplay name={name} /> : null}
    </section>
  );
}

function LiveDisplay({ name }: { name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState('connecting');
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    let closed = false;
    let rfb: { disconnect(): void } | null = null;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${window.location.host}${displayPath(name)}`;
    void import('@novnc/novnc')
      .then(({ default: RFB }) => {
        if (closed) return;
        const client = new RFB(target, url, { shared: true });
        client.scaleViewport = true;
        // The letterbox around a scaled screen matches the box, not noVNC's grey.
        client.background = '#000';
        client.addEventListener('connect', () => setStatus('connected'));
        client.addEventListener('disconnect', () => {
          rfb = null;
          setStatus('disconnected');
        });
        rfb = client;
      })
      .catch((error: Error) => setStatus(`failed: ${error.message}`));
    return () => {
      closed = true;
      rfb?.disconnect();
    };
  }, [name]);
  return (
    <div className="flex flex-col gap-1">
      <p
        role="status"
        data-display-status={status}
        className="text-xs text-zinc-500 dark:text-zinc-400"
      >
        Display {status}
      </p>
      <div
        ref={box}
        data-testid="display-screen"
        className="h-[70vh] w-full overflow-hidden rounded-md border border-zinc-300 bg-black dark:border-zinc-700"
      />
    </div>
  );
}
