import { setTimeout as delay } from 'node:timers/promises';

/** The current time in epoch milliseconds; injected so tests never wait for real time to pass. */
export type Clock = () => number;

/** Waits the given milliseconds; injected so tests can record waits instead of sitting through them. */
export type Sleep = (ms: number) => Promise<void>;

/** A number in [0, 1), as `Math.random` returns; injected so jitter is reproducible in tests. */
export type Random = () => number;

/** The wall clock. */
export const systemClock: Clock = () => Date.now();

/** A real timer-based wait. */
export const realSleep: Sleep = async (ms) => {
  await delay(ms);
};

/** `Math.random`. */
export const systemRandom: Random = () => Math.random();
