import { Masking } from '@tapedeck/core';
import { type PrivacyProps, privacyElement } from './privacyElement.js';

/** Its text is recorded as is, inside `<Mask>` or under `privacy: 'strict'`. */
export function Unmask(props: PrivacyProps) {
  return privacyElement(Masking.unmaskAttribute, props);
}
