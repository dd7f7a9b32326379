import type { Recorder } from '@tapedeck/core';
import type { InjectionKey } from 'vue';

/** Where the plugin provides the recorder. */
export const recorderKey: InjectionKey<Recorder> = Symbol('tapedeck recorder');
