// The engine's one door: everything the server may use.
export { Engine, type EngineOptions } from './engine';
export { EngineError, isEngineError, errorMessage } from './errors';
export type { EventBus } from './events';
export type { HomeLayout } from './home';
