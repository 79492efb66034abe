// Typed event bus of the engine; the edges (sockets, CLI) subscribe to it.
import { EventEmitter } from 'node:events';
import type { EngineEventName, EngineEvents } from '../shared/events';

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
    const names: EngineEventName[] = [
      'run:log',
      'run:status',
      'run:step',
      'run:input',
      'run:htmlmodal',
      'run:shell-input',
      'run:notify',
      'run:web-open',
      'app:status',
      'download:progress',
      'terminal:data',
      'terminal:exit',
    ];
    const offs = names.map((name) => this.on(name, (payload) => listener(name, payload as never)));
    return () => offs.forEach((off) => off());
  }
}
