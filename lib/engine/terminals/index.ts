// Terminals: engine-owned pty sessions with screen restore for reconnecting clients.
export {
  TerminalManager,
  type TerminalInfo,
  type TerminalOpenOptions,
  type TerminalManagerOptions,
} from './terminal-manager';
export { Screen, type ScreenSnapshot } from './screen';
