import { useCallback, useState } from 'react';
import { describeError } from '../../api/client';
import type { TestOutcome } from './types';

type TestState = Record<string, { pending: boolean; outcome?: TestOutcome }>;

/** Runs "test connection" per row and keeps each row's latest result. */
export function useConnectionTests(run: (id: string) => Promise<string>) {
  const [tests, setTests] = useState<TestState>({});
  const test = useCallback(
    async (id: string) => {
      setTests((t) => ({ ...t, [id]: { pending: true } }));
      try {
        const message = await run(id);
        setTests((t) => ({ ...t, [id]: { pending: false, outcome: { ok: true, message } } }));
      } catch (error) {
        setTests((t) => ({ ...t, [id]: { pending: false, outcome: { ok: false, message: describeError(error) } } }));
      }
    },
    [run],
  );
  return { tests, test };
}
