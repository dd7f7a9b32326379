import {
  type Collector,
  customsOf,
  eventsOf,
  startCollector,
  until,
} from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../createRecorder.js';
import { resolveConfig } from '../internal/resolveConfig.js';
import { describeElement } from '../lazy/describeElement.js';
import { Privacy } from '../lazy/privacy.js';
import type { Recorder } from '../Recorder.js';
import type { RecorderConfig } from '../types.js';
import { resetPage, startRecorder } from './record.js';

// Every secret is `canary-…`; one regex finds any that leaked.
const leaks = (text: string) => text.match(/canary[-\w@.]*/g);
const privacyOf = (options: Partial<RecorderConfig> = {}) =>
  new Privacy(resolveConfig({ host: 'http://x', token: 't', ...options }));

const CARD = `
  <div id="card" class="card">
    <h3>Order control-title</h3>
    <p class="td-mask">canary-masked-name</p>
    <p><span data-td-mask>canary-masked-span</span> control-after-mask</p>
    <div class="td-block">canary-blocked <b id="canary-inner-id">canary-blocked-child</b></div>
    <div contenteditable="true">canary-editable</div>
    <input value="canary-input"><textarea>canary-textarea</textarea>
    <select><option>canary-option</option></select>
    <script>/* canary-script */</script>
  </div>
  <div class="td-mask" id="links">
    <a id="mail" href="mailto:canary-mail@x.io" data-user="canary-data" aria-description="canary-aria">mail</a>
    <a id="tel" href="tel:+15550100">call</a>
    <a id="q" href="https://x.io/order?id=canary-query#canary-hash">order</a>
    <img id="img" src="https://x.io/i.png?u=canary-img" srcset="https://x.io/a.png?u=canary-a 2x">
  </div>
  <a id="reset" href="https://x.io/reset?reset_token=canary-link-token&page=control-page">reset</a>
`;

describe('element descriptions', () => {
  beforeEach(() => resetPage(CARD));

  it('say only the text the page records unmasked', () => {
    const { selector, text } = describeElement(document.getElementById('card')!, privacyOf());
    expect(selector).toBe('div#card');
    expect(text).toContain('control-title');
    expect(text).toContain('control-after-mask');
    expect(leaks(text)).toBeNull();
  });

  it('name a blocked element, not what is inside it', () => {
    const inner = document.getElementById('canary-inner-id')!;
    expect(describeElement(inner, privacyOf())).toEqual({
      selector: 'div#card > div',
      text: '',
    });
  });

  it("say no text under privacy: 'strict', only the selector", () => {
    const card = document.getElementById('card')!;
    expect(describeElement(card, privacyOf({ privacy: 'strict' }))).toEqual({
      selector: 'div#card',
      text: '',
    });
  });
});

describe('attributes and URLs', () => {
  beforeEach(() => resetPage(CARD));

  const attribute = (id: string, name: string, options: Partial<RecorderConfig> = {}) => {
    const element = document.getElementById(id)!;
    return privacyOf(options).maskAttribute(element, name, element.getAttribute(name)!);
  };

  it('masks URLs, data-* and aria-* inside masked text like the text', () => {
    expect(attribute('mail', 'href')).toMatch(/^mailto:\*+$/);
    expect(attribute('tel', 'href')).toMatch(/^tel:\*+$/);
    expect(attribute('q', 'href')).toBe('https://x.io/order');
    expect(attribute('img', 'src')).toBe('https://x.io/i.png');
    expect(attribute('img', 'srcset')).toBe('https://x.io/a.png 2x');
    expect(attribute('mail', 'data-user')).toMatch(/^\*+$/);
    expect(attribute('mail', 'aria-description')).toMatch(/^\*+$/);
  });

  it('redacts secret parameters of every URL, then applies maskUrl', () => {
    expect(attribute('reset', 'href')).toBe(
      'https://x.io/reset?reset_token=[redacted]&page=control-page',
    );
    expect(attribute('reset', 'href', { maskUrl: (url) => url.replace('x.io', 'host') })).toBe(
      'https://host/reset?reset_token=[redacted]&page=control-page',
    );
    const failing = privacyOf({
      maskUrl: () => {
        throw new Error('bug');
      },
    });
    expect(failing.maskUrl('https://x.io/?a=canary')).toBe('[redacted]');
  });
});

describe('the recorder sends no side-door secret', () => {
  let collector: Collector;
  let recorder: Recorder | undefined;

  beforeEach(async () => {
    resetPage(CARD);
    collector = await startCollector();
    recorder = undefined;
  });

  afterEach(async () => {
    recorder?.stop();
    await collector.close();
  });

  const sent = () => JSON.stringify(collector.chunks);
  // Waits for `what`, then for everything made before the call to have arrived.
  const stopAndCollect = async (what: (tags: string[]) => boolean) => {
    await until(() => what(customsOf(collector).map((c) => c.tag)), 'the events');
    recorder?.capture('control-done');
    await until(() => sent().includes('control-done'), 'everything before the check');
    recorder?.stop();
    recorder = undefined;
  };

  it('in page URLs, page views, links, signals, console and network', async () => {
    history.replaceState(
      {},
      '',
      '/reset?reset_token=canary-url-token&page=control-page#access_token=canary-fragment',
    );
    recorder = await startRecorder(collector, {
      recordConsole: true,
      recordNetwork: { recordHeaders: true, recordBody: true, networkBodyAllowUrls: ['/allowed'] },
    });
    history.pushState({}, '', '/next?code=canary-code&step=control-step');
    recorder.capture('$route', { path: '/next?code=canary-route-code&step=control-step' });
    const input = document.querySelector('input')!;
    console.log('see', input, { password: 'canary-console-password', note: 'control-note' });
    console.log(`${location.origin}/x?api_key=canary-console-url`);
    await fetch(`${collector.host}/allowed?session=canary-session`, {
      method: 'POST',
      body: JSON.stringify({ password: 'canary-json-password', item: 'control-item' }),
    }).catch(() => undefined);
    await fetch(`${collector.host}/other`, {
      method: 'POST',
      body: 'password=canary-form-password',
    }).catch(() => undefined);
    const card = document.getElementById('card')!;
    for (let i = 0; i < 3; i++) card.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await until(
      () => eventsOf(collector).some((e) => e.type === 6 && JSON.stringify(e).includes('/other')),
      'the requests',
    );
    await stopAndCollect((tags) => tags.includes('$rageclick'));

    const text = sent();
    expect(leaks(text)).toBeNull();
    for (const control of [
      'control-page',
      'control-step',
      'control-note',
      'control-item',
      'control-title',
    ])
      expect(text).toContain(control);
    expect(text).toContain('[redacted]');
    const rage = customsOf(collector).find((c) => c.tag === '$rageclick');
    expect(rage?.payload.selector).toBe('div#card');
  });

  it('on a page opened on a blocklisted URL: not its URL, not its DOM, not a U-turn', async () => {
    history.replaceState({}, '', '/account/settings?from=canary-blocked-url');
    recorder = await startRecorder(
      collector,
      { urlBlocklist: ['/account'] },
      (s) => s.status === 'paused',
    );
    history.pushState({}, '', '/shop');
    history.pushState({}, '', '/account/settings?again=canary-blocked-again');
    history.pushState({}, '', '/shop');
    await until(
      () => eventsOf(collector).some((e) => e.type === 2),
      'a full snapshot after leaving',
    );
    await stopAndCollect((tags) => tags.includes('$pageview'));
    const text = sent();
    expect(text).not.toContain('/account');
    expect(leaks(text)).toBeNull();
    expect(customsOf(collector).map((c) => c.tag)).not.toContain('$u_turn');
  });

  it('when the app renders a blocked page in its own popstate listener, or renders after leaving one', async () => {
    const main = document.getElementById('card')!;
    const render = () => {
      main.textContent = location.pathname.startsWith('/account')
        ? 'canary-account-page'
        : 'control-shop-page';
    };
    window.addEventListener('popstate', render); // the app listens before the recorder starts
    history.replaceState({}, '', '/shop');
    render();
    recorder = await startRecorder(collector, { urlBlocklist: ['/account'] });
    history.pushState({}, '', '/account');
    render();
    console.info(
      'DBG0',
      document.getElementById('card')?.textContent,
      recorder.getSnapshot().status,
    );
    history.pushState({}, '', '/shop'); // the app renders the next page a moment later
    console.info('DBG1', recorder.getSnapshot().status, JSON.stringify(collector.chunks).length);
    setTimeout(render, 0);
    await until(() => recorder!.getSnapshot().status === 'recording', 'recording again');
    history.pushState({}, '', '/account');
    history.back(); // popstate: back to /shop, rendered by the app before Tapedeck hears of it
    await until(() => location.pathname === '/shop', 'back');
    history.pushState({}, '', '/account2');
    history.back();
    await until(() => location.pathname === '/shop', 'back again');
    await until(() => recorder!.getSnapshot().status === 'recording', 'recording after it');
    recorder.capture('control-done');
    await until(() => sent().includes('control-done'), 'everything up to the last step');
    window.removeEventListener('popstate', render);
    console.info('DBG', sent().match(/.{80}(canary|control-shop)[-\w]*.{20}/g));
    expect(leaks(sent())).toBeNull();
  });

  it('forgets the chunks kept on the device for a later page load when the visitor opts out', () => {
    localStorage.setItem('td_tail:s/w/3', '["/s/", 1, "canary-kept"]');
    localStorage.setItem('unrelated', 'control-kept');
    createRecorder({ host: collector.host, token: 't', remoteConfig: false }).optOut();
    expect(leaks(JSON.stringify({ ...localStorage }))).toBeNull();
    expect(localStorage.getItem('unrelated')).toBe('control-kept');
  });

  it('while opted out: nothing stored, nothing sent, identify and capture included', async () => {
    recorder = createRecorder({
      host: collector.host,
      token: 't',
      optOutByDefault: true,
      remoteConfig: false,
    });
    recorder.start();
    recorder.identify('canary-person', { email: 'canary-mail' });
    recorder.capture('canary-event', { a: 'canary-prop' });
    recorder.captureException(new Error('canary-error'));
    const stored = JSON.stringify({ ...localStorage, ...sessionStorage });
    expect(leaks(stored)).toBeNull();
    expect(collector.chunks).toEqual([]);
    expect(collector.configRequests).toBe(0);
  });
});
