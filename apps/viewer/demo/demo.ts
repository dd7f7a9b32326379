import { createRecorder } from '@tapedeck/core';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main() {
  const { token } = (await (await fetch('/demo/config.json')).json()) as { token: string };
  const recorder = createRecorder({ host: window.location.origin, token });
  recorder.subscribe((state) => {
    $('status').textContent =
      `Recorder: ${state.status}${state.lastError ? ` (${state.lastError})` : ''}`;
  });
  recorder.start();
}

let added = 0;
$('add').addEventListener('click', () => {
  added += 1;
  const item = document.createElement('li');
  item.textContent = `Espresso beans #${added} added to the cart`;
  $('cart').append(item);
});

function show(step: string | null) {
  $('shop').hidden = step === 'checkout';
  $('checkout-page').hidden = step !== 'checkout';
}
$('checkout').addEventListener('click', () => {
  history.pushState({}, '', '?step=checkout');
  show('checkout');
});
$('back').addEventListener('click', () => history.back());
window.addEventListener('popstate', () => show(new URLSearchParams(location.search).get('step')));
show(new URLSearchParams(location.search).get('step'));

main().catch((error: unknown) => {
  $('status').textContent = `Recorder: could not start (${String(error)})`;
});
