// Console and network capture are off by default: their own chunk, loaded only when turned on.
export { captureConsole } from './consoleCapture.js';
export { captureNetwork } from './networkCapture.js';
