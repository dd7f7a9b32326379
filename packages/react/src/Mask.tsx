import { type PrivacyProps, privacyElement } from './privacyElement.js';

/** Its text (and text attributes) are recorded as stars. */
export function Mask(props: PrivacyProps) {
  return privacyElement('data-td-mask', props);
}
