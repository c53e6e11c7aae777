import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike } from './like';

describe('escapeLike', () => {
  it('takes %, _ and the backslash literally', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
  it('leaves other text alone, Chinese included', () => {
    expect(escapeLike('永松社区 助老-服务队')).toBe('永松社区 助老-服务队');
  });
  it('contains: the escaped text between two wildcards', () => {
    expect(containsPattern('5%')).toBe('%5\\%%');
  });
});
