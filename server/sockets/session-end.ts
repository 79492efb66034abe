// A Socket.IO connection lives only as long as the login session it was opened with.
import type { AuthGate } from '../auth';
import { SESSION_ENDED_EVENT } from '../../lib/shared/socket';
import type { HangarSocket } from './typed-io';

/**
 * Disconnects the socket when its session ends (logout, password change, expiry), after telling the page
 * so it can go to the login page. A session that expired unnoticed is caught at the socket's next message,
 * before that message (terminal input, say) is handled.
 */
export function endWithSession(socket: HangarSocket, gate: AuthGate): void {
  const end = (): void => {
    socket.emit(SESSION_ENDED_EVENT);
    socket.disconnect(true);
  };
  const untie = gate.tieToSession(socket.request, end);
  if (untie === null) {
    // No session to tie to: the bearer token or an open gate, unless the session ended since the handshake.
    if (!gate.isAuthenticated(socket.request)) end();
    return;
  }
  socket.once('disconnect', untie);
  // When the check fails, the session's end has just disconnected the socket: the message is dropped unhandled.
  socket.use((_packet, next) => {
    if (gate.passesOnSession(socket.request)) next();
  });
}
