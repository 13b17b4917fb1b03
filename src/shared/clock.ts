/** Injected time source, so tests can move time (retention, JWT age). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
