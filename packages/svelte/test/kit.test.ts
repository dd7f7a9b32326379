import { createRecorder } from '@tapedeck/core';
import { describe, expect, it, vi } from 'vitest';
import { captureErrors, trackNavigation } from '../src/index.js';

describe('SvelteKit helpers', () => {
  const recorder = createRecorder({ host: 'http://127.0.0.1:1', token: 't', remoteConfig: false });

  it('records each navigation as $route', () => {
    const capture = vi.spyOn(recorder, 'capture');
    let callback: Parameters<Parameters<typeof trackNavigation>[0]>[0] = () => {};
    trackNavigation((cb) => {
      callback = cb;
    }, recorder);
    callback({
      to: { url: new URL('https://shop.example/cart?x=1'), route: { id: '/cart' } },
      type: 'link',
    });
    expect(capture).toHaveBeenCalledWith('$route', {
      path: '/cart?x=1',
      route: '/cart',
      type: 'link',
    });
  });

  it('records handleError errors as $exception and calls the app handler', () => {
    const exception = vi.spyOn(recorder, 'captureException');
    const own = vi.fn(() => ({ message: 'Sorry' }));
    const handle = captureErrors(recorder, own);
    const error = new Error('load failed');
    const input = {
      error,
      event: { route: { id: '/checkout' } },
      status: 500,
      message: 'Internal Error',
    };
    expect(handle(input)).toEqual({ message: 'Sorry' });
    expect(exception).toHaveBeenCalledWith(error, { route: '/checkout', status: 500 });
    expect(own).toHaveBeenCalledWith(input);
  });
});
