'use client';
// One terminal session in xterm (loaded on demand), fit to its box, restored from the server's screen on (re)attach.
import { useEffect, useRef, useState } from 'react';
import { attachTerminal, copyText, readClipboard } from '@/lib/client/terminal-client';
import { buttonClass } from '../ui/button-styles';

type XTerm = import('@xterm/xterm').Terminal;

export function TerminalView({ id }: { id: string }) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | null>(null);
  const send = useRef<(data: string) => void>(() => undefined);
  const [status, setStatus] = useState<string>('connecting');
  const [pasteBox, setPasteBox] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => undefined as void;
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ]);
      if (disposed || !box.current) return;
      const xterm = new Terminal({
        cursorBlink: true,
        fontSize: 13,
        scrollback: 5000,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
        theme: { background: '#09090b' },
      });
      const fit = new FitAddon();
      xterm.loadAddon(fit);
      xterm.open(box.current);
      term.current = xterm;
      const link = attachTerminal(id, {
        write: (data) => xterm.write(data),
        restore: (screen) => {
          xterm.reset();
          xterm.write(screen.data);
          setStatus('connected');
          fit.fit();
          link.resize(xterm.cols, xterm.rows);
        },
        exit: (code) => setStatus(`exited (${code ?? 'signal'})`),
        error: (message) => setStatus(message),
      });
      send.current = link.input;
      const onData = xterm.onData((data) => link.input(data));
      const onResize = xterm.onResize(({ cols, rows }) => link.resize(cols, rows));
      const observer = new ResizeObserver(() => {
        if (box.current && box.current.clientWidth > 0) fit.fit();
      });
      observer.observe(box.current);
      fit.fit();
      xterm.focus();
      cleanup = () => {
        observer.disconnect();
        onData.dispose();
        onResize.dispose();
        link.detach();
        xterm.dispose();
        term.current = null;
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [id]);

  const copy = async () => {
    const selection = term.current?.getSelection() ?? '';
    if (selection) await copyText(selection);
  };
  const paste = async () => {
    const text = await readClipboard();
    if (text === null) setPasteBox('');
    else send.current(text);
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span data-testid="terminal-status">{status}</span>
        <span className="flex-1" />
        <button type="button" className={buttonClass.ghost} onClick={() => void copy()}>
          Copy selection
        </button>
        <button type="button" className={buttonClass.ghost} onClick={() => void paste()}>
          Paste
        </button>
      </div>
      {pasteBox !== null ? (
        <form
          className="flex flex-col gap-1 sm:flex-row"
          onSubmit={(e) => {
            e.preventDefault();
            send.current(pasteBox);
            setPasteBox(null);
            term.current?.focus();
          }}
        >
          <label className="sr-only" htmlFor={`paste-${id}`}>
            Text to paste
          </label>
          <textarea
            id={`paste-${id}`}
            autoFocus
            rows={2}
            value={pasteBox}
            onChange={(e) => setPasteBox(e.target.value)}
            placeholder="The browser blocks clipboard reading here: paste with Ctrl+V into this box, then Send."
            className="flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
          />
          <button type="submit" className={buttonClass.primary}>
            Send
          </button>
          <button type="button" className={buttonClass.ghost} onClick={() => setPasteBox(null)}>
            Cancel
          </button>
        </form>
      ) : null}
      <div
        ref={box}
        data-testid="terminal"
        className="h-[60vh] min-h-64 w-full overflow-hidden rounded-md border border-zinc-300 bg-zinc-950 p-1 dark:border-zinc-700"
      />
    </div>
  );
}
