import { act } from '@testing-library/react';
import { vi } from 'vitest';

/**
 * For tests under vitest fake timers: lets pending promises, fake-timer callbacks due now and React updates
 * run, repeatedly, until `condition` holds (an event, not a sleep). Fails with `what` if it never does.
 */
export async function waitUntil(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (condition()) return;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
  }
  throw new Error(`waitUntil: ${what} never became true`);
}

/** Moves the fake clock forward by `ms`, running timers (the 1 s age tick) and React updates. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** Runs a "server side" action (socket push) inside act and lets its effects settle. */
export async function serverSide(action: () => void): Promise<void> {
  await act(async () => {
    action();
    await vi.advanceTimersByTimeAsync(0);
  });
}
