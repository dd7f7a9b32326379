import { createElement, type HTMLAttributes, type ReactNode } from 'react';

export interface PrivacyProps extends HTMLAttributes<HTMLElement> {
  /** The element to render. Default `div`; `span` inside text. */
  as?: keyof HTMLElementTagNameMap;
  children?: ReactNode;
}

/** Renders `as` with core's privacy attribute. No state, no hooks: fine in Server Components. */
export function privacyElement(attribute: string, { as = 'div', ...rest }: PrivacyProps) {
  return createElement(as, { ...rest, [attribute]: '' });
}
