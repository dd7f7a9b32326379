import { describe, expect, it } from 'vitest';
import { redactUrl, sensitiveKeyMatcher } from '../redact.js';

describe('redactUrl', () => {
  it.each([
    [
      'https://a.io/reset?reset_token=abc&page=2',
      'https://a.io/reset?reset_token=[redacted]&page=2',
    ],
    [
      'https://a.io/cb#access_token=abc&token_type=bearer',
      'https://a.io/cb#access_token=[redacted]&token_type=[redacted]',
    ],
    [
      'https://a.io/#/login?code=xyz&next=%2Fhome',
      'https://a.io/#/login?code=[redacted]&next=%2Fhome',
    ],
    [
      '/img.png?X-Amz-Signature=f00&X-Amz-Credential=k&w=200',
      '/img.png?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&w=200',
    ],
    [
      'https://a.io/?apiKey=1&user_email=a%40b.c&sessionid=9&q=shoes',
      'https://a.io/?apiKey=[redacted]&user_email=[redacted]&sessionid=[redacted]&q=shoes',
    ],
    ['https://a.io/?pass%77ord=1', 'https://a.io/?pass%77ord=[redacted]'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves URLs without secret parameters as they are', () => {
    for (const url of [
      'https://a.io/path/token',
      'https://a.io/?q=token&page=2#section',
      'mailto:x',
    ])
      expect(redactUrl(url)).toBe(url);
  });

  it('takes another list of words', () => {
    expect(redactUrl('/?q=1&token=2', sensitiveKeyMatcher(['q']))).toBe('/?q=[redacted]&token=2');
  });
});

describe('sensitiveKeyMatcher', () => {
  const sensitive = sensitiveKeyMatcher();
  it.each(['password', 'newPassword', 'client_secret', 'X-Api-Key', 'authorization', 'otp', 'cvv'])(
    '%s is secret',
    (name) => expect(sensitive(name)).toBe(true),
  );
  it.each(['name', 'keyword', 'page', 'monkeys', 'username', 'amount'])('%s is not', (name) =>
    expect(sensitive(name)).toBe(false),
  );
});
