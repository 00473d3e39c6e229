import { useEffect, useState } from 'react';

/**
 * `value` once it has stayed the same for `delayMs`: typing in a field asks the server once the user
 * pauses, not on every keystroke. The first value is returned at once. Compared with Object.is, so pass
 * a primitive (e.g. JSON) when the caller builds a new object on every render.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(() => value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(() => value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
