import { Block, Mask, Unmask } from '@tapedeck/next';

/**
 * The privacy check, rendered on the server: every kind of field and the masking components,
 * each holding a `canary-…` string that must never reach the Tapedeck server.
 */
export default function Privacy() {
  return (
    <form className="checkout">
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
