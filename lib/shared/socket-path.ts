// Where Hangar's Socket.IO lives (the root path /socket.io stays free for proxied apps).
export const SOCKET_PATH = '/_hangar/socket.io';
