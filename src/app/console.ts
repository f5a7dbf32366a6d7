import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Config } from '../core/config.ts';

export const consoleDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Serves the built web console at / and its runtime settings at /api/console-config. */
export function consoleRoutes(config: Config) {
  return async (app: FastifyInstance) => {
    app.get('/api/console-config', { schema: { tags: ['system'], summary: 'Settings the console needs before login', security: [] } }, async () => ({
      tileUrl: config.tileUrl ?? null,
    }));
    if (!existsSync(consoleDist)) {
      app.log.warn({ consoleDist }, 'web console not built: run npm run build:web');
      return;
    }
    await app.register(fastifyStatic, { root: consoleDist, prefix: '/', wildcard: false });
    // Client-side routes fall back to the console's index.html.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/') || request.url.startsWith('/open311/')) {
        return reply.callNotFound();
      }
      return reply.sendFile('index.html');
    });
  };
}
