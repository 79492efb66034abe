// Terminal sessions over JSON-RPC (open, list, close) and Socket.IO (attach with screen restore, input, resize, output).
import type { Params, Result } from '../shared/api';
import type { TerminalScreen } from '../shared/socket';
import { rpc } from './rpc';
import { emitWithAck, getSocket } from './socket';

export type { TerminalScreen };

export function openTerminal(options: Params<'terminals.open'>): Promise<Result<'terminals.open'>> {
  return rpc('terminals.open', options);
}

export function closeTerminal(id: string): Promise<Result<'terminals.close'>> {
  return rpc('terminals.close', { id });
}

export interface TerminalSink {
  write(data: string): void;
  exit(exitCode: number | null): void;
  /** Called with the screen snapshot on each (re)attach; the sink resets itself and writes it. */
  restore(screen: TerminalScreen): void;
  error(message: string): void;
}

/** Attaches to a session (again after every socket reconnect); returns input/resize senders and a detach. */
export function attachTerminal(id: string, sink: TerminalSink) {
  const socket = getSocket();
  let attached = false;
  const onData = (event: { id: string; data: string }) => {
    if (event.id === id && attached) sink.write(event.data);
  };
  const onExit = (event: { id: string; exitCode: number | null }) => {
    if (event.id === id) sink.exit(event.exitCode);
  };
  const attach = () => {
    attached = false;
    emitWithAck('terminal:attach', { id })
      .then((reply) => {
        if ('error' in reply) return sink.error(reply.error);
        sink.restore(reply.screen);
        attached = true;
      })
      .catch((error: unknown) =>
        sink.error(error instanceof Error ? error.message : String(error)),
      );
  };
  socket.on('terminal:data', onData);
  socket.on('terminal:exit', onExit);
  socket.on('connect', attach);
  if (socket.connected) attach();
  return {
    input: (data: string) => socket.emit('terminal:input', { id, data }),
    resize: (cols: number, rows: number) => socket.emit('terminal:resize', { id, cols, rows }),
    detach: () => {
      socket.off('terminal:data', onData);
      socket.off('terminal:exit', onExit);
      socket.off('connect', attach);
      socket.emit('terminal:detach', { id });
    },
  };
}

/** Copies text; falls back to a hidden textarea and execCommand when the Clipboard API is unavailable (plain HTTP). */
export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied: fall through to the textarea fallback.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  return ok;
}

/** Reads the clipboard when allowed; null means the caller should offer a paste box instead. */
export async function readClipboard(): Promise<string | null> {
  if (!navigator.clipboard?.readText || !window.isSecureContext) return null;
  try {
    return await navigator.clipboard.readText();
  } catch {
    // Permission denied: the caller shows the manual paste box.
    return null;
  }
}
