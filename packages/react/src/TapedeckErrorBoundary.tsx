'use client';
import type { Recorder } from '@tapedeck/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { RecorderContext } from './RecorderContext.js';

export interface TapedeckErrorBoundaryProps {
  /** Shown instead of the children after an error; a function gets the error and a reset. */
  fallback: ReactNode | ((error: unknown, reset: () => void) => ReactNode);
  children?: ReactNode;
}

/** Catches render errors below it, records each as `$exception` with the component stack. */
export class TapedeckErrorBoundary extends Component<
  TapedeckErrorBoundaryProps,
  { error: unknown }
> {
  static override contextType = RecorderContext;
  declare context: Recorder | null;
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    this.context?.captureException(error, { componentStack: info.componentStack ?? null });
  }

  reset = () => this.setState({ error: null });

  override render() {
    if (this.state.error === null) return this.props.children;
    const { fallback } = this.props;
    return typeof fallback === 'function' ? fallback(this.state.error, this.reset) : fallback;
  }
}
