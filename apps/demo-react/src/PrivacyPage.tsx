import { Block, Mask, Unmask } from '@tapedeck/react';
import { type MouseEvent, useState } from 'react';

/** A POST with a JSON or a form body (and a secret header). */
const post = (type: 'json' | 'form', fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: {
    Authorization: 'Bearer canary-authorization-header',
    ...(type === 'json' ? { 'Content-Type': 'application/json' } : {}),
  },
  body: type === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields),
});

/**
 * Logs a field and an object with a password, and posts bodies with passwords to the URL whose
 * bodies may be recorded (`networkBodyAllowUrls` in main.tsx) and to one whose may not. Both
 * answer 404 on a static server; the requests are what is recorded.
 */
function sendRequests(form: HTMLFormElement | null) {
  console.log(form?.elements.namedItem('name'), {
    user: 'control-console-user',
    password: 'canary-console-password',
  });
  const allowed = '/privacy-api/allowed.json';
  const other = '/privacy-api/other.json';
  return Promise.allSettled([
    fetch(allowed, post('json', { item: 'control-allowed-json', password: 'canary-allowed-json' })),
    fetch(allowed, post('form', { item: 'control-allowed-form', password: 'canary-allowed-form' })),
    fetch(other, post('json', { item: 'canary-other-json-item', password: 'canary-other-json' })),
    fetch(other, post('form', { item: 'canary-other-form-item', password: 'canary-other-form' })),
  ]);
}

/** A card that is clicked: its own text, masked and blocked text, and a contenteditable. */
function Card({ name }: { name: string }) {
  return (
    <div id={`${name}-card`} className="card">
      {`control-${name}-card `}
      <Mask as="span">{`canary-${name}-masked`}</Mask>{' '}
      <Block as="span">{`canary-${name}-blocked`}</Block>
      <div contentEditable suppressContentEditableWarning>
        {`canary-${name}-editable`}
      </div>
    </div>
  );
}

/**
 * The privacy check: every kind of field and the adapter's masking components, each holding a
 * `canary-…` string that must never reach the server, and the side doors around them: cards
 * that are rage-clicked and dead-clicked, links inside masked text, request bodies and console
 * arguments. `control-…` strings must arrive. The e2e test types more canaries in, and opens
 * the page with secrets in its query and fragment.
 */
export function PrivacyPage() {
  const [sent, setSent] = useState(false);
  const send = async (event: MouseEvent<HTMLButtonElement>) => {
    await sendRequests(event.currentTarget.form);
    setSent(true);
  };
  return (
    <form className="checkout" onSubmit={(e) => e.preventDefault()}>
      <h1>Privacy check</h1>
      <p>control-visible-string</p>
      <label>
        Name <input name="name" defaultValue="canary-preset-name" />
      </label>
      <label>
        Password <input name="password" type="password" />
      </label>
      <label>
        Notes <textarea name="notes" defaultValue="canary-preset-notes" />
      </label>
      <select aria-label="Plan" defaultValue="canary-plan-value">
        <option value="canary-plan-value">canary-plan-label</option>
      </select>
      <div contentEditable suppressContentEditableWarning>
        canary-editable
      </div>
      <Mask>
        <p>canary-masked-by-component</p>
      </Mask>
      <Block>
        <p>canary-blocked-by-component</p>
      </Block>
      <Mask as="section">
        <Unmask>
          <p>control-unmasked-string</p>
        </Unmask>
      </Mask>

      {/* Rage-clicked, then dead-clicked: what the signals say about them is their own text. */}
      <Card name="rage" />
      <Card name="dead" />

      <Mask as="p">
        canary-contact-text <a href="mailto:canary-mailto@example.com">Email us</a>,{' '}
        <a href="tel:canary-tel-4915112345678">call us</a> or{' '}
        <a href="/account/reset?customer=canary-link-customer&reset_token=canary-link-token">
          reset your password
        </a>
      </Mask>

      <button type="button" onClick={send}>
        Send requests
      </button>
      {sent && <p>requests: sent</p>}
    </form>
  );
}
