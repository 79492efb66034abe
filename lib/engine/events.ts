// Typed event bus of the engine; the edges (sockets, CLI) subscribe to it.
import { EventEmitter } from 'node:events';
import { ENGINE_EVENT_NAMES, type EngineEventName, type EngineEvents } from '../shared/events';

type Listener<K extends EngineEventName> = (payload: EngineEvents[K]) => void;

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  /** Subscribes and returns the function that unsubscribes. */
  on<K extends EngineEventName>(name: K, listener: Listener<K>): () => void {
    this.emitter.on(name, listener as (payload: unknown) => void);
    return () => this.emitter.off(name, listener as (payload: unknown) => void);
  }

  /** Subscribes to every event; the listener gets the name and payload. */
  onAny(
    listener: <K extends EngineEventName>(name: K, payload: EngineEvents[K]) => void,
  ): () => void {
    const offs = ENGINE_EVENT_NAMES.map((name) =>
      this.on(name, (payload) => listener(name, payload as never)),
    );
    return () => offs.forEach((off) => off());
  }
}
