import { sendPrivacyRequests } from '@tapedeck/demo-style/privacy';
import { Block, Mask, Unmask } from '@tapedeck/react';
import { type MouseEvent, useState } from 'react';

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
    await sendPrivacyRequests(event.currentTarget.form);
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
