import { describe, expect, it } from 'vitest';
import { safeNext } from './next-path';

describe('safeNext', () => {
  it('follows same-site paths', () => {
    expect(safeNext('/jobs?x=1')).toBe('/jobs?x=1');
  });
  it('refuses other origins, protocol-relative URLs and the sign-in page itself', () => {
    for (const bad of [undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login?next=/']) expect(safeNext(bad)).toBe('/');
  });
});
