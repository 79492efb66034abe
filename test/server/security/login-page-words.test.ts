// The login page says where logging in leads back to in the navigation's words, and never echoes a path as markup.
import { describe, expect, it } from 'vitest';
import { loginPage, pageWords } from '../../../server/auth/login-page';

describe('the login page', () => {
  it.each([
    ['/', 'the Library'],
    ['/terminals?id=abc', 'Terminals'],
    ['/settings#cluster', 'Settings'],
    ['/manage/comfyui', 'the page of comfyui'],
    ['/manage/%3Cb%3E', '/manage/%3Cb%3E'],
    ['/apps/x/', '/apps/x/'],
  ])('%s leads back to %s', (next, words) => {
    expect(pageWords(next)).toBe(words);
  });

  it('escapes a path it names', () => {
    const html = loginPage({ next: '/<b>x</b>', passwordSet: true, ended: true });
    expect(html).toContain('go back to /&#60;b&#62;x&#60;/b&#62;.');
    expect(html).not.toContain('<b>x');
  });
});
