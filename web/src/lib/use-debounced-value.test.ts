// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDebouncedValue } from './use-debounced-value';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useDebouncedValue', () => {
  it('returns the first value at once', () => {
    const { result } = renderHook(() => useDebouncedValue('a', 400));
    expect(result.current).toBe('a');
  });

  it('holds the last settled value while changes keep coming, then takes the latest after the pause', () => {
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 400), { initialProps: { value: 'a' } });
    for (const value of ['ab', 'abc', 'abcd']) {
      rerender({ value });
      act(() => void vi.advanceTimersByTime(300));
      expect(result.current).toBe('a');
    }
    act(() => void vi.advanceTimersByTime(99));
    expect(result.current).toBe('a');
    act(() => void vi.advanceTimersByTime(1));
    expect(result.current).toBe('abcd');
  });

  it('keeps a function value as a value', () => {
    const first = () => 1;
    const second = () => 2;
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 10), { initialProps: { value: first } });
    expect(result.current).toBe(first);
    rerender({ value: second });
    act(() => void vi.advanceTimersByTime(10));
    expect(result.current).toBe(second);
  });
});
