'use client';
// Downloads from download:progress and the server's queue: each with its size, rate, ETA and state, and the
// actions its state allows (pause or resume, cancel, retry). A small badge at phone width until the user opens it;
// opened by a download starting, it folds back into the badge a while after the last one ends.
import { useEffect, useState } from 'react';
import { SM_UP } from '@/lib/client/breakpoints';
import { setDownloadsDock } from '@/lib/client/downloads-dock';
import {
  clearFinishedDownloads,
  currentDownloads,
  seedDownloads,
  useDownloads,
} from '@/lib/client/live-stores';
import { rpc } from '@/lib/client/rpc';
import { getSocket } from '@/lib/client/socket';
import { useElementHeight } from '@/lib/client/use-element-height';
import { useHeld } from '@/lib/client/use-held';
import { useMediaQuery } from '@/lib/client/use-media-query';
import type { DownloadProgressEvent } from '@/lib/shared/events';
import { DownloadItem, smallButtonClass } from './download-item';

const RUNNING = new Set(['queued', 'downloading', 'verifying']);
/** How long a panel that opened by itself stays open after its last download ends. */
export const FOLD_AFTER_MS = 5000;
/** The panel's margin from the window's bottom (Tailwind's 4) and a gap above it. */
const ROOM = 16 + 8;

export function DownloadsPanel() {
  const downloads = useDownloads();
  useEffect(() => {
    const load = () => {
      const asked = currentDownloads();
      void rpc('downloads.list').then(
        (records) => seedDownloads(records, Date.now(), asked),
        (error: unknown) => console.warn('The download queue could not be loaded', error),
      );
    };
    load();
    // Events sent before the socket was connected are lost: read the queue again once it is, and every few seconds
    // while a download moves, so one whose last event was lost does not show as moving for good.
    const socket = getSocket();
    socket.on('connect', load);
    const timer = setInterval(() => {
      if (currentDownloads().some((d) => RUNNING.has(d.state))) load();
    }, 3000);
    return () => {
      socket.off('connect', load);
      clearInterval(timer);
    };
  }, []);
  const active = count(downloads, (d) => RUNNING.has(d.state));
  const paused = count(downloads, (d) => d.state === 'paused');
  // Wide, it opens when a download starts and stays as the user left it otherwise (a cancel does not close it). At phone
  // width it is a small badge until tapped, so it never covers the page (an install's log) by itself: a panel that
  // opened by itself while wide folds back into the badge when the window narrows, and FOLD_AFTER_MS after its last
  // download ends unless the pointer or focus is in it. A panel the user opened stays open.
  const wide = useMediaQuery(SM_UP);
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? wide;
  const pending = active + paused;
  const [seen, setSeen] = useState(pending);
  const [ended, setEnded] = useState(false);
  if (pending !== seen) {
    setSeen(pending);
    setEnded(pending === 0);
    if (pending > seen && wide && chosen !== true) setChosen(null);
  }
  const [ref, height, element] = useElementHeight<HTMLDetailsElement>();
  const held = useHeld(element);
  const folding = chosen === null && wide && ended && !held;
  useEffect(() => {
    if (!folding) return;
    const timer = setTimeout(() => setChosen(false), FOLD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [folding]);
  useEffect(() => {
    setDownloadsDock(element ? { height, right: element.getBoundingClientRect().right } : null);
  }, [element, height]);
  useEffect(() => () => setDownloadsDock(null), []);
  if (downloads.length === 0) return null;
  const summary = [active > 0 ? `${active} active` : '', paused > 0 ? `${paused} paused` : '']
    .filter(Boolean)
    .join(', ');
  return (
    <>
      {/* Room at the page's end as tall as the panel and its margin, so the last of the page scrolls clear of it. */}
      <div aria-hidden style={{ height: height + ROOM }} data-testid="downloads-spacer" />
      <details
        ref={ref}
        open={open}
        data-testid="downloads-panel"
        data-collapsed={open ? undefined : 'true'}
        className={`fixed bottom-4 left-4 z-40 rounded-lg border border-zinc-200 bg-white text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900 ${open ? 'w-[min(28rem,calc(100vw-2rem))] p-3' : 'w-auto px-3 py-1.5'}`}
      >
        <summary
          className="cursor-pointer font-semibold"
          onClick={(event) => {
            // Opened and closed by state only: a native toggle racing a re-render could leave them apart.
            event.preventDefault();
            setChosen(!open);
          }}
        >
          Downloads {summary ? `(${summary})` : ''}
        </summary>
        <ul className="mt-2 flex max-h-[min(20rem,60vh)] flex-col divide-y divide-zinc-100 overflow-auto dark:divide-zinc-800">
          {downloads.map((d) => (
            <DownloadItem key={d.id} download={d} />
          ))}
        </ul>
        {active + paused < downloads.length ? (
          <button
            type="button"
            className={`${smallButtonClass} mt-2`}
            onClick={clearFinishedDownloads}
            title="Removes the downloads that are done, failed or cancelled from this list"
          >
            Clear ended
          </button>
        ) : null}
      </details>
    </>
  );
}

function count(list: DownloadProgressEvent[], test: (d: DownloadProgressEvent) => boolean): number {
  return list.filter(test).length;
}
