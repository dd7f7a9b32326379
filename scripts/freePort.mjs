import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on now (for servers that must be given one). */
export const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
