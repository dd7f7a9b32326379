import { Block, Mask, Unmask } from '@tapedeck/react';

/**
 * The privacy check: every kind of field and the adapter's masking components, each holding a
 * `canary-…` string that must never reach the server. The e2e test types more canaries in.
 */
export function PrivacyPage() {
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
    </form>
  );
}
