import { Masking } from '@tapedeck/core';
import { type PrivacyProps, privacyElement } from './privacyElement.js';

/** Its text (and text attributes) are recorded as stars. */
export function Mask(props: PrivacyProps) {
  return privacyElement(Masking.maskAttribute, props);
}
