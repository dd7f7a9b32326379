import { createElement, type HTMLAttributes, type ReactElement, type ReactNode } from 'react';

export interface PrivacyProps extends HTMLAttributes<HTMLElement> {
  /** The element to render. Default `div`; `span` inside text. */
  as?: keyof HTMLElementTagNameMap;
  children?: ReactNode;
}

/**
 * Renders `as` with core's privacy attribute. No state, no hooks: fine in Server Components.
 * The return type is spelled out so the declarations name `ReactElement`, not every prop of
 * the installed `@types/react` (19's event handler types would break React 18's).
 */
export function privacyElement(
  attribute: string,
  { as = 'div', ...rest }: PrivacyProps,
): ReactElement {
  return createElement(as, { ...rest, [attribute]: '' });
}
