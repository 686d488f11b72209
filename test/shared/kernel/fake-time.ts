/** A clock that only moves when told to, and a sleep that records its waits and moves that clock instead. */
export interface FakeTime {
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly advance: (ms: number) => void;
  /** Every wait the code under test asked for, in order. */
  readonly sleeps: number[];
}

/** 2025-01-01T00:00:00Z, so ISO timestamps in assertions are easy to read. */
export const T0 = Date.UTC(2025, 0, 1);

/** A fresh fake clock starting at `start`. */
export const fakeTime = (start: number = T0): FakeTime => {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    sleeps,
  };
};
