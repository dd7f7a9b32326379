'use client';
import type { Recorder } from '@tapedeck/core';
import { createContext } from 'react';

/** The recorder of the nearest `<TapedeckProvider>`. */
export const RecorderContext = createContext<Recorder | null>(null);
