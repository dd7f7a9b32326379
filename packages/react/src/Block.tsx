import { Masking } from '@tapedeck/core';
import { type PrivacyProps, privacyElement } from './privacyElement.js';

/** Recorded as an empty box of the same size: nothing inside it is captured. */
export function Block(props: PrivacyProps) {
  return privacyElement(Masking.blockAttribute, props);
}
