import { describe, expect, it } from 'vitest';
import { canonicalPath } from './basePath.ts';

describe('canonicalPath', () => {
  it('leaves the base itself alone', () => {
    expect(canonicalPath('/', '/')).toBeNull();
    expect(canonicalPath('/pipescope/', '/pipescope/')).toBeNull();
  });
  it('puts a deep link, index.html or a missing slash back to the base', () => {
    expect(canonicalPath('/index.html', '/')).toBe('/');
    expect(canonicalPath('/pipescope/old/link', '/pipescope/')).toBe('/pipescope/');
    expect(canonicalPath('/pipescope/index.html', '/pipescope/')).toBe('/pipescope/');
    expect(canonicalPath('/pipescope', '/pipescope/')).toBe('/pipescope/');
    expect(canonicalPath('/elsewhere', '/pipescope')).toBe('/pipescope/');
  });
  it('a relative base has no known root: nothing changes', () => {
    expect(canonicalPath('/a/b/index.html', './')).toBeNull();
    expect(canonicalPath('/a/b/', '')).toBeNull();
  });
});
